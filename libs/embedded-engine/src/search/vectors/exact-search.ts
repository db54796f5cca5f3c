import type { IndexReader, VectorColumn } from '../index-reader';
import {
  cosineDot,
  cosineFrom,
  cosineNormSquared,
  cosineScore,
  dotProduct,
  innerProductScore,
  l2Score,
  SpaceType,
  squareDistance,
} from './similarity';
import { cosineSurvivors } from './int8-prescan';
import { TopK } from './top-k';
import { WasmVectorScan } from './wasm-kernels';

/**
 * Brute-force k-NN over one vector column (the k-NN plugin's ExactSearcher): every live document having the vector,
 * or only those of a candidate list (efficient filtering), scored in float32 as Lucene scores them.
 */

/** Which documents to score: all live ones, or an ascending candidate list (already live). */
export type Candidates = { kind: 'all' } | { kind: 'list'; docs: Int32Array };

export interface ExactRequest {
  reader: IndexReader;
  column: VectorColumn;
  space: SpaceType;
  query: Float32Array;
  candidates: Candidates;
}

/**
 * Per document of a column, its cosine squared norm (float32, as Lucene computes it) and 1 / its norm (float64, for
 * estimates): computed once per document (vectors never change once appended), extended after each refresh.
 */
interface NormCache {
  norms: Float32Array;
  inverse: Float64Array;
  upTo: number;
}
const normCaches = new WeakMap<VectorColumn, NormCache>();

function normsOf(column: VectorColumn, maxDoc: number): NormCache {
  let cache = normCaches.get(column);
  if (!cache) {
    cache = { norms: new Float32Array(0), inverse: new Float64Array(0), upTo: 0 };
    normCaches.set(column, cache);
  }
  if (cache.upTo < maxDoc) {
    if (cache.norms.length < maxDoc) {
      const capacity = Math.max(maxDoc, cache.norms.length * 2);
      const norms = new Float32Array(capacity);
      norms.set(cache.norms);
      cache.norms = norms;
      const inverse = new Float64Array(capacity);
      inverse.set(cache.inverse);
      cache.inverse = inverse;
    }
    const dim = column.dimension;
    const data = column.data;
    for (let d = cache.upTo; d < maxDoc; d++) {
      const norm = column.has(d) ? cosineNormSquared(data, d * dim, dim) : 0;
      cache.norms[d] = norm;
      cache.inverse[d] = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    }
    cache.upTo = maxDoc;
  }
  return cache;
}

/** The cosine squared norm of every vector of `column` up to `maxDoc` (cached; extended after each refresh). */
export function docNormsSquared(column: VectorColumn, maxDoc: number): Float32Array {
  return normsOf(column, maxDoc).norms;
}

/** Visits every candidate with its score (ascending doc order); the callback sees float32 scores. */
export function forEachScore(request: ExactRequest, visit: (doc: number, score: number) => void): void {
  const { reader, column, space, query, candidates } = request;
  const dim = column.dimension;
  const data = column.data;
  const all = candidates.kind === 'all';
  const list = candidates.kind === 'list' ? candidates.docs : undefined;
  const n = all ? reader.maxDoc : (list as Int32Array).length;
  switch (space) {
    case 'l2':
      for (let i = 0; i < n; i++) {
        const d = all ? i : (list as Int32Array)[i];
        if (!column.has(d) || (all && !reader.isLive(d))) continue;
        visit(d, l2Score(squareDistance(query, data, d * dim)));
      }
      return;
    case 'innerproduct':
      for (let i = 0; i < n; i++) {
        const d = all ? i : (list as Int32Array)[i];
        if (!column.has(d) || (all && !reader.isLive(d))) continue;
        visit(d, innerProductScore(dotProduct(query, data, d * dim)));
      }
      return;
    case 'cosinesimil': {
      const norms = docNormsSquared(column, reader.maxDoc);
      const qNorm = cosineNormSquared(query, 0, dim);
      for (let i = 0; i < n; i++) {
        const d = all ? i : (list as Int32Array)[i];
        if (!column.has(d) || (all && !reader.isLive(d))) continue;
        visit(d, cosineScore(cosineFrom(cosineDot(query, data, d * dim), qNorm, norms[d])));
      }
      return;
    }
  }
}

/** The top k candidates by score (ties: lower doc first), returned ascending by doc id. */
export function exactTopK(request: ExactRequest, k: number): { docs: Int32Array; scores: Float32Array } {
  const top = new TopK(k);
  // Large columns are scanned with SIMD: all of it, or only a filter's candidates (gathered by doc id).
  const scan = request.column.wasmScan;
  if (scan) return wasmTopK(request, scan, top);
  // Specialised loops (no callback) for the hot path: one monomorphic kernel call per document.
  const { reader, column, space, query, candidates } = request;
  const dim = column.dimension;
  const data = column.data;
  const all = candidates.kind === 'all';
  const list = candidates.kind === 'list' ? candidates.docs : new Int32Array(0);
  const n = all ? reader.maxDoc : list.length;
  if (space === 'l2') {
    for (let i = 0; i < n; i++) {
      const d = all ? i : list[i];
      if (!column.has(d) || (all && !reader.isLive(d))) continue;
      const s = l2Score(squareDistance(query, data, d * dim));
      if (s > top.threshold) top.offer(d, s);
    }
  } else if (space === 'innerproduct') {
    for (let i = 0; i < n; i++) {
      const d = all ? i : list[i];
      if (!column.has(d) || (all && !reader.isLive(d))) continue;
      const s = innerProductScore(dotProduct(query, data, d * dim));
      if (s > top.threshold) top.offer(d, s);
    }
  } else {
    const norms = docNormsSquared(column, reader.maxDoc);
    const qNorm = cosineNormSquared(query, 0, dim);
    for (let i = 0; i < n; i++) {
      const d = all ? i : list[i];
      if (!column.has(d) || (all && !reader.isLive(d))) continue;
      const s = cosineScore(cosineFrom(cosineDot(query, data, d * dim), qNorm, norms[d]));
      if (s > top.threshold) top.offer(d, s);
    }
  }
  return top.toDocOrder();
}

/** Every candidate whose score passes `accept` (radial search), ascending by doc id. */
export function exactWithin(
  request: ExactRequest,
  accept: (score: number) => boolean,
): { docs: Int32Array; scores: Float32Array } {
  const docs: number[] = [];
  const scores: number[] = [];
  forEachScore(request, (doc, score) => {
    if (accept(score)) {
      docs.push(doc);
      scores.push(score);
    }
  });
  return { docs: Int32Array.from(docs), scores: Float32Array.from(scores) };
}

/**
 * The whole-column scan: raw kernel values from WebAssembly, then score translation and top k in JavaScript over the
 * candidates (every live document, or a filter's list), one loop per case.
 */
function wasmTopK(
  request: ExactRequest,
  scan: WasmVectorScan,
  top: TopK,
): { docs: Int32Array; scores: Float32Array } {
  const { reader, column, space, query, candidates } = request;
  const n = reader.maxDoc;
  const list = candidates.kind === 'list' ? candidates.docs : undefined;
  const kind = space === 'l2' ? 'l2' : space === 'innerproduct' ? 'dot' : 'cosdot';
  if (kind === 'cosdot') {
    // many candidates: only those the int8 pre-scan cannot rule out are scored exactly
    const survivors = cosineSurvivors(reader, column, query, top.k, list);
    const scored = survivors ?? list;
    const raw = scored
      ? scan.scanList(kind, column.data, n, query, scored)
      : scan.scan(kind, column.data, n, query);
    return cosineFromRaw(request, raw, scored, top);
  }
  // raw[i] is for doc i (a whole-column scan) or for list[i] (a gathered scan of the candidates)
  const raw = list
    ? scan.scanList(kind, column.data, n, query, list)
    : scan.scan(kind, column.data, n, query);
  const translate = kind === 'l2' ? l2Score : innerProductScore;
  if (list) {
    for (let i = 0; i < list.length; i++) {
      const d = list[i];
      if (!column.has(d)) continue;
      const s = translate(raw[i]);
      if (s > top.threshold) top.offer(d, s);
    }
  } else {
    for (let d = 0; d < n; d++) {
      if (!column.has(d) || !reader.isLive(d)) continue;
      const s = translate(raw[d]);
      if (s > top.threshold) top.offer(d, s);
    }
  }
  return top.toDocOrder();
}

/**
 * Below the heap's threshold by more than this (in cosine), a doc cannot enter the top k: its cosine estimated in
 * float64 (raw · 1/‖q‖ · 1/‖v‖) is within a few float32 roundings (≤ 1e-6) of the one Lucene's formula gives.
 */
const COSINE_SKIP_MARGIN = 1e-5;

/**
 * Cosine scores from the kernel's dot products: a doc whose estimated cosine is clearly below what the k-th best
 * needs is skipped before the float32 score translation (Lucene's formula: a square root, a division, roundings),
 * which the others get exactly as before.
 */
function cosineFromRaw(
  request: ExactRequest,
  raw: Float32Array,
  list: Int32Array | undefined,
  top: TopK,
): { docs: Int32Array; scores: Float32Array } {
  const { reader, column, query } = request;
  const n = reader.maxDoc;
  const { norms, inverse } = normsOf(column, n);
  const qNorm = cosineNormSquared(query, 0, column.dimension);
  const qInverse = 1 / Math.sqrt(qNorm);
  // the cosine a doc needs to beat the heap's root: score > t needs (1 + cos) / 2 > t, so cos > 2t − 1
  let needed = -Infinity;
  const count = list ? list.length : n;
  for (let i = 0; i < count; i++) {
    const d = list ? list[i] : i;
    const value = raw[i];
    if (value * qInverse * inverse[d] < needed) continue;
    if (!column.has(d) || (!list && !reader.isLive(d))) continue;
    const s = cosineScore(cosineFrom(value, qNorm, norms[d]));
    if (s > top.threshold) {
      top.offer(d, s);
      if (top.size === top.k) needed = 2 * top.threshold - 1 - COSINE_SKIP_MARGIN;
    }
  }
  return top.toDocOrder();
}
