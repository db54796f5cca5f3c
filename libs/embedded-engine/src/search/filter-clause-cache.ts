import { DocSet, Explanation, Query, Searcher } from './types';

/**
 * Compound clauses in filter context (a bool's `filter` and `must_not`, a knn `filter`, a constant_score's filter, a
 * function's filter) cached per reader under their JSON text, OpenSearch's query cache in spirit (LRUQueryCache
 * keeps the matches of filter clauses per segment until the segment changes): the several queries of one feed
 * request share their hard filters, and each runs them once. Leaf clauses (term, terms, range, geo) have their own
 * keys (ConstantScoreMatches); only the compound ones that hold them are wrapped here.
 */
const COMPOUND_TYPES = new Set(['bool', 'function_score', 'constant_score', 'dis_max']);

/**
 * What would make the same text match differently from one request to the next: date math on `now` (resolved per
 * request), scripts and random scores. A clause whose text holds any of these words anywhere (even inside a value)
 * is not cached: a missed cache costs time, a wrong one would cost correctness.
 */
const VOLATILE = /now|script|random/;

/** The cache key of a clause in filter context, or undefined when it is not worth or not safe to cache. */
export function filterClauseKey(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const type = Object.keys(json)[0];
  if (!COMPOUND_TYPES.has(type)) return undefined;
  const text = JSON.stringify(json);
  return VOLATILE.test(text) ? undefined : `clause:${text}`;
}

/** A filter-context clause whose matches come from, and go to, the reader's filter cache. */
export class CachedFilterClause implements Query {
  constructor(
    private readonly key: string,
    private readonly inner: Query,
  ) {}

  execute(searcher: Searcher): DocSet {
    const cached = searcher.reader.cachedFilter(this.key);
    if (cached) return cached;
    const set = this.inner.execute(searcher);
    // a search that ran out of time may have stopped early: its partial matches are not the clause's
    if (!searcher.deadline?.timedOut) searcher.reader.cacheFilter(this.key, set);
    return set;
  }

  explain(searcher: Searcher, doc: number): Explanation {
    return this.inner.explain(searcher, doc);
  }

  /**
   * The cached matches when there are some; else, when the inner query can look at `within` alone, its matches
   * there (not cached: they are not the clause's); else the clause's own, cached.
   */
  executeWithin(searcher: Searcher, within: Uint8Array): DocSet {
    const cached = searcher.reader.cachedFilter(this.key);
    if (cached) return cached;
    return this.inner.executeWithin ? this.inner.executeWithin(searcher, within) : this.execute(searcher);
  }
}

/** `query` parsed from `json` in filter context, cached when its text allows. */
export function inFilterContext(json: unknown, query: Query): Query {
  const key = filterClauseKey(json);
  return key === undefined ? query : new CachedFilterClause(key, query);
}
