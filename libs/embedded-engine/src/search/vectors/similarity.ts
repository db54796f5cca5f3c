/**
 * Vector similarity in float32, as Lucene computes it for the k-NN plugin's exact search
 * (ExactSearcher → KNNVectorSimilarityFunction → Lucene VectorSimilarityFunction → VectorUtil).
 *
 * The loops mirror Lucene's scalar DefaultVectorUtilSupport: one accumulator up to 32 dimensions, unrolled
 * accumulators above (4 for dot product and squared distance, 2 for cosine), each step `a * b + c` in float32 with
 * the product rounded before the sum (Lucene's `fma()` where the JVM has no fast scalar FMA, e.g. on x86 by
 * default). A JVM with FMA, or Lucene's Panama (SIMD) path, rounds once per step or sums in another order: differences
 * in the last bits, far below the 1e-6 budget. `wasm-kernels.ts` runs the same loops bit for bit with SIMD.
 */

export type SpaceType = 'l2' | 'cosinesimil' | 'innerproduct';

/** Lucene unrolls its scalar loops only above this many dimensions (DefaultVectorUtilSupport: `a.length > 32`). */
const UNROLL_ABOVE = 32;

const f = Math.fround;

/** VectorUtil#dotProduct of `q` with the vector at `offset` in `data` (a flat `doc * dim` layout). */
export function dotProduct(q: Float32Array, data: Float32Array, offset: number): number {
  const n = q.length;
  let res = 0;
  let i = 0;
  if (n > UNROLL_ABOVE) {
    let acc1 = 0;
    let acc2 = 0;
    let acc3 = 0;
    let acc4 = 0;
    const upper = n & ~3;
    for (; i < upper; i += 4) {
      const o = offset + i;
      acc1 = f(f(q[i] * data[o]) + acc1);
      acc2 = f(f(q[i + 1] * data[o + 1]) + acc2);
      acc3 = f(f(q[i + 2] * data[o + 2]) + acc3);
      acc4 = f(f(q[i + 3] * data[o + 3]) + acc4);
    }
    // `res += acc1 + acc2 + acc3 + acc4`: float additions, left to right.
    res = f(res + f(f(f(acc1 + acc2) + acc3) + acc4));
  }
  for (; i < n; i++) res = f(f(q[i] * data[offset + i]) + res);
  return res;
}

/** VectorUtil#squareDistance: Σ (q[i] − v[i])², float32. */
export function squareDistance(q: Float32Array, data: Float32Array, offset: number): number {
  const n = q.length;
  let res = 0;
  let i = 0;
  if (n > UNROLL_ABOVE) {
    let acc1 = 0;
    let acc2 = 0;
    let acc3 = 0;
    let acc4 = 0;
    const upper = n & ~3;
    for (; i < upper; i += 4) {
      const o = offset + i;
      const d1 = f(q[i] - data[o]);
      const d2 = f(q[i + 1] - data[o + 1]);
      const d3 = f(q[i + 2] - data[o + 2]);
      const d4 = f(q[i + 3] - data[o + 3]);
      acc1 = f(f(d1 * d1) + acc1);
      acc2 = f(f(d2 * d2) + acc2);
      acc3 = f(f(d3 * d3) + acc3);
      acc4 = f(f(d4 * d4) + acc4);
    }
    res = f(res + f(f(f(acc1 + acc2) + acc3) + acc4));
  }
  for (; i < n; i++) {
    const d = f(q[i] - data[offset + i]);
    res = f(f(d * d) + res);
  }
  return res;
}

/**
 * The squared norm Σ v[i]² as VectorUtil#cosine accumulates it (its `norm1`/`norm2`: 2 accumulators above 32
 * dimensions). The three sums of Lucene's cosine loop are independent, so a norm precomputed this way is bit-identical
 * to the one Lucene recomputes for every pair.
 */
export function cosineNormSquared(data: Float32Array, offset: number, n: number): number {
  let res = 0;
  let i = 0;
  if (n > UNROLL_ABOVE) {
    let acc1 = 0;
    let acc2 = 0;
    const upper = n & ~1;
    for (; i < upper; i += 2) {
      const a = data[offset + i];
      const b = data[offset + i + 1];
      acc1 = f(f(a * a) + acc1);
      acc2 = f(f(b * b) + acc2);
    }
    res = f(res + f(acc1 + acc2));
  }
  for (; i < n; i++) {
    const a = data[offset + i];
    res = f(f(a * a) + res);
  }
  return res;
}

/** The dot product as VectorUtil#cosine accumulates its `sum` (2 accumulators above 32 dimensions). */
export function cosineDot(q: Float32Array, data: Float32Array, offset: number): number {
  const n = q.length;
  let res = 0;
  let i = 0;
  if (n > UNROLL_ABOVE) {
    let acc1 = 0;
    let acc2 = 0;
    const upper = n & ~1;
    for (; i < upper; i += 2) {
      const o = offset + i;
      acc1 = f(f(q[i] * data[o]) + acc1);
      acc2 = f(f(q[i + 1] * data[o + 1]) + acc2);
    }
    res = f(res + f(acc1 + acc2));
  }
  for (; i < n; i++) res = f(f(q[i] * data[offset + i]) + res);
  return res;
}

/** VectorUtil#cosine's last step: `(float) (sum / Math.sqrt((double) norm1 * (double) norm2))`. */
export function cosineFrom(dot: number, queryNormSquared: number, docNormSquared: number): number {
  return f(dot / Math.sqrt(queryNormSquared * docNormSquared));
}

/** VectorSimilarityFunction.EUCLIDEAN: `1 / (1 + squareDistance)` (k-NN SpaceType.L2: 1 / (1 + rawScore)). */
export function l2Score(squaredDistance: number): number {
  return f(1 / f(1 + squaredDistance));
}

/** VectorSimilarityFunction.COSINE: `Math.max((1 + cosine) / 2, 0)` (k-NN SpaceType.COSINESIMIL, Faiss 1 − raw). */
export function cosineScore(cosine: number): number {
  return Math.max(f(f(1 + cosine) / 2), 0);
}

/**
 * VectorSimilarityFunction.MAXIMUM_INNER_PRODUCT (VectorUtil#scaleMaxInnerProductScore): `dot < 0 ? 1 / (1 + -1 * dot)
 * : dot + 1`; the same as k-NN SpaceType.INNER_PRODUCT.scoreTranslation(−dot) that Faiss.java applies.
 */
export function innerProductScore(dot: number): number {
  return dot < 0 ? f(1 / f(1 + -dot)) : f(dot + 1);
}

/** The exact score of the vector at `offset` for a query, in one space (docNormSquared only used by cosine). */
export function scoreOne(
  space: SpaceType,
  q: Float32Array,
  queryNormSquared: number,
  data: Float32Array,
  offset: number,
  docNormSquared: number,
): number {
  switch (space) {
    case 'l2':
      return l2Score(squareDistance(q, data, offset));
    case 'innerproduct':
      return innerProductScore(dotProduct(q, data, offset));
    case 'cosinesimil':
      return cosineScore(cosineFrom(cosineDot(q, data, offset), queryNormSquared, docNormSquared));
  }
}
