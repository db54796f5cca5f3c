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

  it.each([64, 20, 37])('scans every document and a gathered list at %i dimensions', (dim) => {
    const data = Float32Array.from({ length: docs * dim }, () => random() * 2 - 1);
    const query = Float32Array.from({ length: dim }, () => random() * 2 - 1);
    const scan = WasmVectorScan.create(dim)!;
    expect(scan).toBeDefined();
    const kernels = { dot: dotProduct, l2: squareDistance, cosdot: cosineDot } as const;
    const list = Int32Array.from({ length: 500 }, (_, i) => i * 5 + (i % 3));
    for (const kind of ['dot', 'l2', 'cosdot'] as const) {
      const all = Float32Array.from(scan.scan(kind, data, docs, query));
      for (const d of [0, 1, 999, docs - 1]) expect(all[d]).toBe(kernels[kind](query, data, d * dim));
      const gathered = scan.scanList(kind, data, docs, query, list);
      list.forEach((d, i) => expect(gathered[i]).toBe(kernels[kind](query, data, d * dim)));
    }
  });
});
