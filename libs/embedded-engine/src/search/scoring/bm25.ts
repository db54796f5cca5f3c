/**
 * Lucene 10's BM25Similarity (the default similarity of OpenSearch 3.x: no `(k1 + 1)` factor), reproduced with Java's
 * float/double mix: every `Math.fround` below is a place where Java computes in `float`.
 */
import type { Explanation } from '../types';
import { LENGTH_TABLE } from './norms';

/** BM25Similarity() defaults: k1 = 1.2f, b = 0.75f. */
export const K1 = Math.fround(1.2);
export const B = Math.fround(0.75);

const f = Math.fround;

/** BM25Similarity#idf: (float) Math.log(1 + (docCount - docFreq + 0.5D) / (docFreq + 0.5D)). */
export function bm25Idf(docFreq: number, docCount: number): number {
  return f(Math.log(1 + (docCount - docFreq + 0.5) / (docFreq + 0.5)));
}

/** BM25Similarity#avgFieldLength: (float) (sumTotalTermFreq / (double) docCount). */
export function bm25AvgFieldLength(sumTotalTermFreq: number, docCount: number): number {
  return f(sumTotalTermFreq / docCount);
}

/** BM25Similarity#scorer: cache[i] = 1f / (k1 * ((1 - b) + b * LENGTH_TABLE[i] / avgdl)), all in float. */
export function bm25NormCache(avgdl: number): Float32Array {
  const cache = new Float32Array(256);
  for (let i = 0; i < 256; i++) cache[i] = normInverse(LENGTH_TABLE[i], avgdl);
  return cache;
}

function normInverse(dl: number, avgdl: number): number {
  return f(1 / f(K1 * f(f(1 - B) + f(f(B * dl) / avgdl))));
}

/**
 * Java's Float.toString (JDK 19+: the shortest decimal that reads back as the same float; plain between 1e-3 and 1e7,
 * computerized scientific notation outside), as Lucene's explanation texts print floats ("score(freq=2.0)").
 */
export function javaFloatString(value: number): string {
  const x = f(value);
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  let digits = '';
  for (let p = 1; p <= 9; p++) {
    digits = x.toPrecision(p);
    if (f(Number(digits)) === x) break;
  }
  const n = Number(digits);
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) {
    const plain = String(n);
    return plain.includes('.') ? plain : `${plain}.0`;
  }
  const [mantissa, exponent] = n.toExponential().split('e');
  const m = mantissa.includes('.') ? mantissa : `${mantissa}.0`;
  return `${m}E${Number(exponent)}`;
}

/** The freq of a term (its occurrences) or of a phrase, as the scorer's explanation lists it. */
export function termFreqExplanation(freq: number): Explanation {
  return { value: freq, description: 'freq, occurrences of term within document', details: [] };
}

export interface TermStats {
  /** Live documents containing the term. */
  readonly docFreq: number;
}

/**
 * BM25Similarity.BM25Scorer for one term (or one phrase: idf summed over its terms), one field's statistics and one
 * boost (the product of every enclosing BoostQuery, as Lucene folds boosts into the weight).
 */
export class Bm25Scorer {
  readonly idf: number;
  readonly avgdl: number;
  readonly weight: number;
  private readonly cache: Float32Array;
  private readonly idfExplanation: Explanation;

  constructor(
    readonly boost: number,
    docCount: number,
    sumTotalTermFreq: number,
    docFreqs: readonly number[],
  ) {
    const idfs = docFreqs.map((n) => idfExplain(n, docCount));
    if (idfs.length === 1) {
      this.idfExplanation = idfs[0];
    } else {
      // BM25Similarity#idfExplain(TermStatistics[]): summed in double, then cast to float.
      let sum = 0;
      for (const e of idfs) sum += e.value;
      this.idfExplanation = { value: f(sum), description: 'idf, sum of:', details: idfs };
    }
    this.idf = this.idfExplanation.value;
    this.avgdl = bm25AvgFieldLength(sumTotalTermFreq, docCount);
    this.cache = bm25NormCache(this.avgdl);
    // BM25Scorer: weight = boost * idf (float).
    this.weight = f(boost * this.idf);
  }

  /** BM25Scorer#score: weight - weight / (1f + freq * normInverse), in float. */
  score(freq: number, norm: number): number {
    const w = this.weight;
    return f(w - f(w / f(1 + f(freq * this.cache[norm & 0xff]))));
  }

  /** BM25Scorer#explain: "score(freq=F), computed as boost * idf * tf from:" [boost], idf, tf. */
  explain(freq: Explanation, norm: number): Explanation {
    const details: Explanation[] = [];
    if (this.boost !== 1) details.push({ value: this.boost, description: 'boost', details: [] });
    details.push(this.idfExplanation);
    details.push(this.explainTf(freq, norm));
    return {
      value: this.score(freq.value, norm),
      description: `score(freq=${javaFloatString(freq.value)}), computed as boost * idf * tf from:`,
      details,
    };
  }

  /** BM25Scorer#explainTF: tf = 1f - 1f / (1 + freq * normInverse); dl is "(approximate)" for norm bytes above 39. */
  private explainTf(freq: Explanation, norm: number): Explanation {
    const byte = norm & 0xff;
    const dl = LENGTH_TABLE[byte];
    const inverse = normInverse(dl, this.avgdl);
    return {
      value: f(1 - f(1 / f(1 + f(freq.value * inverse)))),
      description: 'tf, computed as freq / (freq + k1 * (1 - b + b * dl / avgdl)) from:',
      details: [
        freq,
        { value: K1, description: 'k1, term saturation parameter', details: [] },
        { value: B, description: 'b, length normalization parameter', details: [] },
        {
          value: dl,
          description: byte > 39 ? 'dl, length of field (approximate)' : 'dl, length of field',
          details: [],
        },
        { value: this.avgdl, description: 'avgdl, average length of field', details: [] },
      ],
    };
  }
}

/** BM25Similarity#idfExplain(CollectionStatistics, TermStatistics). */
function idfExplain(docFreq: number, docCount: number): Explanation {
  return {
    value: bm25Idf(docFreq, docCount),
    description: 'idf, computed as log(1 + (N - n + 0.5) / (n + 0.5)) from:',
    details: [
      { value: docFreq, description: 'n, number of documents containing term', details: [] },
      { value: docCount, description: 'N, total number of documents with field', details: [] },
    ],
  };
}

/**
 * TermWeight#explain / PhraseWeight#explain wrapper: "weight(<query> in <doc>) [PerFieldSimilarity], result of:"
 * (OpenSearch's similarity is SimilarityService's PerFieldSimilarity wrapper).
 */
export function weightExplanation(query: string, doc: number, score: Explanation): Explanation {
  return {
    value: score.value,
    description: `weight(${query} in ${doc}) [PerFieldSimilarity], result of:`,
    details: [score],
  };
}
