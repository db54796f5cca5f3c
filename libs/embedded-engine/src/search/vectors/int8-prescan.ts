import type { IndexReader, VectorColumn } from '../index-reader';
import { TopK } from './top-k';
import { WasmInt8Scan } from './wasm-kernels';

/**
 * An int8 pre-scan for an exact cosine top k over many candidates: it finds the few candidates that can be in the top
 * k, and only those are then scored exactly (Lucene's float32 formula, exact-search.ts). The answer is the same, bit
 * for bit; what changes is what is read from memory: a 64-d float vector is 256 bytes, its int8 codes 64, and a
 * filtered scan over tens of thousands of docs is bound by memory bandwidth, not arithmetic.
 *
 * Each vector v is kept as codes c (int8) and a scale s, with v = s·c + r; the query likewise, q = s_q·e + r_q. Then
 *   q·v = s_q·s·(e·c) + s_q·(e·r) + r_q·v,
 * and by Cauchy–Schwarz |s_q·(e·r) + r_q·v| ≤ ‖s_q·e‖·‖r‖ + ‖r_q‖·‖v‖. With e·c an exact integer sum, each
 * candidate's cosine lies in an interval known from its codes alone. If k candidates have a lower end above another
 * candidate's upper end, that candidate has k better ones and cannot be in the top k; the rest are the survivors.
 */

/**
 * Widens each interval beyond the real cosine's: Lucene's float32 cosine (a float32 dot product over 64 terms and two
 * float32 norms) differs from the real one by a few 1e-6, and survivors must include every doc whose float32 score
 * could tie with or beat the k-th (a cosine difference above 1e-5 changes the float32 score (1 + cos) / 2).
 */
const MARGIN = 1e-4;

/** Candidates below this count are scored exactly at once: the pre-scan would not pay for itself. */
export const PRESCAN_MIN_CANDIDATES = 2048;
/** Nor when k is a large share of them (most would survive). */
const PRESCAN_MAX_K_SHARE = 1 / 8;

/**
 * Per document of a column: its codes (in the scanner's memory), and side by side in `factors` (one read per doc)
 * s / ‖v‖ and ‖r‖ / ‖v‖: both 0 for a doc without a vector, or with a zero one.
 */
interface Int8Codes {
  scan: WasmInt8Scan;
  factors: Float64Array;
  upTo: number;
}
const codesByColumn = new WeakMap<VectorColumn, Int8Codes | null>();

/** The column's codes up to `maxDoc` (computed once per document: vectors never change once appended). */
function codesOf(column: VectorColumn, maxDoc: number): Int8Codes | undefined {
  let codes = codesByColumn.get(column);
  if (codes === null) return undefined;
  if (!codes) {
    const scan = WasmInt8Scan.create(column.dimension);
    codes = scan ? { scan, factors: new Float64Array(0), upTo: 0 } : null;
    codesByColumn.set(column, codes);
    if (!codes) return undefined;
  }
  if (codes.upTo < maxDoc) extend(codes, column, maxDoc);
  return codes;
}

function extend(codes: Int8Codes, column: VectorColumn, maxDoc: number): void {
  if (codes.factors.length < 2 * maxDoc) {
    const grown = new Float64Array(2 * Math.max(maxDoc, codes.factors.length));
    grown.set(codes.factors);
    codes.factors = grown;
  }
  codes.scan.reserve(maxDoc);
  const out = codes.scan.codes();
  const width = codes.scan.codeBytes;
  const dim = column.dimension;
  const data = column.data;
  for (let d = codes.upTo; d < maxDoc; d++) {
    if (!column.has(d)) continue; // its factors stay 0
    const quantized = quantize(data, d * dim, dim, out, d * width);
    // the padding up to the code width: this memory may have held an earlier search's results
    out.fill(0, d * width + dim, (d + 1) * width);
    if (quantized.norm === 0) continue;
    codes.factors[2 * d] = quantized.scale / quantized.norm;
    codes.factors[2 * d + 1] = quantized.residual / quantized.norm;
  }
  codes.upTo = maxDoc;
}

/**
 * Writes round(v / s) for s = max |v_i| / 127 at `out[at..]` (int8 or int16 codes), and returns s, ‖v − s·c‖ and ‖v‖,
 * computed in float64.
 */
function quantize(
  v: Float32Array,
  offset: number,
  dim: number,
  out: Int8Array | Int16Array,
  at: number,
): { scale: number; residual: number; norm: number } {
  let max = 0;
  for (let i = 0; i < dim; i++) max = Math.max(max, Math.abs(v[offset + i]));
  const scale = max / 127;
  let residual = 0;
  let norm = 0;
  for (let i = 0; i < dim; i++) {
    const x = v[offset + i];
    const c = scale > 0 ? Math.max(-127, Math.min(127, Math.round(x / scale))) : 0;
    out[at + i] = c;
    const r = x - scale * c;
    residual += r * r;
    norm += x * x;
  }
  return { scale, residual: Math.sqrt(residual), norm: Math.sqrt(norm) };
}

/** Scratch space reused between searches (the engine searches one at a time on its thread). */
let upperScratch = new Float64Array(0);

/**
 * The candidates that may be in the cosine top k, ascending (every one of the true top k is among them), or undefined
 * when the pre-scan does not apply (no WebAssembly SIMD, few candidates, a large k, a zero query, or scores so low that
 * ties at 0 could decide: then everything is scored exactly). `list`: the candidates (ascending, live); without it,
 * every live document with a vector below `maxDoc`.
 */
export function cosineSurvivors(
  reader: IndexReader,
  column: VectorColumn,
  query: Float32Array,
  k: number,
  list: Int32Array | undefined,
): Int32Array | undefined {
  const maxDoc = reader.maxDoc;
  const count = list ? list.length : maxDoc;
  if (k < 1 || count < PRESCAN_MIN_CANDIDATES || k > count * PRESCAN_MAX_K_SHARE) return undefined;
  const codes = codesOf(column, maxDoc);
  if (!codes) return undefined;
  const dim = column.dimension;
  const e = new Int16Array(codes.scan.codeBytes);
  const q = quantize(query, 0, dim, e, 0);
  if (q.norm === 0) return undefined;
  let eNorm = 0;
  for (let i = 0; i < dim; i++) eNorm += e[i] * e[i];
  eNorm = q.scale * Math.sqrt(eNorm);
  const dots = codes.scan.dots(e, count, list);
  // per candidate, with x = s / ‖v‖ and y = ‖r‖ / ‖v‖ (its factors), its cosine is within
  // (s_q · s · (e·c) ± (‖s_q·e‖ · ‖r‖ + ‖r_q‖ · ‖v‖)) / (‖q‖ · ‖v‖) = estimate · dot · x ± (spread · y + offset)
  const estimate = q.scale / q.norm;
  const spread = eNorm / q.norm;
  const offset = q.residual / q.norm + MARGIN;
  const factors = codes.factors;
  if (upperScratch.length < count) upperScratch = new Float64Array(Math.max(count, upperScratch.length * 2));
  const upper = upperScratch;
  // the k largest lower ends so far: the k-th largest is what a candidate's upper end must reach
  const lowest = new TopK(k);
  for (let i = 0; i < count; i++) {
    const d = list ? list[i] : i;
    const x = factors[2 * d];
    if (x === 0) {
      // no vector (not scored at all), or a zero vector (scored exactly: a survivor when live)
      upper[i] = column.has(d) && (list !== undefined || reader.isLive(d)) ? Infinity : -Infinity;
      continue;
    }
    if (!list && !reader.isLive(d)) {
      upper[i] = -Infinity;
      continue;
    }
    const middle = estimate * dots[i] * x;
    const half = spread * factors[2 * d + 1] + offset;
    upper[i] = middle + half;
    lowest.offer(i, middle - half);
  }
  const needed = lowest.threshold;
  // a k-th best this low may tie at score 0 ((1 + cos) / 2 clamps at 0): the doc order would decide, exactly scored
  if (needed < -0.999) return undefined;
  let survivors = 0;
  for (let i = 0; i < count; i++) if (upper[i] >= needed) survivors++;
  const out = new Int32Array(survivors);
  for (let i = 0, j = 0; i < count; i++) if (upper[i] >= needed) out[j++] = list ? list[i] : i;
  return out;
}
