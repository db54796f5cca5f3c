/**
 * Floors for the search benchmark: each scenario written by hand in plain JavaScript over typed-array columns
 * (no parsing, no JSON, no _source), and usearch's native exact search as the vector peer. What the engine adds on
 * top of these is the cost of the query language, the client and the response.
 */
import { exactSearch, MetricKind } from 'usearch';
import { DIMS, FS_CITY, FS_MIN_RATING, FS_SCALE_KM, GeoQuery, K, PlaceColumns } from './search-workload';

/** The k best (score, doc) pairs: a binary min-heap on the score, ties to the lower doc. */
export class TopDocs {
  readonly docs: Int32Array;
  readonly scores: Float64Array;
  size = 0;

  constructor(readonly k: number) {
    this.docs = new Int32Array(k);
    this.scores = new Float64Array(k);
  }

  /** The score a document must beat to enter (−∞ until full). */
  get threshold(): number {
    return this.size < this.k ? -Infinity : this.scores[0];
  }

  offer(doc: number, score: number): void {
    const { docs, scores } = this;
    let i: number;
    if (this.size < this.k) {
      i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (scores[parent] <= score) break;
        docs[i] = docs[parent];
        scores[i] = scores[parent];
        i = parent;
      }
    } else {
      if (score <= scores[0]) return;
      i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= this.k) break;
        if (child + 1 < this.k && scores[child + 1] < scores[child]) child++;
        if (scores[child] >= score) break;
        docs[i] = docs[child];
        scores[i] = scores[child];
        i = child;
      }
    }
    docs[i] = doc;
    scores[i] = score;
  }

  /** Doc ids, best first. */
  ranked(): number[] {
    const order = Array.from({ length: this.size }, (_, i) => i);
    order.sort((a, b) => this.scores[b] - this.scores[a] || this.docs[a] - this.docs[b]);
    return order.map((i) => this.docs[i]);
  }
}

export function vectorNorms(c: PlaceColumns): Float32Array {
  const norms = new Float32Array(c.count);
  for (let d = 0; d < c.count; d++) {
    let s = 0;
    for (let j = d * DIMS, end = j + DIMS; j < end; j++) s += c.vectors[j] * c.vectors[j];
    norms[d] = Math.sqrt(s);
  }
  return norms;
}

/** Cosine top k by a plain Float32Array loop over every vector (or only `candidates`), document norms precomputed. */
export function naiveKnn(
  vectors: Float32Array,
  norms: Float32Array,
  query: Float32Array,
  candidates?: Int32Array,
): TopDocs {
  let qn = 0;
  for (let j = 0; j < DIMS; j++) qn += query[j] * query[j];
  qn = Math.sqrt(qn);
  const top = new TopDocs(K);
  const n = candidates ? candidates.length : norms.length;
  for (let i = 0; i < n; i++) {
    const d = candidates ? candidates[i] : i;
    const base = d * DIMS;
    let dot = 0;
    for (let j = 0; j < DIMS; j++) dot += query[j] * vectors[base + j];
    const score = dot / (qn * norms[d]);
    if (score > top.threshold) top.offer(d, score);
  }
  return top;
}

/** usearch's native brute-force search (SIMD); `threads` 0 lets it use every core. */
export function usearchKnn(vectors: Float32Array, query: Float32Array, threads: number): number[] {
  const matches = exactSearch(vectors, query, DIMS, K, MetricKind.Cos, threads) as { keys: BigUint64Array };
  return Array.from(matches.keys, Number);
}

export function curatedDocs(c: PlaceColumns): Int32Array {
  const out: number[] = [];
  for (let d = 0; d < c.count; d++) if (c.curated[d]) out.push(d);
  return Int32Array.from(out);
}

/** GeoUtils#arcDistance (haversine on OpenSearch's mean earth radius), meters. */
const EARTH_MEAN_RADIUS = 6371008.7714;
const RAD = Math.PI / 180;
export function arcDistance(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const h1 = Math.sin((lat2 - lat1) * RAD * 0.5);
  const h2 = Math.sin((lon2 - lon1) * RAD * 0.5);
  const h = h1 * h1 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * h2 * h2;
  return 2 * EARTH_MEAN_RADIUS * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** GaussScoreFunction (decay 0.5: exp(0.5·d² / (0.5·scale² / ln 0.5))) × FieldValueFactorFunction LOG1P (log10(1 + v)). */
const GAUSS_DENOMINATOR = (0.5 * (FS_SCALE_KM * 1000) ** 2) / Math.log(0.5);
export function placeScore(origin: GeoQuery, lat: number, lon: number, ratingCount: number): number {
  const distance = arcDistance(origin.lat, origin.lon, lat, lon);
  return Math.exp((0.5 * distance * distance) / GAUSS_DENOMINATOR) * Math.log10(1 + ratingCount);
}

/** The function_score scenario's filter, as a column (Lisbon and rating ≥ 1). */
export function functionScoreFilter(c: PlaceColumns): Uint8Array {
  const keep = new Uint8Array(c.count);
  for (let d = 0; d < c.count; d++) keep[d] = c.city[d] === FS_CITY && c.rating[d] >= FS_MIN_RATING ? 1 : 0;
  return keep;
}

/** gauss(location) × log10(1 + rating_count) over the filtered documents, top k; `matched` counts the filter. */
export function naiveFunctionScore(
  c: PlaceColumns,
  keep: Uint8Array,
  origin: GeoQuery,
): { top: TopDocs; matched: number } {
  const top = new TopDocs(K);
  let matched = 0;
  for (let d = 0; d < c.count; d++) {
    if (!keep[d]) continue;
    matched++;
    const score = placeScore(origin, c.lat[d], c.lon[d], c.ratingCount[d]);
    if (score > top.threshold) top.offer(d, score);
  }
  return { top, matched };
}

/** A hand-built inverted index of `description` (whitespace tokens) for the BM25 floor. */
export class Bm25Floor {
  private readonly postings = new Map<string, { docs: Int32Array; tf: Uint8Array }>();
  private readonly lengths: Float32Array;
  private readonly averageLength: number;
  private readonly accumulator: Float32Array;
  private readonly touched: Int32Array;

  constructor(private readonly c: PlaceColumns) {
    const lists = new Map<string, { docs: number[]; tf: number[] }>();
    this.lengths = new Float32Array(c.count);
    let total = 0;
    for (let d = 0; d < c.count; d++) {
      const words = c.description[d].split(' ');
      this.lengths[d] = words.length;
      total += words.length;
      const counts = new Map<string, number>();
      for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
      for (const [w, n] of counts) {
        let list = lists.get(w);
        if (!list) lists.set(w, (list = { docs: [], tf: [] }));
        list.docs.push(d);
        list.tf.push(n);
      }
    }
    for (const [w, list] of lists) {
      this.postings.set(w, { docs: Int32Array.from(list.docs), tf: Uint8Array.from(list.tf) });
    }
    this.averageLength = total / c.count;
    this.accumulator = new Float32Array(c.count);
    this.touched = new Int32Array(c.count);
  }

  /** OR of the terms, Lucene's BM25 (k1 1.2, b 0.75, idf log(1 + (N − n + 0.5) / (n + 0.5))), term at a time. */
  search(terms: string[]): { top: TopDocs; matched: number } {
    const { accumulator, touched, lengths } = this;
    let matched = 0;
    for (const term of terms) {
      const list = this.postings.get(term);
      if (!list) continue;
      const idf = Math.log(1 + (this.c.count - list.docs.length + 0.5) / (list.docs.length + 0.5));
      for (let i = 0; i < list.docs.length; i++) {
        const d = list.docs[i];
        const tf = list.tf[i];
        if (accumulator[d] === 0) touched[matched++] = d;
        accumulator[d] += (idf * tf) / (tf + 1.2 * (0.25 + (0.75 * lengths[d]) / this.averageLength));
      }
    }
    const top = new TopDocs(K);
    for (let i = 0; i < matched; i++) {
      const d = touched[i];
      if (accumulator[d] > top.threshold) top.offer(d, accumulator[d]);
      accumulator[d] = 0;
    }
    return { top, matched };
  }
}
