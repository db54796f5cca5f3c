import { murmur3_32 } from './murmur3';

// Golden vectors: the published ones (smhasher's verification set as quoted on Wikipedia and in other ports), all
// re-checked against an independent Python implementation of MurmurHash3_x86_32 over UTF-8 bytes.
describe('murmur3_32', () => {
  it.each([
    ['', 0, 0x00000000],
    ['', 1, 0x514e28b7],
    ['', 0xffffffff, 0x81f16f39],
    ['hello', 0, 0x248bfa47],
    ['The quick brown fox jumps over the lazy dog', 0, 0x2e4ff723],
    ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
  ])('hashes %j with seed %d to the published value', (key, seed, expected) => {
    expect(murmur3_32(key, seed)).toBe(expected);
  });

  it.each([
    // Every tail length (0-3 bytes after the 4-byte blocks).
    ['a', 0x3c2569b2],
    ['ab', 0x9bbfd75f],
    ['abc', 0xb3dd93fa],
    ['abcd', 0x43ed676a],
    // Multi-byte UTF-8: hashed as bytes, not as UTF-16 code units.
    ['héllo wörld ✈', 0xee4875a7],
    ['日本語', 0xa5a47297],
  ])('hashes %j over its UTF-8 bytes (seed 0) to the reference value', (key, expected) => {
    expect(murmur3_32(key)).toBe(expected);
  });

  it('gives an unsigned 32-bit integer', () => {
    for (const key of ['x', 'member-1', 'variant:salt:42', '']) {
      const h = murmur3_32(key);
      expect(Number.isInteger(h)).toBe(true);
      expect(h).toBeGreaterThanOrEqual(0);
      expect(h).toBeLessThan(2 ** 32);
    }
  });
});
