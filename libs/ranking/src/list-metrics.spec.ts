import { catalogCoverage, gini, intraListDiversity, ndcgAtK, precisionAtK } from './list-metrics';

describe('intraListDiversity', () => {
  it('is the mean pairwise 1 − cosine', () => {
    // Pairs: (x, y) 1 − 0 = 1; (x, −x) 1 − (−1) = 2; (y, −x) 1 − 0 = 1 → 4 / 3.
    expect(
      intraListDiversity([
        [1, 0],
        [0, 1],
        [-1, 0],
      ]),
    ).toBeCloseTo(4 / 3, 12);
    // (x, y) 1; (x, x+y) and (y, x+y) 1 − 0.7071 each → (1 + 2 · 0.29289) / 3 = 0.52860.
    expect(
      intraListDiversity([
        [1, 0],
        [0, 1],
        [1, 1],
      ]),
    ).toBeCloseTo(0.5286, 4);
  });

  it('is 0 for identical directions and for fewer than two items', () => {
    expect(
      intraListDiversity([
        [1, 2],
        [2, 4],
      ]),
    ).toBeCloseTo(0, 12);
    expect(intraListDiversity([[1, 0]])).toBe(0);
    expect(intraListDiversity([])).toBe(0);
  });
});

describe('catalogCoverage', () => {
  it('is the share of the catalog shown at least once', () => {
    expect(
      catalogCoverage(
        [
          ['a', 'b'],
          ['b', 'c'],
        ],
        10,
      ),
    ).toBeCloseTo(0.3, 12);
    expect(catalogCoverage([], 5)).toBe(0);
    expect(() => catalogCoverage([['a']], 0)).toThrow(RangeError);
  });
});

describe('gini', () => {
  it('is 0 for an even distribution and (n − 1)/n when one holds everything', () => {
    expect(gini([1, 1, 1, 1])).toBe(0);
    expect(gini([0, 0, 0, 4])).toBeCloseTo(0.75, 12);
    expect(gini([4, 0, 0, 0])).toBeCloseTo(0.75, 12);
  });

  it('matches the pairwise definition on a hand example', () => {
    // Σ|xi − xj| over ordered pairs = 20; 2 n² μ = 2 · 16 · 2.5 = 80 → 0.25.
    expect(gini([3, 1, 4, 2])).toBeCloseTo(0.25, 12);
  });

  it('is 0 for no counts or all zeros, and refuses negative counts', () => {
    expect(gini([])).toBe(0);
    expect(gini([0, 0])).toBe(0);
    expect(() => gini([1, -1])).toThrow(RangeError);
    expect(() => gini([1, Number.NaN])).toThrow(RangeError);
  });
});

describe('nDCG@k and precision@k', () => {
  const relevance = new Map([
    ['a', 3],
    ['b', 0],
    ['c', 2],
    ['d', 1],
  ]);

  it('nDCG@k with linear gain, by hand', () => {
    // DCG@3 of [a, b, c] = 3/1 + 0/log2(3) + 2/log2(4) = 4. Ideal [3, 2, 1] = 3 + 2/1.58496 + 1/2 = 4.76186.
    expect(ndcgAtK(['a', 'b', 'c'], relevance, 3)).toBeCloseTo(4 / (3 + 2 / Math.log2(3) + 0.5), 12);
    expect(ndcgAtK(['a', 'b', 'c'], relevance, 3)).toBeCloseTo(0.84, 3);
    expect(ndcgAtK(['a', 'c', 'd'], relevance, 3)).toBeCloseTo(1, 12);
    // k = 1: a is the ideal first item.
    expect(ndcgAtK(['a', 'b'], relevance, 1)).toBe(1);
    expect(ndcgAtK(['b', 'x'], relevance, 2)).toBe(0);
    expect(ndcgAtK(['a'], new Map(), 5)).toBe(0);
  });

  it('precision@k counts relevant items in the first k, divided by k', () => {
    expect(precisionAtK(['a', 'b', 'c'], relevance, 3)).toBeCloseTo(2 / 3, 12);
    // A list shorter than k: the empty positions count as misses.
    expect(precisionAtK(['a', 'b', 'c'], relevance, 5)).toBeCloseTo(0.4, 12);
    expect(precisionAtK(['a', 'b', 'c'], relevance, 3, 3)).toBeCloseTo(1 / 3, 12);
    expect(() => precisionAtK(['a'], relevance, 0)).toThrow(RangeError);
  });
});
