import { mean, sampleVariance } from './descriptive';
import { cuped } from './cuped';

describe('cuped', () => {
  it('removes the part of y that x explains (θ = cov / var, by hand)', () => {
    // x = 1, 2, 3, 4 (mean 2.5, Σ(x − x̄)² = 5); y = 2, 4, 5, 9 (mean 5): Σ(x − x̄)(y − ȳ) = 4.5 + 0.5 + 0 + 6 = 11,
    // θ = 11 / 5 = 2.2; adjusted = y − 2.2 (x − 2.5) = 5.3, 5.1, 3.9, 5.7.
    const { adjusted, theta } = cuped([2, 4, 5, 9], [1, 2, 3, 4]);
    expect(theta).toBeCloseTo(2.2, 14);
    [5.3, 5.1, 3.9, 5.7].forEach((v, i) => expect(adjusted[i]).toBeCloseTo(v, 12));
    expect(mean(adjusted)).toBeCloseTo(5, 12);
    expect(sampleVariance(adjusted)).toBeLessThan(sampleVariance([2, 4, 5, 9]));
  });

  it('leaves y alone when x does not vary', () => {
    expect(cuped([1, 2, 3], [7, 7, 7])).toEqual({ adjusted: [1, 2, 3], theta: 0 });
  });

  it('needs one x per y', () => {
    expect(() => cuped([1, 2], [1])).toThrow(RangeError);
  });
});
