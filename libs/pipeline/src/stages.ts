/**
 * The stage contracts (see STYLE.md, "The pipeline, sketched"). Sources, hydrators and side effects do I/O;
 * filters and re-rankers are pure functions over arrays.
 */

/**
 * What every stage sees of one request. Scenario data (member profile, signals, and the parameters resolved for
 * this request by `ParameterRegistry.resolve`) lives in `context`, so stages stay typed per scenario.
 */
export interface Query<C> {
  readonly requestId: string;
  readonly memberId: string;
  readonly context: C;
  /** Page size of this request. */
  readonly limit: number;
  /** 1-based page number within the feed. */
  readonly page: number;
  /** The same on every page of one feed: stages that shuffle or explore use it to stay stable while paging. */
  readonly seed: number;
  /** How many items earlier pages of this feed served (they are excluded again here); sources may fetch more. */
  readonly servedCount: number;
  readonly explain: boolean;
}

/** One hit as a source returns it; the runner turns hits into candidates and records which sources found them. */
export interface Retrieved<T> {
  readonly id: string;
  readonly item: T;
  /** The engine (first-pass) score. */
  readonly score: number;
  readonly features?: Readonly<Record<string, number>>;
  /** Human-readable reasons this source stands for, e.g. "Popular nearby this week". */
  readonly reasons?: readonly string[];
}

/** What one re-ranker did to one item; ranks are 1-based positions in the list before and after it. */
export interface Adjustment {
  readonly reranker: string;
  readonly scoreBefore: number;
  readonly scoreAfter: number;
  readonly scoreDelta: number;
  readonly rankBefore: number;
  readonly rankAfter: number;
}

export interface CandidateExplanation {
  /** Always kept: the API shows them to members ("Because you saved Museu X"). */
  readonly reasons: readonly string[];
  /** Filled by the runner only when the request asks for an explanation. */
  readonly adjustments: readonly Adjustment[];
}

export interface Candidate<T> {
  readonly id: string;
  readonly item: T;
  /** Names of every source that found it, in the order of the pipeline spec. */
  readonly sources: readonly string[];
  /** The engine score: the best first-pass score any source gave it. */
  readonly engineScore: number;
  /** The ranking score: the engine score as adjusted by re-rankers. */
  readonly score: number;
  readonly features: Readonly<Record<string, number>>;
  readonly explanation: CandidateExplanation;
}

export interface FetchOptions {
  /** Aborted when the source's time is up (or the request already failed): pass it on to the engine client. */
  readonly signal: AbortSignal;
  /** How many candidates the runner keeps from this source: ask the engine for this many. */
  readonly quota: number;
}

export interface Source<C, T> {
  readonly name: string;
  fetch(q: Query<C>, options: FetchOptions): Promise<readonly Retrieved<T>[]>;
}

export interface FilterResult<T> {
  readonly kept: readonly Candidate<T>[];
  readonly removed: readonly Candidate<T>[];
}

export interface Filter<C, T> {
  readonly name: string;
  /** Pure: every candidate comes back in `kept` or `removed`, in its original order. */
  split(q: Query<C>, candidates: readonly Candidate<T>[]): FilterResult<T>;
}

export interface Reranker<C, T> {
  readonly name: string;
  /** Pure and list-wise: returns the candidates in their new order, possibly fewer, never new or repeated ones. */
  rerank(q: Query<C>, candidates: readonly Candidate<T>[]): readonly Candidate<T>[];
}

export interface SideEffect<C, T> {
  readonly name: string;
  /** Runs after the response is sent; its errors are reported, never thrown at the caller. */
  afterServe(q: Query<C>, served: readonly Candidate<T>[]): Promise<void>;
}

/** A filter's split from a predicate, keeping the order of both halves. */
export function partition<T>(
  candidates: readonly Candidate<T>[],
  keep: (candidate: Candidate<T>) => boolean,
): FilterResult<T> {
  const kept: Candidate<T>[] = [];
  const removed: Candidate<T>[] = [];
  for (const candidate of candidates) (keep(candidate) ? kept : removed).push(candidate);
  return { kept, removed };
}

/** A copy with a new ranking score: re-rankers stay pure, and the runner can tell what changed. */
export function withScore<T>(candidate: Candidate<T>, score: number): Candidate<T> {
  return { ...candidate, score };
}

/** A copy with one more human-readable reason (a reason already given is not repeated). */
export function withReason<T>(candidate: Candidate<T>, reason: string): Candidate<T> {
  const { reasons } = candidate.explanation;
  if (reasons.includes(reason)) return candidate;
  return { ...candidate, explanation: { ...candidate.explanation, reasons: [...reasons, reason] } };
}
