import { sampleRatioMismatch } from './sample-ratio-mismatch';

describe('sampleRatioMismatch', () => {
  it('computes χ² and its p-value by hand', () => {
    // Expected 5,100 each: χ² = 2 · 100² / 5,100 = 3.9216; p = Q(1/2, 1.9608) = 0.04767 (scipy.stats.chisquare).
    const srm = sampleRatioMismatch([5000, 5200], [1, 1]);
    expect(srm.chiSquare).toBeCloseTo(20000 / 5100, 12);
    expect(srm.degreesOfFreedom).toBe(1);
    expect(srm.pValue).toBeCloseTo(0.0476703806561615, 10);
    expect(srm.mismatch).toBe(false);
  });

  it('uses the weights, with k − 1 degrees of freedom', () => {
    // Expected 1,025, 1,025, 2,050: χ² = 625/1025 · 2 + 2500/2050 = 2.4390; p = e^(−χ²/2) for 2 df = 0.29537.
    const srm = sampleRatioMismatch([1000, 1000, 2100], [1, 1, 2]);
    expect(srm.chiSquare).toBeCloseTo(2.4390243902439024, 12);
    expect(srm.degreesOfFreedom).toBe(2);
    expect(srm.pValue).toBeCloseTo(Math.exp(-srm.chiSquare / 2), 12);
  });

  it('flags a broken split', () => {
    const srm = sampleRatioMismatch([5000, 5400], [1, 1]);
    expect(srm.pValue).toBeLessThan(0.001);
    expect(srm.mismatch).toBe(true);
  });

  it('needs one weight per count', () => {
    expect(() => sampleRatioMismatch([1, 2], [1])).toThrow(RangeError);
  });
});
