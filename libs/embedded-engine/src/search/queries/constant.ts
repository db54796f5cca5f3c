import { Explanation, Query, Searcher, DocSet } from '../types';

/** Lucene's ConstantScoreWeight#explain: the query's text, `^boost` when the score is not 1. */
export function constantExplanation(description: string, score: number): Explanation {
  return {
    value: score,
    description: score === 1 ? description : `${description}^${javaFloatText(score)}`,
    details: [],
  };
}

function javaFloatText(value: number): string {
  const text = String(Math.fround(value));
  return text.includes('.') || text.includes('e') ? text : `${text}.0`;
}

/**
 * A query whose matches all score the same (term-level queries on non-text fields, filters, `constant_score`):
 * `match` lists the matching live documents; each scores `boost`.
 */
export class ConstantScoreMatches implements Query {
  constructor(
    readonly description: string,
    private readonly boost: number,
    private readonly match: (searcher: Searcher) => DocSet,
    /**
     * OpenSearch 3.x moves such a query from a bool's `must` to its `filter` (range, geo_bounding_box, and term-level
     * queries on numeric fields: BoolQueryBuilder's must-to-filter rewrite), so it stops adding to the score there.
     */
    readonly scoresAsFilterInMust = false,
    /**
     * When set, what the query matches is fully determined by this key (field and resolved values), so the matches
     * are kept in the reader's filter cache until the next refresh (OpenSearch's query cache).
     */
    private readonly cacheKey?: string,
  ) {}

  execute(searcher: Searcher): DocSet {
    const key = this.cacheKey === undefined ? undefined : `${this.cacheKey}^${this.boost}`;
    const cached = key === undefined ? undefined : searcher.reader.cachedFilter(key);
    if (cached) return cached;
    const matched = this.match(searcher);
    const set =
      matched.scores.length > 0 && matched.scores[0] === this.boost
        ? matched
        : { docs: matched.docs, scores: new Float32Array(matched.docs.length).fill(this.boost) };
    if (key !== undefined) searcher.reader.cacheFilter(key, set);
    return set;
  }

  explain(_searcher: Searcher, _doc: number): Explanation {
    return constantExplanation(this.description, this.boost);
  }
}
