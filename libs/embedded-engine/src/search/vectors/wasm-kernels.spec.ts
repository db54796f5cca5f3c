import { cosineDot, dotProduct, squareDistance } from './similarity';
import { WasmVectorScan } from './wasm-kernels';

/** The SIMD kernels give the same float32 values as the JavaScript loops (Lucene's accumulation order), bit for bit. */
describe('WasmVectorScan', () => {
  const docs = 3000;
  let seed = 7;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };

  // Docs are scored four at a time, then one at a time: the counts below leave 0 to 3 docs for the single loop.
  it.each([64, 20, 37])('scans every document and a gathered list at %i dimensions', (dim) => {
    const data = Float32Array.from({ length: docs * dim }, () => random() * 2 - 1);
    const query = Float32Array.from({ length: dim }, () => random() * 2 - 1);
    const scan = WasmVectorScan.create(dim)!;
    expect(scan).toBeDefined();
    const kernels = { dot: dotProduct, l2: squareDistance, cosdot: cosineDot } as const;
    for (const kind of ['dot', 'l2', 'cosdot'] as const) {
      for (const n of [docs, docs - 1, docs - 2, docs - 3, 3, 1]) {
        const all = Float32Array.from(scan.scan(kind, data, n, query));
        expect(all).toHaveLength(n);
        for (let d = 0; d < n; d++) {
          if (all[d] !== kernels[kind](query, data, d * dim))
            expect([kind, n, d, all[d], kernels[kind](query, data, d * dim)]).toBe(undefined);
        }
      }
      for (const length of [500, 499, 498, 497, 2, 0]) {
        const list = Int32Array.from({ length }, (_, i) => i * 5 + (i % 3));
        const gathered = Float32Array.from(scan.scanList(kind, data, docs, query, list));
        expect(gathered).toHaveLength(length);
        list.forEach((d, i) => expect(gathered[i]).toBe(kernels[kind](query, data, d * dim)));
      }
    }
  });
});
