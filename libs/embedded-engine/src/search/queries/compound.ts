import { isPlainObject } from '../../rest/json';
import { boosted, EMPTY_DOC_SET, indexOfDoc } from '../doc-sets';
import { checkKeys, parsingError, queryObject, readBoost } from '../parse-helpers';
import { DocSet, Explanation, Query, QueryParser, Searcher } from '../types';
import { ConstantScoreMatches } from './constant';
import { MATCH_NONE } from './match-all';
import { minimumShouldMatch } from './minimum-should-match';
import { DisjunctionMaxQuery } from './match-term';

/** Explains a document that a query does not match. */
const noMatch = (description: string, details: Explanation[] = []): Explanation => ({
  value: 0,
  description,
  details,
});

function matches(set: DocSet, doc: number): number {
  return indexOfDoc(set.docs, doc);
}

/** `constant_score` (ConstantScoreQueryBuilder): the filter's documents, each scoring `boost`. */
export const constantScoreQueryParser: QueryParser = (body, ctx) => {
  const o = queryObject('constant_score', body);
  checkKeys('constant_score', o, ['filter', 'boost', '_name']);
  if (o.filter === undefined) throw parsingError("[constant_score] requires a 'filter' element");
  const filter = ctx.parseInner(o.filter, 'constant_score');
  const boost = readBoost('constant_score', o.boost);
  return new ConstantScoreMatches('ConstantScore(filter)', boost, (s) => filter.execute(s));
};

/** `dis_max` (DisjunctionMaxQuery): the best clause's score plus tie_breaker × the others'. */
export const disMaxQueryParser: QueryParser = (body, ctx) => {
  const o = queryObject('dis_max', body);
  checkKeys('dis_max', o, ['queries', 'tie_breaker', 'boost', '_name']);
  const list = Array.isArray(o.queries) ? o.queries : o.queries === undefined ? [] : [o.queries];
  if (list.length === 0) throw parsingError("[dis_max] requires 'queries' field with at least one clause");
  const queries = list.map((q) => ctx.parseInner(q, 'dis_max'));
  const tie = o.tie_breaker === undefined ? 0 : Math.fround(Number(o.tie_breaker));
  return withBoost(new DisjunctionMaxQuery(queries, tie), readBoost('dis_max', o.boost));
};

/**
 * Lucene's BoostQuery: the wrapped query's scores times the boost, in float (Lucene folds the boost into the weight,
 * which rounds the same within a float step).
 */
export function withBoost(query: Query, boost: number): Query {
  if (boost === 1) return query;
  return {
    execute: (searcher) => boosted(query.execute(searcher), boost),
    explain: (searcher, doc) => {
      const inner = query.explain(searcher, doc);
      return { ...inner, value: Math.fround(inner.value * boost) };
    },
  };
}

type Occur = 'must' | 'filter' | 'should' | 'must_not';
const OCCURS: Occur[] = ['must', 'filter', 'should', 'must_not'];

/**
 * `bool` (BoolQueryBuilder → Lucene BooleanQuery): must and should clauses add their scores (summed in double, then
 * float), filter and must_not only select; `minimum_should_match` over the should clauses; a bool of only must_not
 * clauses matches everything else with score 0; an empty bool is match_all.
 */
export const boolQueryParser: QueryParser = (body, ctx) => {
  const o = queryObject('bool', body);
  checkKeys('bool', o, [
    ...OCCURS,
    'minimum_should_match',
    'boost',
    '_name',
    'adjust_pure_negative',
    'disable_coord',
  ]);
  const clauses: Record<Occur, Query[]> = { must: [], filter: [], should: [], must_not: [] };
  for (const occur of OCCURS) {
    const value = o[occur];
    if (value === undefined) continue;
    const list = Array.isArray(value) ? value : [value];
    for (const clause of list) {
      if (!isPlainObject(clause))
        throw parsingError(`[bool] query malformed, no start_object after query name`);
      clauses[occur].push(ctx.parseInner(clause, 'bool'));
    }
  }
  // OpenSearch 3.x: constant-scoring range / geo_bounding_box / numeric term clauses in `must` act as filters.
  const must: Query[] = [];
  for (const q of clauses.must) {
    if (q instanceof ConstantScoreMatches && q.scoresAsFilterInMust) clauses.filter.push(q);
    else must.push(q);
  }
  clauses.must = must;
  const boost = readBoost('bool', o.boost);
  const total = OCCURS.reduce((n, k) => n + clauses[k].length, 0);
  if (total === 0) {
    return new ConstantScoreMatches('*:*', boost, (s) => ({
      docs: s.reader.liveDocs(),
      scores: new Float32Array(s.reader.liveCount).fill(boost),
    }));
  }
  const required = clauses.must.length + clauses.filter.length;
  let msm: number;
  if (o.minimum_should_match !== undefined && o.minimum_should_match !== null) {
    const spec = o.minimum_should_match;
    if (typeof spec !== 'string' && typeof spec !== 'number') {
      throw parsingError('[bool] failed to parse field [minimum_should_match]');
    }
    msm = minimumShouldMatch(spec, clauses.should.length);
  } else {
    msm = required === 0 && clauses.should.length > 0 ? 1 : 0;
  }
  if (msm > clauses.should.length) return MATCH_NONE;
  const pureNegative = required === 0 && clauses.should.length === 0;
  if (pureNegative && o.adjust_pure_negative === false) return MATCH_NONE;
  return new BoolQuery(clauses, msm, boost, pureNegative);
};

/** A Lucene BooleanQuery of scoring clauses (what `match` builds from its terms): must and should, summed. */
export function scoringBooleanQuery(must: Query[], should: Query[], minShouldMatch: number): Query {
  return new BoolQuery({ must, should, filter: [], must_not: [] }, minShouldMatch, 1, false);
}

class BoolQuery implements Query {
  constructor(
    private readonly clauses: Record<Occur, Query[]>,
    private readonly msm: number,
    private readonly boost: number,
    private readonly pureNegative: boolean,
  ) {}

  execute(searcher: Searcher): DocSet {
    const { reader } = searcher;
    if (this.clauses.should.length === 0 && this.clauses.must_not.length === 0 && this.msm === 0) {
      const required = [...this.clauses.must, ...this.clauses.filter];
      if (required.length > 0) return this.conjunction(searcher);
    }
    const maxDoc = reader.maxDoc;
    const requiredCount = new Uint16Array(maxDoc);
    const shouldCount = new Uint16Array(maxDoc);
    const sums = new Float64Array(maxDoc);
    const excluded = new Uint8Array(maxDoc);
    const required = this.clauses.must.length + this.clauses.filter.length;
    for (const q of this.clauses.must) {
      const set = q.execute(searcher);
      if (set.docs.length === 0) return EMPTY_DOC_SET;
      for (let i = 0; i < set.docs.length; i++) {
        requiredCount[set.docs[i]]++;
        sums[set.docs[i]] += set.scores[i];
      }
    }
    for (const q of this.clauses.filter) {
      const set = q.execute(searcher);
      if (set.docs.length === 0) return EMPTY_DOC_SET;
      for (let i = 0; i < set.docs.length; i++) requiredCount[set.docs[i]]++;
    }
    for (const q of this.clauses.should) {
      const set = q.execute(searcher);
      for (let i = 0; i < set.docs.length; i++) {
        shouldCount[set.docs[i]]++;
        sums[set.docs[i]] += set.scores[i];
      }
    }
    for (const q of this.clauses.must_not) {
      const set = q.execute(searcher);
      for (let i = 0; i < set.docs.length; i++) excluded[set.docs[i]] = 1;
    }
    const live = reader.liveDocs();
    const docs = new Int32Array(live.length);
    const scores = new Float32Array(live.length);
    let n = 0;
    for (let i = 0; i < live.length; i++) {
      const d = live[i];
      if (excluded[d]) continue;
      if (required > 0 ? requiredCount[d] !== required : !this.pureNegative && shouldCount[d] === 0) continue;
      if (shouldCount[d] < this.msm) continue;
      docs[n] = d;
      scores[n++] = Math.fround(Math.fround(sums[d]) * this.boost);
    }
    return { docs: docs.subarray(0, n), scores: scores.subarray(0, n) };
  }

  /**
   * Only required clauses (must, filter): the intersection of their sorted doc lists, smallest first, without
   * per-document counters; the score is the must clauses' scores summed in clause order, as the general path sums them.
   */
  private conjunction(searcher: Searcher): DocSet {
    const must = this.clauses.must.map((q) => q.execute(searcher));
    const filter = this.clauses.filter.map((q) => q.execute(searcher));
    const all = [...must, ...filter];
    if (all.some((set) => set.docs.length === 0)) return EMPTY_DOC_SET;
    const bySize = [...all].sort((a, b) => a.docs.length - b.docs.length);
    let docs = bySize[0].docs;
    for (let k = 1; k < bySize.length; k++) docs = intersectDocs(docs, bySize[k].docs);
    const { reader } = searcher;
    const out = new Int32Array(docs.length);
    let n = 0;
    for (let i = 0; i < docs.length; i++) if (reader.isLive(docs[i])) out[n++] = docs[i];
    docs = out.subarray(0, n);
    const sums = new Float64Array(n);
    for (const set of must) {
      let j = 0;
      for (let i = 0; i < n; i++) {
        while (set.docs[j] < docs[i]) j++;
        sums[i] += set.scores[j];
      }
    }
    const scores = new Float32Array(n);
    for (let i = 0; i < n; i++) scores[i] = Math.fround(Math.fround(sums[i]) * this.boost);
    return { docs, scores };
  }

  /** BooleanWeight#explain. */
  explain(searcher: Searcher, doc: number): Explanation {
    const details: Explanation[] = [];
    const add = (occur: Occur, q: Query) => {
      const set = q.execute(searcher);
      if (matches(set, doc) < 0) return;
      const e = q.explain(searcher, doc);
      if (occur === 'must' || occur === 'should') {
        details.push(e);
      } else if (occur === 'filter') {
        details.push({
          value: 0,
          description: 'match on required clause, product of:',
          details: [{ value: 0, description: '# clause', details: [] }, e],
        });
      } else {
        details.push(noMatch('match on prohibited clause', [e]));
      }
    };
    for (const occur of OCCURS) for (const q of this.clauses[occur]) add(occur, q);
    const set = this.execute(searcher);
    const i = matches(set, doc);
    if (i < 0) return noMatch('Failure to meet condition(s) of required/prohibited clause(s)', details);
    return { value: set.scores[i], description: 'sum of:', details };
  }
}

/** The docs in both ascending lists. */
function intersectDocs(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(Math.min(a.length, b.length));
  let n = 0;
  let j = 0;
  for (let i = 0; i < a.length && j < b.length; i++) {
    const d = a[i];
    while (j < b.length && b[j] < d) j++;
    if (j < b.length && b[j] === d) out[n++] = d;
  }
  return out.subarray(0, n);
}
