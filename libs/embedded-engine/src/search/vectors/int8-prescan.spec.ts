import { IndexReader, VectorColumn } from '../index-reader';
import { cosineSurvivors } from './int8-prescan';
import { cosineDot, cosineFrom, cosineNormSquared, cosineScore } from './similarity';
import { TopK } from './top-k';
import { seeded } from '../seeded.spec-helpers';

/**
 * The pre-scan may only rule out docs that cannot be in the top k: whatever it keeps, Lucene's top k is among it. And it
 * must rule out most docs, or it costs a scan for nothing.
 */

const DIM = 64;

function luceneCosine(column: VectorColumn, q: Float32Array, d: number): number {
  const norm = cosineNormSquared(column.data, d * DIM, DIM);
  return cosineFrom(cosineDot(q, column.data, d * DIM), cosineNormSquared(q, 0, DIM), norm);
}

function luceneTop(column: VectorColumn, docs: Iterable<number>, q: Float32Array, k: number): number[] {
  const top = new TopK(k);
  for (const d of docs) {
    const s = cosineScore(luceneCosine(column, q, d));
    if (s > top.threshold) top.offer(d, s);
  }
  return Array.from(top.toDocOrder().docs);
}

const readerOf = (maxDoc: number, dead = new Set<number>()) =>
  ({ maxDoc, isLive: (d: number) => !dead.has(d) }) as unknown as IndexReader;

describe('cosineSurvivors', () => {
  const random = seeded(11);
  const randomVector = () => Float32Array.from({ length: DIM }, () => random() * 2 - 1);

  it('keeps Lucene’s top k, among few survivors, over clustered vectors, a filter list and dead docs', () => {
    const docs = 20_000;
    const column = new VectorColumn(DIM);
    const centres = Array.from({ length: 8 }, randomVector);
    for (let d = 0; d < docs; d++) {
      column.add(d, [Float32Array.from(centres[d % 8], (x) => x + (random() - 0.5) * 0.8)]);
    }
    const dead = new Set(Array.from({ length: 2_000 }, (_, i) => i * 7));
    const reader = readerOf(docs, dead);
    const live = Array.from({ length: docs }, (_, d) => d).filter((d) => !dead.has(d));
    const list = Int32Array.from(live.filter((d) => d % 3 !== 0));
    for (const k of [1, 10, 50, 1_000]) {
      for (let i = 0; i < 5; i++) {
        const q = Float32Array.from(centres[i], (x) => x + (random() - 0.5) * 0.8);
        for (const candidates of [undefined, list]) {
          const survivors = cosineSurvivors(reader, column, q, k, candidates)!;
          expect(survivors).toBeDefined();
          const kept = new Set(survivors);
          for (const d of luceneTop(column, candidates ?? live, q, k)) expect(kept.has(d)).toBe(true);
          for (const d of survivors)
            expect(candidates ? kept.has(d) && list.includes(d) : !dead.has(d)).toBe(true);
          // most docs are ruled out (here at most 434 of 12,000 or more for k ≤ 50, 1,841 for k = 1,000)
          const count = candidates?.length ?? live.length;
          expect(survivors.length).toBeLessThan(count / (k <= 50 ? 20 : 5));
        }
      }
    }
  });

  it('keeps a doc whose rounding errors all point the query’s way (the bound’s worst case)', () => {
    // q = ±1: its codes are exact. The best doc's components sit just below half a code step above a code, on the
    // query's side, so its codes underrate it by nearly the whole bound. A decoy with exact codes (no error) is placed
    // four fifths of the way from what the codes say of the best doc to what it is: a bound too narrow (by a fifth)
    // would rule the best doc out.
    const random = seeded(5);
    const signs = Array.from({ length: DIM }, () => (random() < 0.5 ? -1 : 1));
    const q = Float32Array.from(signs);
    const steps = signs.map((_, i) => (i === 0 ? 127 : 40 + Math.floor(random() * 60)));
    const best = Float32Array.from(steps, (m, i) => (signs[i] * (i === 0 ? m : m + 0.499)) / 127);
    const column = new VectorColumn(DIM);
    column.add(0, [best]);
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i], 0);
    const cosine = (v: Float32Array) => dot(q, v) / Math.sqrt(dot(q, q) * dot(v, v));
    // what the codes say of the best doc: its coded vector's dot product over its own norm
    const coded = Float32Array.from(steps, (m, i) => (signs[i] * m) / 127);
    const said = dot(q, coded) / Math.sqrt(dot(q, q) * dot(best, best));
    const target = said + 0.8 * (cosine(best) - said);
    // the decoy: exact codes, spread out (the smallest step lowered, again and again) until its cosine is the target
    const decoySteps = [...steps];
    const decoy = () => Float32Array.from(decoySteps, (m, i) => (signs[i] * m) / 127);
    while (cosine(decoy()) > target) {
      let smallest = 1;
      for (let i = 2; i < DIM; i++)
        if (decoySteps[i] > 0 && decoySteps[i] < decoySteps[smallest]) smallest = i;
      decoySteps[smallest]--;
    }
    column.add(1, [decoy()]);
    const window = cosine(best) - said;
    expect(window).toBeGreaterThan(0.005);
    expect(Math.abs(luceneCosine(column, q, 1) - target)).toBeLessThan(window / 20);
    for (let d = 2; d < 3_000; d++)
      column.add(d, [Float32Array.from({ length: DIM }, () => random() * 2 - 1)]);
    expect(
      luceneTop(
        column,
        Array.from({ length: 3_000 }, (_, d) => d),
        q,
        1,
      ),
    ).toEqual([0]);
    const survivors = Array.from(cosineSurvivors(readerOf(3_000), column, q, 1, undefined)!);
    expect(survivors).toEqual([0, 1]);
  });

  it('steps aside for few candidates, a large k and a zero query', () => {
    const column = new VectorColumn(DIM);
    for (let d = 0; d < 3_000; d++) column.add(d, [randomVector()]);
    const reader = readerOf(3_000);
    expect(
      cosineSurvivors(
        reader,
        column,
        randomVector(),
        10,
        Int32Array.from({ length: 1_000 }, (_, i) => i),
      ),
    ).toBe(undefined);
    expect(cosineSurvivors(reader, column, randomVector(), 1_000, undefined)).toBe(undefined);
    expect(cosineSurvivors(reader, column, new Float32Array(DIM), 10, undefined)).toBe(undefined);
    expect(cosineSurvivors(reader, column, randomVector(), 10, undefined)).toBeDefined();
  });
});
