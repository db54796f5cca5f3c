import fc from 'fast-check';
import { javaDouble, javaFloat } from './java-text';

/** The shortest digits by trying every length in turn: what the bisection in javaFloat must agree with. */
function shortestByScan(f: number): string {
  for (let p = 1; p <= 9; p++) {
    const candidate = f.toExponential(p - 1);
    if (Math.fround(Number(candidate)) === f) return candidate;
  }
  return f.toExponential(8);
}

describe('Java number text', () => {
  it('prints floats as Float.toString does', () => {
    expect(javaFloat(1)).toBe('1.0');
    expect(javaFloat(0.1)).toBe('0.1');
    expect(javaFloat(Math.fround(0.1) * 3)).toBe('0.3');
    expect(javaFloat(1 / 3)).toBe('0.33333334');
    expect(javaFloat(1e-5)).toBe('1.0E-5');
    expect(javaFloat(12345678)).toBe('1.2345678E7');
    expect(javaFloat(-0)).toBe('-0.0');
    expect(javaFloat(Math.fround(3.4028235e38))).toBe('3.4028235E38');
    expect(javaFloat(1.4e-45)).toBe('1.4E-45');
  });

  it('finds the shortest round-tripping digits of any float', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (f) => {
        if (f === 0) return;
        const text = javaFloat(f);
        expect(Math.fround(Number(text.replace('E', 'e')))).toBe(f);
        const shortest = shortestByScan(f);
        // one digit: the nearest of one or two digits instead
        const expected = shortest.includes('.') ? shortest : f.toExponential(1);
        expect(Number(text.replace('E', 'e'))).toBe(Number(expected));
      }),
      { numRuns: 5000 },
    );
  });

  it('prints doubles as Double.toString does', () => {
    expect(javaDouble(2)).toBe('2.0');
    expect(javaDouble(0.001)).toBe('0.001');
    expect(javaDouble(1e7)).toBe('1.0E7');
    expect(javaDouble(1.5e-4)).toBe('1.5E-4');
    expect(javaDouble(5e-324)).toBe('4.9E-324');
    expect(javaDouble(1e-5)).toBe('1.0E-5');
    expect(javaDouble(2e21)).toBe('2.0E21');
  });
});
