import { topIndices } from './interactions.generator';
import { SeededRandom } from './seeded-random';

describe('SeededRandom', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    const a = new SeededRandom('demo');
    const b = new SeededRandom('demo');
    const sequenceA = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(sequenceA);
    expect(new SeededRandom('other').next()).not.toBe(sequenceA[0]);
  });

  it('forks independent streams that depend only on the seed and the label', () => {
    const root = new SeededRandom('demo');
    root.next(); // drawing from the parent does not move its forks
    expect(root.fork('places').next()).toBe(new SeededRandom('demo').fork('places').next());
    expect(root.fork('places').next()).not.toBe(root.fork('members').next());
  });

  it('draws uniform numbers in [0, 1) and integers in range', () => {
    const random = new SeededRandom('uniform');
    let sum = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = random.next();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
      const n = random.int(7);
      expect(Number.isInteger(n) && n >= 0 && n < 7).toBe(true);
    }
    expect(sum / 10_000).toBeCloseTo(0.5, 1);
  });

  it('draws standard normals (mean 0, variance 1) and finite Gumbel values', () => {
    const random = new SeededRandom('normal');
    const xs = Array.from({ length: 20_000 }, () => random.normal());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.05);
    const gumbels = Array.from({ length: 20_000 }, () => random.gumbel());
    expect(gumbels.every(Number.isFinite)).toBe(true);
    // The standard Gumbel's mean is the Euler–Mascheroni constant, 0.5772.
    expect(gumbels.reduce((a, b) => a + b, 0) / gumbels.length).toBeCloseTo(0.577, 1);
  });

  it('picks weighted indices in proportion to their weights', () => {
    const random = new SeededRandom('weights');
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[random.weightedIndex([1, 0, 3])]++;
    expect(counts[1]).toBe(0);
    expect(counts[2] / counts[0]).toBeCloseTo(3, 0);
  });

  it('samples distinct items', () => {
    const sample = new SeededRandom('sample').sample([1, 2, 3, 4, 5, 6], 4);
    expect(new Set(sample).size).toBe(4);
    expect(new SeededRandom('sample').sample([1, 2], 5)).toHaveLength(2);
  });
});

describe('topIndices', () => {
  it('returns the positions of the largest keys, largest first', () => {
    expect(topIndices(Float64Array.from([0.1, 5, -2, 3, 5.5, 0]), 3)).toEqual([4, 1, 3]);
    expect(topIndices(Float64Array.from([1, 2]), 5)).toEqual([1, 0]);
    expect(topIndices(Float64Array.from([1, 2]), 0)).toEqual([]);
  });
});
