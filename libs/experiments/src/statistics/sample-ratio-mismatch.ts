import { regularizedGammaQ } from './special-functions';

export interface SampleRatioMismatch {
  readonly chiSquare: number;
  readonly degreesOfFreedom: number;
  readonly pValue: number;
  /** pValue < 0.001: the split is not what the weights say, so the experiment's results cannot be trusted. */
  readonly mismatch: boolean;
}

/** Below this p-value a split is a mismatch; strict, as the check runs on every experiment every day. */
const MISMATCH_P = 0.001;

/**
 * Pearson's chi-square goodness of fit of the units per variant to the variants' weights: χ² = Σ (o − e)² / e with
 * e = N · w / Σw, k − 1 degrees of freedom, p = Q((k − 1)/2, χ²/2) (the chi-square survival function).
 */
export function sampleRatioMismatch(
  counts: readonly number[],
  weights: readonly number[],
): SampleRatioMismatch {
  if (counts.length !== weights.length || counts.length < 2) {
    throw new RangeError(
      `need one weight per count and at least two variants, got ${counts.length} and ${weights.length}`,
    );
  }
  const total = counts.reduce((s, c) => s + c, 0);
  const totalWeight = weights.reduce((s, w) => s + w, 0);
  let chiSquare = 0;
  counts.forEach((observed, i) => {
    const expected = (total * weights[i]) / totalWeight;
    chiSquare += (observed - expected) ** 2 / expected;
  });
  const degreesOfFreedom = counts.length - 1;
  const pValue = regularizedGammaQ(degreesOfFreedom / 2, chiSquare / 2);
  return { chiSquare, degreesOfFreedom, pValue, mismatch: pValue < MISMATCH_P };
}
