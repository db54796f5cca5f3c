import { meanDifference } from './mean-difference';

describe('meanDifference (Welch)', () => {
  it('gives the hand-computed Welch statistics', () => {
    // T = 1..5: mean 3, s² 2.5, s²/n 0.5. C = 2, 4, 6: mean 4, s² 4, s²/n 4/3.
    // se = √(0.5 + 4/3) = √(11/6) = 1.3540064; df = (11/6)² / (0.5²/4 + (4/3)²/2) = 3.3611 / 0.95139 = 3.5328467;
    // t = −1 / 1.3540064 = −0.7385489; p and t(0.975, 3.5328) = 2.9279 checked with scipy.stats (ttest_ind, t.ppf).
    const result = meanDifference([1, 2, 3, 4, 5], [2, 4, 6]);
    expect(result.meanT).toBe(3);
    expect(result.meanC).toBe(4);
    expect(result.difference).toBe(-1);
    expect(result.relative).toBe(-0.25);
    expect(result.standardError).toBeCloseTo(Math.sqrt(11 / 6), 14);
    expect(result.degreesOfFreedom).toBeCloseTo(3.3611111111 / 0.9513888889, 8);
    expect(result.pValue).toBeCloseTo(0.5062141716528481, 10);
    expect(result.ci95[0]).toBeCloseTo(-4.963725522186273, 8);
    expect(result.ci95[1]).toBeCloseTo(2.963725522186273, 8);
  });

  it('is exact when both groups are constant, and NaN where a variance is undefined', () => {
    const constant = meanDifference([2, 2, 2], [1, 1]);
    expect(constant.difference).toBe(1);
    expect(constant.ci95).toEqual([1, 1]);
    expect(constant.pValue).toBe(0);
    const single = meanDifference([1], [1, 2, 3]);
    expect(single.difference).toBe(-1);
    expect(single.pValue).toBeNaN();
    expect(meanDifference([1, 2], [0, 0]).relative).toBeNaN();
  });
});
