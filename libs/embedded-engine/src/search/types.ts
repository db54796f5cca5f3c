import type { Mappings } from '../mapping/mappings';
import type { IndexReader } from './index-reader';

/** Lucene's Explanation, as `explain: true` shows it: `{value, description, details}`. */
export interface Explanation {
  value: number;
  description: string;
  details: Explanation[];
}

/**
 * The documents a query matches in one index, ascending by internal doc id, each with its score (float32, as Lucene
 * scores are). Queries that do not score (filters) fill scores with their constant.
 */
export interface DocSet {
  readonly docs: Int32Array;
  readonly scores: Float32Array;
}

/** What a query runs against: one index's refreshed view, and the request's clock (for `now` in date math). */
export interface Searcher {
  readonly reader: IndexReader;
  readonly mappings: Mappings;
  readonly indexName: string;
  /** Epoch millis at the start of the request; every `now` in the request resolves to it. */
  readonly now: number;
  /** The request's `timeout`, when it has one: long loops check it and stop early (partial results, `timed_out`). */
  readonly deadline?: SearchDeadline;
}

/**
 * A search's time budget (SearchContext's timeout, checked as Lucene's time-limiting collector does): scoring loops
 * poll it every few hundred documents; once passed, the search returns what it collected with `timed_out: true`.
 */
export class SearchDeadline {
  timedOut = false;

  constructor(private readonly at: number) {}

  /** True (and remembered) once the deadline has passed. */
  passed(): boolean {
    if (!this.timedOut && performance.now() > this.at) this.timedOut = true;
    return this.timedOut;
  }
}

/** How often (in documents) scoring loops poll the deadline. */
export const DEADLINE_CHECK_EVERY = 256;

/** A query compiled for one index (Lucene's Query + Weight, in one). */
export interface Query {
  /** Every live matching document with its score. */
  execute(searcher: Searcher): DocSet;
  /** The score breakdown of one matching document, as Lucene's Weight#explain gives it. */
  explain(searcher: Searcher, doc: number): Explanation;
  /**
   * The matches among the documents flagged 1 in `within` (a flag per doc id of the index) only (more are harmless:
   * callers keep the flagged ones), for a query that costs per document it looks at (a function_score computing its
   * functions per match, a bool holding one). Lucene gets the same from leap-frogging: a costly clause's scorer is
   * only advanced to the documents the others let through.
   */
  executeWithin?(searcher: Searcher, within: Uint8Array): DocSet;
}

/** Everything a query parser needs besides its own JSON. */
export interface QueryParseContext {
  /** Parses a nested query clause (`{"term": {...}}`), with the same context. */
  parseInner(json: unknown, where: string): Query;
  /** Parses a clause in filter context (its scores unused): the same query, its matches cached when it allows. */
  parseFilter(json: unknown, where: string): Query;
  readonly mappings: Mappings;
  readonly indexName: string;
  readonly now: number;
  /** Stored scripts, for scripts given by `id`. */
  readonly scripts?: { get(id: string): { lang: string; source: string } | undefined };
  /** The index's `index.knn.algo_param.ef_search` (knn's default beam width). */
  readonly knnEfSearch?: number;
}

/** Parses the body of one query type (what is under `{"<type>": ...}`), throwing OpenSearch's errors. */
export type QueryParser = (body: unknown, ctx: QueryParseContext) => Query;

export const EMPTY_DOC_SET: DocSet = { docs: new Int32Array(0), scores: new Float32Array(0) };
