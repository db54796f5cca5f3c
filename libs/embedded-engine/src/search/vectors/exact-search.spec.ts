import { IndexReader, VectorColumn } from '../index-reader';
import { docNormsSquared, exactTopK } from './exact-search';
import { cosineDot, cosineFrom, cosineNormSquared, cosineScore } from './similarity';
import { TopK } from './top-k';
import { seeded } from '../seeded.spec-helpers';

/**
 * The SIMD cosine scan of a large column (which skips the docs whose estimated cosine cannot reach the k-th best)
 * answers exactly what Lucene's loop over every document answers: the same docs, the same float32 scores, ties to the
 * lower doc.
 */

const DIM = 64;
const DOCS = 20_000;

function lucene(column: VectorColumn, docs: readonly number[], q: Float32Array, k: number, maxDoc = DOCS) {
  const norms = docNormsSquared(column, maxDoc);
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

  it('stays exact as the column grows between searches', () => {
    const grown = new VectorColumn(DIM);
    const more = seeded(9);
    const randomVector = () => Float32Array.from({ length: DIM }, () => more() * 2 - 1);
    for (let d = 0; d < 10_000; d++) grown.add(d, [randomVector()]);
    // each step adds 500 docs, the first 30 of them scaled copies of the step's query (cosine 1: they lead)
    for (const maxDoc of [10_000, 10_500, 11_000, 11_500]) {
      const q = randomVector();
      if (maxDoc > 10_000) {
        for (let d = maxDoc - 500; d < maxDoc; d++) {
          grown.add(d, [d < maxDoc - 470 ? Float32Array.from(q, (x) => x * (1 + d / 1e4)) : randomVector()]);
        }
      }
      const got = exactTopK(
        {
          reader: { maxDoc, isLive: () => true } as unknown as IndexReader,
          column: grown,
          space: 'cosinesimil',
          query: q,
          candidates: { kind: 'all' },
        },
        20,
      );
      const expected = lucene(
        grown,
        Array.from({ length: maxDoc }, (_, d) => d),
        q,
        20,
        maxDoc,
      );
      expect(Array.from(got.docs)).toEqual(Array.from(expected.docs));
      expect(Array.from(got.scores)).toEqual(Array.from(expected.scores));
      if (maxDoc > 10_000) expect(got.docs[0]).toBe(maxDoc - 500);
    }
  });
});
