/**
 * How far a candidate is, as members see it: a coarse bucket, never a number. The first bucket starts at 5 km so
 * that a bucket says which part of a city, not which street (an exact distance from a few places gives a home away).
 */
export const DISTANCE_BUCKETS = ['under5km', '5to25km', '25to100km', '100to500km', 'over500km'] as const;
export type DistanceBucket = (typeof DISTANCE_BUCKETS)[number];

/** Upper bounds (km, inclusive) of every bucket but the last. */
const BOUNDS_KM = [5, 25, 100, 500];

export function distanceBucket(km: number): DistanceBucket {
  const index = BOUNDS_KM.findIndex((bound) => km <= bound);
  return DISTANCE_BUCKETS[index < 0 ? BOUNDS_KM.length : index];
}
