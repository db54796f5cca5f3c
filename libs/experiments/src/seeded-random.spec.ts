import { murmur3_32 } from './murmur3';
import { mulberry32, seededRandom } from './seeded-random';

describe('mulberry32', () => {
  it('gives the reference sequence', () => {
    // From an independent Python port of the reference JavaScript (32-bit arithmetic made explicit).
    const random = mulberry32(0);
    [
      0.26642920868471265, 0.0003297457005828619, 0.2232720274478197, 0.1462021479383111, 0.46732782293111086,
    ].forEach((expected) => expect(random()).toBe(expected));
    expect(mulberry32(42)()).toBe(0.6011037519201636);
  });

  it('is roughly uniform in [0, 1)', () => {
    const random = mulberry32(7);
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 10_000; i++) {
      const value = random();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      counts[Math.floor(value * 10)]++;
    }
    for (const count of counts) expect(Math.abs(count - 1000)).toBeLessThan(120);
  });
});

describe('seededRandom', () => {
  it('is mulberry32 seeded with the MurmurHash3 of the string', () => {
    expect(seededRandom('request-1')()).toBe(mulberry32(murmur3_32('request-1'))());
    expect(seededRandom('a')()).not.toBe(seededRandom('b')());
  });
});
