import { IndexReader, VectorColumn } from '../index-reader';
import { docNormsSquared, exactTopK } from './exact-search';
import { cosineDot, cosineFrom, cosineNormSquared, cosineScore } from './similarity';
import { TopK } from './top-k';

/**
 * The SIMD cosine scan of a large column answers exactly what Lucene's loop over every document answers: the same
 * docs, the same float32 scores, ties to the lower doc.
 */
function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

const DIM = 64;
const DOCS = 20_000;

function lucene(column: VectorColumn, docs: readonly number[], q: Float32Array, k: number) {
  const norms = docNormsSquared(column, DOCS);
  const qNorm = cosineNormSquared(q, 0, DIM);
  const top = new TopK(k);
  for (const d of docs) {
    const s = cosineScore(cosineFrom(cosineDot(q, column.data, d * DIM), qNorm, norms[d]));
    if (s > top.threshold) top.offer(d, s);
  }
  return top.toDocOrder();
}

describe('exact cosine top k over a large column', () => {
  const random = seeded(3);
  const column = new VectorColumn(DIM);
  // a few centres, so that many scores crowd together near the top (a 4-lane dot product instead of Lucene's 2
  // accumulators gets k 100 and 1,000 wrong here); every 97th doc repeats an earlier one (ties)
  const centres = Array.from({ length: 8 }, () => Array.from({ length: DIM }, () => random() * 2 - 1));
  for (let d = 0; d < DOCS; d++) {
    const v =
      d % 97 === 96
        ? Float32Array.from(column.vector(d - 50))
        : Float32Array.from(centres[d % 8], (x) => x + (random() - 0.5) * 0.05);
    column.add(d, [v]);
  }
  const reader = { maxDoc: DOCS, isLive: () => true } as unknown as IndexReader;
  const all = Array.from({ length: DOCS }, (_, d) => d);

  it('runs on the SIMD path', () => expect(column.wasmScan).toBeDefined());

  it.each([1, 10, 100, 1000])('gives Lucene’s top %i, scores bit for bit', (k) => {
    for (let i = 0; i < 10; i++) {
      const q = Float32Array.from(centres[i % 8], (x) => x + (random() - 0.5) * 0.05);
      const got = exactTopK(
        { reader, column, space: 'cosinesimil', query: q, candidates: { kind: 'all' } },
        k,
      );
      const expected = lucene(column, all, q, k);
      expect(Array.from(got.docs)).toEqual(Array.from(expected.docs));
      expect(Array.from(got.scores)).toEqual(Array.from(expected.scores));
    }
  });

  it('gives the same among a filter’s candidates, and all of them when they are fewer than k', () => {
    const list = Int32Array.from(all.filter((d) => d % 3 === 0));
    const few = Int32Array.from([5, 700, 9_000]);
    const q = Float32Array.from(centres[2], (x) => x + 0.01);
    for (const [docs, k] of [
      [list, 50],
      [few, 10],
    ] as const) {
      const got = exactTopK(
        { reader, column, space: 'cosinesimil', query: q, candidates: { kind: 'list', docs } },
        k,
      );
      const expected = lucene(column, Array.from(docs), q, k);
      expect(Array.from(got.docs)).toEqual(Array.from(expected.docs));
      expect(Array.from(got.scores)).toEqual(Array.from(expected.scores));
    }
  });
});
