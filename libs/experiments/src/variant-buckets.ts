import { BUCKETS, variantBucketOf } from './buckets';

/**
 * Where each variant's buckets end: the cumulative weights normalised to 10,000 buckets, rounded, the last variant
 * ending at 10,000 (it takes the rounding remainder). Variant i holds the variant buckets [ends[i-1], ends[i]).
 */
export function variantBucketEnds(weights: readonly number[]): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  let cumulative = 0;
  return weights.map((weight, i) => {
    cumulative += weight;
    return i === weights.length - 1 ? BUCKETS : Math.round((cumulative / total) * BUCKETS);
  });
}

/** The index of the variant a unit gets: its variant bucket (salted hash) placed among the variants' ends. */
export function variantIndexOf(salt: string, unitId: string, ends: readonly number[]): number {
  const bucket = variantBucketOf(salt, unitId);
  const index = ends.findIndex((end) => bucket < end);
  return index === -1 ? ends.length - 1 : index;
}
