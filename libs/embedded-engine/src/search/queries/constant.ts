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
  ) {}

  execute(searcher: Searcher): DocSet {
    const set = this.match(searcher);
    if (set.scores.length > 0 && set.scores[0] === this.boost) return set;
    return { docs: set.docs, scores: new Float32Array(set.docs.length).fill(this.boost) };
  }

  explain(_searcher: Searcher, _doc: number): Explanation {
    return constantExplanation(this.description, this.boost);
  }
}
