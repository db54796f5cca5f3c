import type { Adjustment, Candidate } from './stages';

/**
 * What the runner records. The trace (timings and counts) is cheap and kept for every request, for logs and
 * metrics; removed ids, re-ranker adjustments and the per-item explanation are built only with `explain`.
 */

export type SourceStatus = 'ok' | 'skipped' | 'failed' | 'timedOut';

export interface SourceRecord {
  readonly name: string;
  readonly status: SourceStatus;
  readonly failOpen: boolean;
  readonly quota: number;
  /** Hits the source returned. */
  readonly fetched: number;
  /** Hits kept after the quota. */
  readonly kept: number;
  readonly ms: number;
  readonly error?: string;
}

/** fetch: all sources (wall clock); merge: by id; filter and reranker: one stage each; page: the cut. */
export type StepKind = 'fetch' | 'merge' | 'filter' | 'reranker' | 'page';

export interface StepRecord {
  readonly kind: StepKind;
  readonly name: string;
  readonly ms: number;
  readonly countIn: number;
  readonly countOut: number;
  /** countIn − countOut: cut by quotas, merged as duplicates, filtered, dropped by a re-ranker, or left for later pages. */
  readonly removed: number;
  /** With explain, for filters and re-rankers: which ids were removed. */
  readonly removedIds?: readonly string[];
}

export interface PipelineTrace {
  readonly pipeline: string;
  readonly requestId: string;
  readonly page: number;
  readonly totalMs: number;
  readonly sources: readonly SourceRecord[];
  /** In execution order. */
  readonly steps: readonly StepRecord[];
  /** Sources dropped because they failed or timed out (fail open). */
  readonly failedSources: readonly string[];
}

/** Features are left out on purpose: some (a distance, a private preference) must never reach a member. */
export interface ItemExplanation {
  readonly id: string;
  /** 1-based position in the whole feed (earlier pages included). */
  readonly position: number;
  readonly sources: readonly string[];
  readonly engineScore: number;
  readonly score: number;
  /** One per re-ranker, in order: engineScore plus the scoreDeltas is score. */
  readonly adjustments: readonly Adjustment[];
  readonly reasons: readonly string[];
}

export interface Explanation {
  readonly items: readonly ItemExplanation[];
  readonly request: PipelineTrace;
}

/** Milliseconds rounded to the microsecond: enough for a latency split, short in JSON. */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** The re-ranker's output with one adjustment added to each item: its score and rank before and after. */
export function recordAdjustments<T>(
  reranker: string,
  before: readonly Candidate<T>[],
  after: readonly Candidate<T>[],
): Candidate<T>[] {
  const rankBefore = new Map<string, number>();
  before.forEach((c, i) => rankBefore.set(c.id, i));
  return after.map((c, i) => {
    const rank = rankBefore.get(c.id) ?? i;
    const previous = before[rank]?.score ?? c.score;
    const adjustment: Adjustment = {
      reranker,
      scoreBefore: previous,
      scoreAfter: c.score,
      scoreDelta: c.score - previous,
      rankBefore: rank + 1,
      rankAfter: i + 1,
    };
    return {
      ...c,
      explanation: { ...c.explanation, adjustments: [...c.explanation.adjustments, adjustment] },
    };
  });
}

/** The explanation of a served page. `servedBefore` is how many items earlier pages of the feed served. */
export function explain<T>(
  served: readonly Candidate<T>[],
  servedBefore: number,
  trace: PipelineTrace,
): Explanation {
  return {
    items: served.map((c, i) => ({
      id: c.id,
      position: servedBefore + i + 1,
      sources: c.sources,
      engineScore: c.engineScore,
      score: c.score,
      adjustments: c.explanation.adjustments,
      reasons: c.explanation.reasons,
    })),
    request: trace,
  };
}
