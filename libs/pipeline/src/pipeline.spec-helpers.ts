import type { PipelineSpec, SourceSpec } from './pipeline-spec';
import type { Candidate, FetchOptions, Query, Retrieved, Source } from './stages';

/** Shared fixtures of the pipeline specs: a tiny scenario whose items are titles. */

export interface TestContext {
  readonly quotas?: Readonly<Record<string, number>>;
  /** For sources that rank by the context (two rankers of one feed). */
  readonly ranking?: readonly string[];
}
export interface TestItem {
  readonly title: string;
}

export const SECRET = 'a test secret that is at least 32 bytes long';

export function hit(
  id: string,
  score: number,
  extra: Partial<Retrieved<TestItem>> = {},
): Retrieved<TestItem> {
  return { id, item: { title: `Item ${id}` }, score, ...extra };
}

/** `hits('a', 0.9, 'b', 0.5)`: ids and scores in pairs. */
export function hits(...pairs: (string | number)[]): Retrieved<TestItem>[] {
  const out: Retrieved<TestItem>[] = [];
  for (let i = 0; i < pairs.length; i += 2) out.push(hit(String(pairs[i]), Number(pairs[i + 1])));
  return out;
}

export function candidate(
  id: string,
  score: number,
  extra: Partial<Candidate<TestItem>> = {},
): Candidate<TestItem> {
  return {
    id,
    item: { title: `Item ${id}` },
    sources: ['Test'],
    engineScore: score,
    score,
    features: {},
    explanation: { reasons: [], adjustments: [] },
    ...extra,
  };
}

/** A source answering with a function of the query, remembering what it was called with. */
export class FakeSource implements Source<TestContext, TestItem> {
  readonly calls: { q: Query<TestContext>; options: FetchOptions }[] = [];
  constructor(
    readonly name: string,
    private readonly answer: (
      q: Query<TestContext>,
      options: FetchOptions,
    ) => readonly Retrieved<TestItem>[] | Promise<readonly Retrieved<TestItem>[]>,
  ) {}

  async fetch(q: Query<TestContext>, options: FetchOptions): Promise<readonly Retrieved<TestItem>[]> {
    this.calls.push({ q, options });
    return this.answer(q, options);
  }
}

/** A source that answers after `ms`, or rejects with the abort reason when its signal fires first. */
export function slowSource(name: string, ms: number, answer: Retrieved<TestItem>[] = []): FakeSource {
  return new FakeSource(
    name,
    (_q, { signal }) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => resolve(answer), ms);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason);
        });
      }),
  );
}

export function sourceSpec(
  source: Source<TestContext, TestItem>,
  extra: Partial<SourceSpec<TestContext, TestItem>> = {},
): SourceSpec<TestContext, TestItem> {
  return { source, quota: 100, timeoutMs: 1000, failOpen: false, ...extra };
}

export function testSpec(
  extra: Partial<PipelineSpec<TestContext, TestItem>> = {},
): PipelineSpec<TestContext, TestItem> {
  return {
    name: 'TestFeed',
    sources: [sourceSpec(new FakeSource('Main', () => hits('a', 0.9, 'b', 0.8)))],
    filters: [],
    rerankers: [],
    sideEffects: [],
    page: { defaultSize: 10, maxSize: 50 },
    ...extra,
  };
}
