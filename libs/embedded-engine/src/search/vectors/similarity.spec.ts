import {
  cosineDot,
  cosineFrom,
  cosineNormSquared,
  cosineScore,
  dotProduct,
  innerProductScore,
  l2Score,
  squareDistance,
} from './similarity';
import { WasmVectorScan } from './wasm-kernels';

const v = (...xs: number[]) => Float32Array.from(xs);

describe('vector similarity (Lucene VectorUtil / VectorSimilarityFunction, float32)', () => {
  it('computes dot product, squared distance and cosine of small vectors exactly', () => {
    const q = v(1, 2, 3);
    expect(dotProduct(q, v(3, 2, 1), 0)).toBe(10); // 3 + 4 + 3
    expect(squareDistance(q, v(3, 2, 1), 0)).toBe(8); // 4 + 0 + 4
    expect(cosineNormSquared(q, 0, 3)).toBe(14);
    // offsets address a flat doc * dim layout
    expect(dotProduct(q, v(9, 9, 9, 0, 0, 1), 3)).toBe(3);
  });

  it('turns distances into scores as the k-NN plugin does (reference Ex.1, Ex.3)', () => {
    // cos(q, [0,0,1]) = (float) (3 / sqrt(14)) = 0.80178374; Java float `1 + cos` = 1.8017838; / 2 = 0.9008919
    // (the reference notes' 0.90089184 skips the float rounding of 1 + cos: 1 ulp apart)
    const cos = cosineFrom(cosineDot(v(1, 2, 3), v(0, 0, 1), 0), 14, 1);
    expect(cos).toBe(Math.fround(0.80178374));
    expect(cosineScore(cos)).toBe(Math.fround(0.9008919));
    // cos(q, [3,2,1]) = 10 / 14 → 0.85714287
    expect(cosineScore(cosineFrom(10, 14, 14))).toBe(Math.fround(0.85714287));
    expect(cosineScore(cosineFrom(14, 14, 14))).toBe(1);
    // Lucene COSINE clamps at 0: cos = -1 → 0
    expect(cosineScore(-1)).toBe(0);
    // l2: 1 / (1 + d): d = 0.5 → 0.6666667, d = 9 → 0.1
    expect(l2Score(0.5)).toBe(Math.fround(2 / 3));
    expect(l2Score(9)).toBe(Math.fround(0.1));
    // innerproduct: ip = 11 → 12; ip = -3 → 1 / (1 + 3) = 0.25; ip = 0 → 1
    expect(innerProductScore(11)).toBe(12);
    expect(innerProductScore(-3)).toBe(0.25);
    expect(innerProductScore(0)).toBe(1);
  });

  it('accumulates in float32: 1e8 + 1 - 1e8 loses the 1 as Java floats do', () => {
    // sequential loop (dim <= 32): ((0 + 1e8*1) + 1*1) + (-1e8*1): 1e8 + 1 rounds to 1e8 in float32
    expect(dotProduct(v(1e8, 1, -1e8), v(1, 1, 1), 0)).toBe(0);
  });

  it('unrolls above 32 dimensions into 4 accumulators, as DefaultVectorUtilSupport', () => {
    // 36 dims: lanes i%4 accumulate separately; put 2^24 and 1s in lane 0 only vs spread: the sum differs
    const a = new Float32Array(36).fill(1);
    const b = new Float32Array(36);
    b[0] = 2 ** 24; // acc1 = 2^24, then +1 (b[4]) is lost in float32, +1 ... each lost
    for (let i = 4; i < 32; i += 4) b[i] = 1;
    b[1] = 1;
    // acc1 = 2^24 (7 ones lost), acc2 = 1 → 2^24 + 1 rounds to 2^24
    expect(dotProduct(a, b, 0)).toBe(2 ** 24);
  });

  it('gives bit-identical results in the WebAssembly SIMD scan', () => {
    let seed = 3;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
    for (const dim of [3, 32, 33, 64, 67]) {
      const n = 50;
      const data = new Float32Array(n * dim).map(() => rnd() * 8);
      const q = new Float32Array(dim).map(() => rnd() * 3);
      const scan = WasmVectorScan.create(dim);
      if (!scan) return; // no SIMD: the JavaScript loops are used
      const dots = Float32Array.from(scan.scan('dot', data, n, q));
      const l2 = Float32Array.from(scan.scan('l2', data, n, q));
      const cos = Float32Array.from(scan.scan('cosdot', data, n, q));
      for (let d = 0; d < n; d++) {
        expect(dots[d]).toBe(dotProduct(q, data, d * dim));
        expect(l2[d]).toBe(squareDistance(q, data, d * dim));
        expect(cos[d]).toBe(cosineDot(q, data, d * dim));
      }
    }
  });
});
