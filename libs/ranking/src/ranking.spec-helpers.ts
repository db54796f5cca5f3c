import type { Candidate, Query } from '@app/pipeline';

/** Shared fixtures of the ranking specs: items with an embedding, categories and a creation time. */

export interface TestItem {
  readonly embedding?: readonly number[];
  readonly categories: readonly string[];
  readonly createdAt?: string;
}

export interface TestContext {
  readonly params?: Readonly<Record<string, number>>;
  readonly usualCategories?: readonly string[];
  readonly now?: number;
  readonly seen?: ReadonlyMap<string, number>;
  readonly excluded?: ReadonlySet<string> | readonly ReadonlySet<string>[];
}

export function candidate(
  id: string,
  score: number,
  item: Partial<TestItem> = {},
  features: Record<string, number> = {},
): Candidate<TestItem> {
  return {
    id,
    item: { categories: [], ...item },
    sources: ['Test'],
    engineScore: score,
    score,
    features,
    explanation: { reasons: [], adjustments: [] },
  };
}

export function query(context: TestContext = {}, limit = 20): Query<TestContext> {
  return {
    requestId: 'r1',
    memberId: 'm1',
    context,
    limit,
    page: 1,
    seed: 42,
    servedCount: 0,
    explain: false,
  };
}

export const ids = (cs: readonly Candidate<unknown>[]): string[] => cs.map((c) => c.id);

export const reasonsOf = (cs: readonly Candidate<unknown>[]): Record<string, readonly string[]> =>
  Object.fromEntries(
    cs.filter((c) => c.explanation.reasons.length > 0).map((c) => [c.id, c.explanation.reasons]),
  );

/** A small deterministic generator (mulberry32), so that larger fixtures are the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
