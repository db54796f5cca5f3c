import { mean, sampleVariance } from './descriptive';
import { studentTQuantile, studentTTwoSidedP } from './student-t';

export interface MeanDifference {
  readonly meanT: number;
  readonly meanC: number;
  /** meanT − meanC. */
  readonly difference: number;
  /** difference / meanC (NaN when meanC is 0). */
  readonly relative: number;
  readonly standardError: number;
  /** Welch–Satterthwaite degrees of freedom (fractional). */
  readonly degreesOfFreedom: number;
  /** 95% interval of the difference: difference ± t(0.975, df) · standardError. */
  readonly ci95: readonly [number, number];
  /** Two-sided p-value of Welch's t test. */
  readonly pValue: number;
}

/**
 * Treatment minus control with Welch's unequal-variance t test (Welch 1947):
 * se = √(s²_T/n_T + s²_C/n_C), df = se⁴ / ((s²_T/n_T)²/(n_T − 1) + (s²_C/n_C)²/(n_C − 1)), t = difference / se.
 * Each group needs two values for its variance; otherwise the interval and p-value are NaN.
 */
export function meanDifference(treatment: readonly number[], control: readonly number[]): MeanDifference {
  const meanT = mean(treatment);
  const meanC = mean(control);
  const difference = meanT - meanC;
  const relative = meanC === 0 ? NaN : difference / meanC;
  const shareT = sampleVariance(treatment) / treatment.length;
  const shareC = sampleVariance(control) / control.length;
  const standardError = Math.sqrt(shareT + shareC);
  let degreesOfFreedom: number;
  let ci95: [number, number];
  let pValue: number;
  if (standardError === 0) {
    // Both groups constant: the difference is known exactly.
    degreesOfFreedom = Infinity;
    ci95 = [difference, difference];
    pValue = difference === 0 ? 1 : 0;
  } else {
    degreesOfFreedom =
      (shareT + shareC) ** 2 / (shareT ** 2 / (treatment.length - 1) + shareC ** 2 / (control.length - 1));
    const half = studentTQuantile(0.975, degreesOfFreedom) * standardError;
    ci95 = [difference - half, difference + half];
    pValue = studentTTwoSidedP(difference / standardError, degreesOfFreedom);
  }
  return { meanT, meanC, difference, relative, standardError, degreesOfFreedom, ci95, pValue };
}
