/**
 * The Lucene queries a full-text query compiles to: TermQuery scored by BM25 on a text field, and BooleanQuery of term
 * (or any) clauses, SHOULD or MUST, with a minimum number of SHOULD clauses to match.
 */
import { EMPTY_DOC_SET, indexOfDoc } from '../doc-sets';
import { Bm25Scorer, javaFloatString, termFreqExplanation, weightExplanation } from '../scoring/bm25';
import { DocSet, Explanation, Query, Searcher } from '../types';

/** Explanation.noMatch. */
export function noMatch(description: string, details: Explanation[] = []): Explanation {
  return { value: 0, description, details };
}

/** Live documents of a postings list (TermStates#docFreq over a merged index: deleted documents gone). */
export function liveDocFreq(searcher: Searcher, docs: Int32Array): number {
  let n = 0;
  for (let i = 0; i < docs.length; i++) if (searcher.reader.isLive(docs[i])) n++;
  return n;
}

/**
 * Lucene's TermQuery on an analyzed (`text`) field: BM25 with the field's statistics; `boost` is the product of every
 * BoostQuery around it (BoostQuery#createWeight multiplies it into the term's weight).
 */
export class Bm25TermQuery implements Query {
  constructor(
    readonly field: string,
    readonly term: string,
    readonly boost: number,
  ) {}

  toString(): string {
    return `${this.field}:${this.term}`;
  }

  private scorer(searcher: Searcher) {
    const column = searcher.reader.text(this.field);
    const postings = column?.postings(this.term);
    if (!column || !postings || column.docCount === 0) return undefined;
    const docFreq = liveDocFreq(searcher, postings.docs);
    if (docFreq === 0) return undefined;
    return {
      column,
      postings,
      sim: new Bm25Scorer(this.boost, column.docCount, column.sumTotalTermFreq, [docFreq]),
    };
  }

  execute(searcher: Searcher): DocSet {
    const s = this.scorer(searcher);
    if (!s) return EMPTY_DOC_SET;
    const { docs, freqs } = s.postings;
    const outDocs = new Int32Array(docs.length);
    const scores = new Float32Array(docs.length);
    let n = 0;
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i];
      if (!searcher.reader.isLive(d)) continue;
      outDocs[n] = d;
      scores[n++] = s.sim.score(freqs[i], s.column.norm(d));
    }
    return { docs: outDocs.subarray(0, n), scores: scores.subarray(0, n) };
  }

  /** TermWeight#explain. */
  explain(searcher: Searcher, doc: number): Explanation {
    const s = this.scorer(searcher);
    const i = s && searcher.reader.isLive(doc) ? indexOfDoc(s.postings.docs, doc) : -1;
    if (!s || i < 0) return noMatch('no matching term');
    const score = s.sim.explain(termFreqExplanation(s.postings.freqs[i]), s.column.norm(doc));
    return weightExplanation(this.toString(), doc, score);
  }
}

/** A boolean clause: SHOULD (optional, scoring) or MUST (required, scoring). */
export interface Clause {
  readonly query: Query;
  readonly occur: 'should' | 'must';
}

/**
 * Lucene's DisjunctionMaxQuery: the best clause's score plus `tieBreaker` × the others' (DisjunctionMaxScorer: max in
 * float, others summed in double, `(float) (max + others * tieBreaker)`).
 */
export class DisjunctionMaxQuery implements Query {
  constructor(
    private readonly disjuncts: readonly Query[],
    private readonly tieBreaker: number,
  ) {}

  execute(searcher: Searcher): DocSet {
    const maxDoc = searcher.reader.maxDoc;
    const max = new Float32Array(maxDoc);
    const others = new Float64Array(maxDoc);
    const seen = new Uint8Array(maxDoc);
    let n = 0;
    for (const q of this.disjuncts) {
      const set = q.execute(searcher);
      for (let i = 0; i < set.docs.length; i++) {
        const d = set.docs[i];
        const s = set.scores[i];
        if (!seen[d]) {
          seen[d] = 1;
          n++;
          max[d] = s;
        } else if (s >= max[d]) {
          others[d] += max[d];
          max[d] = s;
        } else {
          others[d] += s;
        }
      }
    }
    const docs = new Int32Array(n);
    const scores = new Float32Array(n);
    n = 0;
    for (let d = 0; d < maxDoc; d++) {
      if (!seen[d]) continue;
      docs[n] = d;
      scores[n++] = max[d] + others[d] * this.tieBreaker;
    }
    return { docs, scores };
  }

  /** DisjunctionMaxWeight#explain: "max of:" or "max plus <tie> times others of:". */
  explain(searcher: Searcher, doc: number): Explanation {
    const details: Explanation[] = [];
    let max = 0;
    let others = 0;
    for (const q of this.disjuncts) {
      if (indexOfDoc(q.execute(searcher).docs, doc) < 0) continue;
      const e = q.explain(searcher, doc);
      details.push(e);
      if (e.value >= max) {
        others += max;
        max = e.value;
      } else others += e.value;
    }
    if (details.length === 0) return noMatch('No matching clause');
    const description =
      this.tieBreaker === 0 ? 'max of:' : `max plus ${javaFloatString(this.tieBreaker)} times others of:`;
    return { value: Math.fround(max + others * this.tieBreaker), description, details };
  }
}
