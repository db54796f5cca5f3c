/**
 * `match_phrase` (MatchPhraseQueryBuilder → MatchQuery type PHRASE → Lucene PhraseQuery). A phrase scores with BM25
 * like a term, its idf the sum of its terms' idfs and its freq the phrase frequency: the number of exact matches, or
 * with `slop` the sum over sloppy matches of 1 / (1 + match length) (SloppyPhraseMatcher#sloppyWeight).
 */
import { isPlainObject } from '../../rest/json';
import { OpenSearchError } from '../../errors';
import { EMPTY_DOC_SET, indexOfDoc } from '../doc-sets';
import { TextPostings } from '../index-reader';
import { parsingError, readBoost } from '../parse-helpers';
import { Bm25Scorer, javaFloatString, weightExplanation } from '../scoring/bm25';
import { DocSet, Explanation, Query, QueryParser, Searcher } from '../types';
import { checkAnalyzer, fullTextFieldQuery, readZeroTerms, singleFieldBody } from './match';
import { liveDocFreq, noMatch } from './match-term';

/** Lucene's PhraseQuery over consecutive query positions 0..n-1 (what QueryBuilder#analyzePhrase builds). */
export class PhraseQuery implements Query {
  constructor(
    readonly field: string,
    readonly terms: readonly string[],
    readonly slop: number,
    readonly boost: number,
  ) {}

  /** PhraseQuery#toString: `field:"a b"~slop`. */
  toString(): string {
    return `${this.field}:"${this.terms.join(' ')}"${this.slop !== 0 ? `~${this.slop}` : ''}`;
  }

  private prepare(searcher: Searcher) {
    const column = searcher.reader.text(this.field);
    if (!column || column.docCount === 0) return undefined;
    const postings: TextPostings[] = [];
    for (const t of this.terms) {
      const p = column.postings(t);
      if (!p) return undefined;
      postings.push(p);
    }
    const docFreqs = postings.map((p) => liveDocFreq(searcher, p.docs));
    if (docFreqs.some((n) => n === 0)) return undefined;
    const sim = new Bm25Scorer(this.boost, column.docCount, column.sumTotalTermFreq, docFreqs);
    return { column, postings, sim };
  }

  /** The phrase frequency of every live document holding all the terms (0 when the positions do not line up). */
  private forEachCandidate(
    searcher: Searcher,
    postings: TextPostings[],
    visit: (doc: number, freq: number) => void,
  ): void {
    // Intersect the postings, smallest list first.
    const order = postings.map((_, i) => i).sort((a, b) => postings[a].docs.length - postings[b].docs.length);
    const lead = postings[order[0]];
    const cursors = new Int32Array(postings.length);
    const at = new Int32Array(postings.length);
    outer: for (let i = 0; i < lead.docs.length; i++) {
      const doc = lead.docs[i];
      if (!searcher.reader.isLive(doc)) continue;
      for (let k = 0; k < postings.length; k++) {
        const docs = postings[k].docs;
        let c = cursors[k];
        while (c < docs.length && docs[c] < doc) c++;
        cursors[k] = c;
        if (c >= docs.length) break outer;
        if (docs[c] !== doc) continue outer;
        at[k] = c;
      }
      const lists: Int32Array[] = postings.map((p, k) =>
        p.positions.subarray(p.positionStarts[at[k]], p.positionStarts[at[k]] + p.freqs[at[k]]),
      );
      const freq = this.slop === 0 ? exactPhraseFreq(lists) : sloppyPhraseFreq(this.terms, lists, this.slop);
      if (freq > 0) visit(doc, freq);
    }
  }

  execute(searcher: Searcher): DocSet {
    const p = this.prepare(searcher);
    if (!p) return EMPTY_DOC_SET;
    const docs: number[] = [];
    const scores: number[] = [];
    this.forEachCandidate(searcher, p.postings, (doc, freq) => {
      docs.push(doc);
      scores.push(p.sim.score(freq, p.column.norm(doc)));
    });
    return { docs: Int32Array.from(docs), scores: Float32Array.from(scores) };
  }

  /** PhraseWeight#explain: the freq is "phraseFreq=<freq>". */
  explain(searcher: Searcher, doc: number): Explanation {
    const p = this.prepare(searcher);
    if (!p) return noMatch('no matching terms');
    let found = -1;
    this.forEachCandidate(searcher, p.postings, (d, freq) => {
      if (d === doc) found = freq;
    });
    if (found < 0) {
      const inAll = p.postings.every((list) => indexOfDoc(list.docs, doc) >= 0);
      return noMatch(inAll ? 'no matching phrase' : 'no matching terms');
    }
    const freq: Explanation = {
      value: found,
      description: `phraseFreq=${javaFloatString(found)}`,
      details: [],
    };
    return weightExplanation(this.toString(), doc, p.sim.explain(freq, p.column.norm(doc)));
  }
}

/** ExactPhraseMatcher: every start position where term i sits at start + i, counted (overlaps included). */
function exactPhraseFreq(lists: Int32Array[]): number {
  const lead = lists[0];
  const cursors = new Int32Array(lists.length);
  let freq = 0;
  outer: for (let i = 0; i < lead.length; i++) {
    const start = lead[i];
    for (let k = 1; k < lists.length; k++) {
      const list = lists[k];
      const want = start + k;
      let c = cursors[k];
      while (c < list.length && list[c] < want) c++;
      cursors[k] = c;
      if (c >= list.length) break outer;
      if (list[c] !== want) continue outer;
    }
    freq++;
  }
  return freq;
}

/** SloppyPhraseMatcher's PhrasePositions: a term's positions in the document, shifted back by its query offset. */
interface PhrasePositions {
  readonly positions: Int32Array;
  readonly offset: number;
  readonly ord: number;
  next: number;
  count: number;
  position: number;
  rptGroup: number;
  rptInd: number;
}

/** PhrasePositions#nextPosition (`count--` as in Java: the count drops even when exhausted). */
function nextPosition(pp: PhrasePositions): boolean {
  if (pp.count-- > 0) {
    pp.position = pp.positions[pp.next++] - pp.offset;
    return true;
  }
  return false;
}

function firstPosition(pp: PhrasePositions): void {
  pp.count = pp.positions.length;
  pp.next = 0;
  nextPosition(pp);
}

/** PhraseQueue#lessThan: by position, then query offset, then ordinal. */
function lessThan(a: PhrasePositions, b: PhrasePositions): boolean {
  if (a.position !== b.position) return a.position < b.position;
  if (a.offset !== b.offset) return a.offset < b.offset;
  return a.ord < b.ord;
}

/**
 * SloppyPhraseMatcher (Lucene 10), match by match: the minimal-width windows holding every term within `slop` moves,
 * each contributing 1 / (1 + matchLength); repeated query terms handled by its repetition groups. The priority queue is
 * a linear scan (phrases are short), which pops the same element as Lucene's heap since the order is total.
 */
function sloppyPhraseFreq(terms: readonly string[], lists: Int32Array[], slop: number): number {
  const pps: PhrasePositions[] = lists.map((positions, i) => ({
    positions,
    offset: i,
    ord: i,
    next: 0,
    count: 0,
    position: 0,
    rptGroup: -1,
    rptInd: 0,
  }));
  // Repetition groups: query positions holding the same term, sorted by offset (SloppyPhraseMatcher#gatherRptGroups).
  const groups: PhrasePositions[][] = [];
  const byTerm = new Map<string, PhrasePositions[]>();
  pps.forEach((pp, i) => {
    const list = byTerm.get(terms[i]);
    if (list) list.push(pp);
    else byTerm.set(terms[i], [pp]);
  });
  for (const list of byTerm.values()) {
    if (list.length < 2) continue;
    list.forEach((pp, j) => {
      pp.rptGroup = groups.length;
      pp.rptInd = j;
    });
    groups.push(list);
  }
  const hasRpts = groups.length > 0;

  const queue = new Set<PhrasePositions>();
  const top = (): PhrasePositions => {
    let best: PhrasePositions | undefined;
    for (const pp of queue) if (!best || lessThan(pp, best)) best = pp;
    return best as PhrasePositions;
  };
  const pop = (): PhrasePositions => {
    const best = top();
    queue.delete(best);
    return best;
  };

  let end = -2147483648;
  const advancePP = (pp: PhrasePositions): boolean => {
    if (!nextPosition(pp)) return false;
    if (pp.position > end) end = pp.position;
    return true;
  };
  const tpPos = (pp: PhrasePositions) => pp.position + pp.offset;
  const collide = (pp: PhrasePositions): number => {
    const rg = groups[pp.rptGroup];
    const pos = tpPos(pp);
    for (const pp2 of rg) if (pp2 !== pp && tpPos(pp2) === pos) return pp2.rptInd;
    return -1;
  };
  const lesser = (a: PhrasePositions, b: PhrasePositions) =>
    a.position < b.position || (a.position === b.position && a.offset < b.offset) ? a : b;
  // SloppyPhraseMatcher#advanceRpts: resolve a collision of repeated terms by advancing the lesser one.
  const advanceRpts = (start: PhrasePositions): boolean => {
    if (start.rptGroup < 0) return true;
    const rg = groups[start.rptGroup];
    let pp = start;
    let k: number;
    while ((k = collide(pp)) >= 0) {
      pp = lesser(pp, rg[k]);
      if (!advancePP(pp)) return false;
    }
    return true;
  };

  // initPhrasePositions: first positions, repetition groups spread out (member j advanced j times), queue filled.
  for (const pp of pps) firstPosition(pp);
  if (hasRpts) {
    for (const rg of groups) {
      for (let j = 1; j < rg.length; j++) {
        for (let k = 0; k < j; k++) if (!nextPosition(rg[j])) return 0;
      }
    }
  }
  for (const pp of pps) {
    if (pp.position > end) end = pp.position;
    queue.add(pp);
  }

  let freq = 0;
  let positioned = true;
  // SloppyPhraseMatcher#nextMatch, repeated until exhausted; PhraseScorer sums the sloppy weights in float.
  while (positioned) {
    let pp = pop();
    let matchLength = end - pp.position;
    let next = top().position;
    let matched = false;
    while (advancePP(pp)) {
      if (hasRpts && !advanceRpts(pp)) break;
      if (pp.position > next) {
        queue.add(pp);
        if (matchLength <= slop) {
          matched = true;
          break;
        }
        pp = pop();
        next = top().position;
        matchLength = end - pp.position;
      } else {
        const matchLength2 = end - pp.position;
        if (matchLength2 < matchLength) matchLength = matchLength2;
      }
    }
    if (!matched) {
      positioned = false;
      if (matchLength > slop) break;
    }
    freq = Math.fround(freq + Math.fround(1 / Math.fround(1 + matchLength)));
  }
  return freq;
}

/** `match_phrase` (MatchPhraseQueryBuilder#fromXContent). */
export const matchPhraseQueryParser: QueryParser = (body, ctx) => {
  const [field, spec] = singleFieldBody('match_phrase', body);
  let value: unknown;
  let analyzer: string | undefined;
  let boost = 1;
  let slop = 0;
  let zeroTerms: 'none' | 'all' = 'none';
  if (isPlainObject(spec)) {
    for (const [key, v] of Object.entries(spec)) {
      if (Array.isArray(v) || isPlainObject(v)) {
        throw parsingError(
          `[match_phrase] unknown token [${Array.isArray(v) ? 'START_ARRAY' : 'START_OBJECT'}] after [${key}]`,
        );
      }
      switch (key) {
        case 'query':
          value = v;
          break;
        case 'analyzer':
          analyzer = String(v);
          break;
        case 'boost':
          boost = readBoost('match_phrase', v);
          break;
        case 'slop':
          slop = readSlop(v);
          break;
        case 'zero_terms_query':
          zeroTerms = readZeroTerms(v);
          break;
        case '_name':
          break;
        default:
          throw parsingError(`[match_phrase] query does not support [${key}]`);
      }
    }
  } else {
    value = spec;
  }
  if (value === null || value === undefined || field === undefined)
    throw parsingError('No text specified for text query');
  checkAnalyzer(ctx, 'match_phrase', analyzer);
  return fullTextFieldQuery(ctx, field, value, {
    type: 'phrase',
    occur: 'should',
    analyzer,
    slop,
    lenient: false,
    zeroTermsQuery: zeroTerms,
    boost,
    queryName: 'match_phrase',
  });
};

/** `slop`: an integer, not negative (MatchPhraseQueryBuilder#slop: "No negative slop allowed."). */
export function readSlop(v: unknown): number {
  const n = typeof v === 'string' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n))
    throw parsingError('[match_phrase] failed to parse field [slop]');
  if (n < 0) throw new OpenSearchError(400, 'illegal_argument_exception', 'No negative slop allowed.');
  return n;
}
