import { bisect, normalCdf, normalQuantile, regularizedIncompleteBeta } from './special-functions';

/**
 * P(|T| ≥ |t|) for Student's t with `df` degrees of freedom: I_{df/(df+t²)}(df/2, 1/2) (Numerical Recipes 6.14.9).
 * `df` may be fractional (Welch) or Infinity (the normal).
 */
export function studentTTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (df === Infinity) return 2 * normalCdf(-Math.abs(t));
  return regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** P(T ≤ t). */
export function studentTCdf(t: number, df: number): number {
  const tail = studentTTwoSidedP(t, df) / 2;
  return t < 0 ? tail : 1 - tail;
}

/** The p-quantile of Student's t, by bisection on the CDF (p in (0, 1)). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  if (df === Infinity) return normalQuantile(p);
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  // Solve on the upper tail, 2(1 − p) = P(|T| ≥ t), which keeps its precision for p near 1.
  const tail = 2 * (1 - p);
  let hi = 1;
  while (studentTTwoSidedP(hi, df) > tail) hi *= 2;
  return bisect((t) => tail - studentTTwoSidedP(t, df), 0, hi);
}
