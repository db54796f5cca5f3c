import { studentTCdf, studentTQuantile, studentTTwoSidedP } from './student-t';

describe('Student t', () => {
  it.each([
    // Published table values (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2, more digits from scipy.stats.t.ppf).
    [0.975, 10, 2.228138852],
    [0.975, 30, 2.042272456],
    [0.975, Infinity, 1.959963985],
    [0.995, 1, 63.65674116],
    [0.95, 3.5, 2.222433494],
  ])('the %d quantile with %d degrees of freedom is %d', (p, df, expected) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(expected, 8);
    expect(studentTQuantile(1 - p, df)).toBeCloseTo(-expected, 8);
  });

  it('inverts the CDF, and the two-sided p is twice a tail', () => {
    expect(studentTCdf(2.228138851986274, 10)).toBeCloseTo(0.975, 12);
    expect(studentTCdf(-1.5, 4.2)).toBeCloseTo(0.10234039206283564, 12);
    expect(studentTTwoSidedP(2.042272456301238, 30)).toBeCloseTo(0.05, 12);
    expect(studentTTwoSidedP(0, 7)).toBeCloseTo(1, 14);
  });
});
