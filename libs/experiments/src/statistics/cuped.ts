import { mean } from './descriptive';

export interface CupedResult {
  /** y − θ(x − mean(x)): same mean as y, less variance when x predicts y. */
  readonly adjusted: number[];
  readonly theta: number;
}

/**
 * CUPED (Deng, Xu, Kohavi & Walker, "Improving the sensitivity of online controlled experiments by utilizing
 * pre-experiment data", WSDM 2013): θ = cov(x, y) / var(x) over the pooled sample (both variants, so θ does not depend
 * on the treatment), adjusted = y − θ(x − mean(x)). θ = 0 when x does not vary. x is a pre-experiment covariate.
 */
export function cuped(y: readonly number[], x: readonly number[]): CupedResult {
  if (y.length !== x.length)
    throw new RangeError(`cuped needs one x per y, got ${x.length} x and ${y.length} y`);
  const meanX = mean(x);
  const meanY = mean(y);
  let covariance = 0;
  let variance = 0;
  for (let i = 0; i < x.length; i++) {
    covariance += (x[i] - meanX) * (y[i] - meanY);
    variance += (x[i] - meanX) ** 2;
  }
  const theta = variance === 0 ? 0 : covariance / variance;
  return { adjusted: y.map((v, i) => v - theta * (x[i] - meanX)), theta };
}
