import { BUCKETS, bucketOf, layerBucketOf, sharesToBuckets, variantBucketOf } from './buckets';

describe('buckets', () => {
  it('are MurmurHash3 (seed 0) modulo 10,000', () => {
    expect(bucketOf('hello')).toBe(0x248bfa47 % BUCKETS); // 613,153,351 → 3,351
    expect(bucketOf('hello')).toBe(3351);
    expect(bucketOf('')).toBe(0);
    expect(layerBucketOf('travel-ranking', 'm1')).toBe(bucketOf('layer:travel-ranking:m1'));
    expect(variantBucketOf('salt-v1', 'm1')).toBe(bucketOf('variant:salt-v1:m1'));
  });

  it('turn shares into whole buckets, or refuse', () => {
    expect(sharesToBuckets(0.05)).toBe(500);
    expect(sharesToBuckets(0.1 + 0.2)).toBe(3000);
    expect(sharesToBuckets(1)).toBe(10_000);
    expect(sharesToBuckets(0)).toBe(0);
    expect(sharesToBuckets(0.00005)).toBeUndefined();
    expect(sharesToBuckets(0.12345)).toBeUndefined();
  });
});
