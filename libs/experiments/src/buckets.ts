import { murmur3_32 } from './murmur3';

/** Every layer is cut into this many buckets; shares in the files are multiples of 1/10,000. */
export const BUCKETS = 10_000;

/** The bucket of a key, in [0, 10,000): MurmurHash3 x86_32 (seed 0) of its UTF-8 bytes, modulo 10,000. */
export function bucketOf(key: string): number {
  return murmur3_32(key) % BUCKETS;
}

/** The bucket of a unit in a layer: which experiment (or the holdout) of that layer it falls in. */
export function layerBucketOf(layer: string, unitId: string): number {
  return bucketOf(`layer:${layer}:${unitId}`);
}

/**
 * The bucket that picks a unit's variant. It does not depend on the allocation, so raising an experiment's share only
 * adds units: no unit already in changes variant.
 */
export function variantBucketOf(salt: string, unitId: string): number {
  return bucketOf(`variant:${salt}:${unitId}`);
}

/**
 * A share of 1 as whole buckets, or undefined when it is not a whole number of buckets (after rounding to 1e-9, so
 * that 0.1 + 0.2 style decimals still count).
 */
export function sharesToBuckets(share: number): number | undefined {
  const buckets = share * BUCKETS;
  const whole = Math.round(buckets);
  return Math.abs(buckets - whole) <= 1e-9 ? whole : undefined;
}
