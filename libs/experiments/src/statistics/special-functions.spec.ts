import {
  logGamma,
  normalCdf,
  normalQuantile,
  regularizedGammaP,
  regularizedGammaQ,
  regularizedIncompleteBeta,
} from './special-functions';

// Expected values: closed forms where there is one, otherwise scipy.special (gammaln, betainc, gammainc(c)).
describe('special functions', () => {
  it('logGamma matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(1)).toBeCloseTo(0, 14);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(logGamma(10.5)).toBeCloseTo(13.940625219403763, 12);
    expect(logGamma(0.3)).toBeCloseTo(1.0957979948180756, 12);
  });

  it('regularizedIncompleteBeta matches closed forms and scipy', () => {
    // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(1, b) = 1 − (1 − x)^b.
    expect(regularizedIncompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(regularizedIncompleteBeta(0.6, 3, 1)).toBeCloseTo(0.216, 14);
    expect(regularizedIncompleteBeta(0.2, 1, 4)).toBeCloseTo(1 - 0.8 ** 4, 14);
    expect(regularizedIncompleteBeta(0.3, 2.5, 0.5)).toBeCloseTo(0.018927124071945658, 12);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });

  it('regularizedGamma P and Q match closed forms and scipy', () => {
    // Q(1, x) = e^−x; Q(3, x) = e^−x (1 + x + x²/2).
    expect(regularizedGammaQ(1, 2)).toBeCloseTo(Math.exp(-2), 14);
    expect(regularizedGammaQ(3, 2.5)).toBeCloseTo(Math.exp(-2.5) * (1 + 2.5 + 3.125), 14);
    expect(regularizedGammaQ(3, 2.5)).toBeCloseTo(0.5438131158833297, 13);
    expect(regularizedGammaP(0.5, 0.1)).toBeCloseTo(0.34527915398142317, 13);
    expect(regularizedGammaP(4, 7) + regularizedGammaQ(4, 7)).toBeCloseTo(1, 14);
  });

  it('normalCdf and normalQuantile agree with the tables', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 15);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 13);
    expect(normalCdf(-1)).toBeCloseTo(0.15865525393145707, 13);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 10);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963984540054, 10);
  });
});
