import { BUCKETS, variantBucketOf } from './buckets';
import { variantBucketEnds, variantIndexOf } from './variant-buckets';

describe('variantBucketEnds', () => {
  it('normalises cumulative weights to 10,000 buckets, the last taking the remainder', () => {
    expect(variantBucketEnds([1, 1])).toEqual([5000, 10_000]);
    expect(variantBucketEnds([1, 2])).toEqual([3333, 10_000]);
    expect(variantBucketEnds([1, 1, 1])).toEqual([3333, 6667, 10_000]);
    expect(variantBucketEnds([0.2, 0.3, 0.5])).toEqual([2000, 5000, 10_000]);
    expect(variantBucketEnds([7])).toEqual([BUCKETS]);
  });
});

describe('variantIndexOf', () => {
  it('places the variant bucket among the ends', () => {
    const ends = [3333, 10_000];
    for (const unit of ['m1', 'm2', 'm3', 'm4', 'm5']) {
      expect(variantIndexOf('s', unit, ends)).toBe(variantBucketOf('s', unit) < 3333 ? 0 : 1);
    }
  });
});
