import { isPlainObject } from '../../rest/json';
import {
  advanceTo,
  boosted,
  docFlags,
  EMPTY_DOC_SET,
  indexOfDoc,
  intersectDocs,
  unionDocs,
} from '../doc-sets';
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
  const filter = ctx.parseFilter(o.filter, 'constant_score');
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
      const inFilterContext = occur === 'filter' || occur === 'must_not';
      clauses[occur].push(inFilterContext ? ctx.parseFilter(clause, 'bool') : ctx.parseInner(clause, 'bool'));
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
  return new BoolQuery(clauses, msm, boost);
};

/** A Lucene BooleanQuery of scoring clauses (what `match` builds from its terms): must and should, summed. */
export function scoringBooleanQuery(must: Query[], should: Query[], minShouldMatch: number): Query {
  return new BoolQuery({ must, should, filter: [], must_not: [] }, minShouldMatch, 1);
}

/** Candidates at least 1/16 of the index: prohibited docs are then struck out in a flag per doc id. */
const DENSE_CANDIDATES = 16;

class BoolQuery implements Query {
  constructor(
    private readonly clauses: Record<Occur, Query[]>,
    private readonly msm: number,
    private readonly boost: number,
  ) {}

  execute(searcher: Searcher): DocSet {
    return this.run(searcher, undefined);
  }

  /** The matches among the docs flagged in `within` only: every clause that can is shown no more than those. */
  executeWithin(searcher: Searcher, within: Uint8Array): DocSet {
    return this.run(searcher, within);
  }

  /**
   * The candidates first: the intersection of the required clauses; else the union of the should clauses; else, for
   * a pure negative bool, every live document; restricted to `within` when given. A required clause that costs per
   * document it looks at (executeWithin: a function_score, a bool holding one) runs after the others and is shown
   * only the docs they let through when those are few (or `within` was given), as Lucene's conjunction advances its
   * costly clauses to the cheapest one's docs only. Then each clause's list is walked against the candidates in
   * clause order: must and should scores summed per document in double (must clauses first, then should), should
   * matches counted for `minimum_should_match`, must_not matches struck out. Lists are merged with galloping, so a
   * short candidate list costs little against a long clause list, and nothing is sized by the whole index unless the
   * candidates are many.
   */
  private run(searcher: Searcher, within: Uint8Array | undefined): DocSet {
    const { reader } = searcher;
    const { must, filter, should, must_not: mustNot } = this.clauses;
    const requiredQueries = [...must, ...filter];
    const requiredSets: DocSet[] = new Array<DocSet>(requiredQueries.length);
    // the clauses that need not look at every doc wait; the others run in clause order, stopping at the first that
    // matches nothing
    const deferred: number[] = [];
    for (let k = 0; k < requiredQueries.length; k++) {
      const q = requiredQueries[k];
      if (q.executeWithin) {
        deferred.push(k);
        continue;
      }
      const set = q.execute(searcher);
      if (set.docs.length === 0) return EMPTY_DOC_SET;
      requiredSets[k] = set;
    }
    let candidates: Int32Array | undefined;
    const bySize = requiredSets
      .filter((set) => set !== undefined)
      .sort((a, b) => a.docs.length - b.docs.length);
    if (bySize.length > 0) {
      candidates = bySize[0].docs;
      for (let k = 1; k < bySize.length; k++) candidates = intersectDocs(candidates, bySize[k].docs);
      if (within) candidates = flaggedDocs(candidates, within);
    }
    // the flags a costly clause is shown: the candidates so far when few (or when the caller asked for `within`),
    // else `within` itself, else none (the clause runs over all its matches, and may be cached whole)
    const restriction = (): Uint8Array | undefined => {
      if (candidates && (within || candidates.length * DENSE_CANDIDATES <= reader.maxDoc)) {
        return docFlags(candidates, reader.maxDoc);
      }
      return candidates ? undefined : within;
    };
    for (const k of deferred) {
      const flags = restriction();
      const set = flags
        ? requiredQueries[k].executeWithin!(searcher, flags)
        : requiredQueries[k].execute(searcher);
      if (set.docs.length === 0) return EMPTY_DOC_SET;
      requiredSets[k] = set;
      candidates = candidates
        ? intersectDocs(candidates, set.docs)
        : within
          ? flaggedDocs(set.docs, within)
          : set.docs;
    }
    const mustSets = requiredSets.slice(0, must.length);
    const shouldFlags = should.some((q) => q.executeWithin) ? restriction() : undefined;
    const shouldSets = should.map((q) =>
      shouldFlags && q.executeWithin ? q.executeWithin(searcher, shouldFlags) : q.execute(searcher),
    );
    if (!candidates) {
      if (shouldSets.length > 0) {
        candidates = unionDocs(
          shouldSets.map((set) => set.docs),
          reader.maxDoc,
        );
      } else {
        candidates = reader.liveDocs(); // pure negative: everything not excluded, scoring 0
      }
      if (within) candidates = flaggedDocs(candidates, within);
    }
    // The loops over the candidates below add flags rather than branch on them: which candidates a clause keeps
    // follows no pattern a branch predictor could learn, and a mispredicted branch per candidate made these loops a
    // large share of a filter over tens of thousands of documents (a profile of the networking hard filter).
    const n = candidates.length;
    const keep = new Uint8Array(n);
    const live = reader.liveFlags();
    for (let i = 0; i < n; i++) keep[i] = live[candidates[i]];
    if (mustNot.length > 0) {
      if (n * DENSE_CANDIDATES >= reader.maxDoc) {
        // Many candidates: struck out in a flag per doc id, one write per prohibited doc; a clause that costs per
        // document it looks at (executeWithin) is shown the candidates still kept only.
        const kept = new Uint8Array(reader.maxDoc);
        for (let i = 0; i < n; i++) kept[candidates[i]] = keep[i];
        for (const q of mustNot) {
          const { docs } = q.executeWithin ? q.executeWithin(searcher, kept) : q.execute(searcher);
          for (let j = 0; j < docs.length; j++) kept[docs[j]] = 0;
        }
        for (let i = 0; i < n; i++) keep[i] = kept[candidates[i]];
      } else {
        // few: each prohibited list walked against them (a costly clause shown the candidates only)
        let flags: Uint8Array | undefined;
        for (const q of mustNot) {
          let set: DocSet;
          if (q.executeWithin) {
            flags ??= docFlags(candidates, reader.maxDoc);
            set = q.executeWithin(searcher, flags);
          } else {
            set = q.execute(searcher);
          }
          forEachShared(candidates, set.docs, (i) => {
            keep[i] = 0;
          });
        }
      }
    }
    // filter-only bools score 0 × boost: no sums to keep
    const sums = mustSets.length + shouldSets.length > 0 ? new Float64Array(n) : undefined;
    for (const set of mustSets) {
      let j = 0;
      for (let i = 0; i < n; i++) {
        j = advanceTo(set.docs, j, candidates[i]);
        sums![i] += set.scores[j]; // every candidate is in every required list
      }
    }
    if (shouldSets.length > 0) {
      const shouldCount = new Uint16Array(n);
      for (const set of shouldSets) {
        forEachShared(candidates, set.docs, (i, j) => {
          shouldCount[i]++;
          sums![i] += set.scores[j];
        });
      }
      for (let i = 0; i < n; i++) if (shouldCount[i] < this.msm) keep[i] = 0;
    }
    const docs = keptDocs(candidates, keep);
    const kept = docs.length;
    const scores = new Float32Array(kept);
    if (sums) {
      // each candidate's score goes to the next free slot, which only a kept one takes (a write past the end of
      // the typed array, after the last kept one, is dropped)
      for (let i = 0, k = 0; i < n; i++) {
        scores[k] = Math.fround(Math.fround(sums[i]) * this.boost);
        k += keep[i];
      }
    }
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

/** The docs of an ascending list flagged 1 in `flags` (a flag per doc id), without a branch per doc. */
function flaggedDocs(docs: Int32Array, flags: Uint8Array): Int32Array {
  const out = new Int32Array(docs.length + 1);
  let n = 0;
  for (let i = 0; i < docs.length; i++) {
    out[n] = docs[i];
    n += flags[docs[i]];
  }
  return out.subarray(0, n);
}

/** The candidates whose `keep` flag (0 or 1) is set; without a branch per candidate (see BoolQuery#run). */
function keptDocs(candidates: Int32Array, keep: Uint8Array): Int32Array {
  // one slot more: each candidate is written at the next free slot, which only a kept one takes
  const out = new Int32Array(candidates.length + 1);
  let n = 0;
  for (let i = 0; i < candidates.length; i++) {
    out[n] = candidates[i];
    n += keep[i];
  }
  return out.subarray(0, n);
}

/**
 * Calls `found(i, j)` for each doc in both ascending lists (`candidates[i] === docs[j]`), walking the shorter list and
 * galloping through the longer one.
 */
function forEachShared(
  candidates: Int32Array,
  docs: Int32Array,
  found: (i: number, j: number) => void,
): void {
  if (docs.length < candidates.length) {
    let i = 0;
    for (let j = 0; j < docs.length && i < candidates.length; j++) {
      i = advanceTo(candidates, i, docs[j]);
      if (candidates[i] === docs[j]) found(i, j);
    }
  } else {
    let j = 0;
    for (let i = 0; i < candidates.length && j < docs.length; i++) {
      j = advanceTo(docs, j, candidates[i]);
      if (docs[j] === candidates[i]) found(i, j);
    }
  }
}
