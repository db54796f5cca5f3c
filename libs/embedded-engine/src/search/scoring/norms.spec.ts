import { byte4ToInt, intToByte4, LENGTH_TABLE } from './norms';

describe('one-byte length norms (SmallFloat.intToByte4)', () => {
  it('encodes lengths below 24 exactly', () => {
    for (let n = 0; n < 24; n++) expect(byte4ToInt(intToByte4(n))).toBe(n);
  });

  it('rounds longer lengths down to 4 significant bits, as Lucene does', () => {
    // 24 + longToInt4(n - 24): n = 40 → 16 = 0b10000 → shift 1, mantissa 0 → (2<<3)|0 = 16 → byte 40 → decodes to 24 + 16 = 40.
    expect(intToByte4(40)).toBe(40);
    // n = 41 → 17 = 0b10001: shift 1, 17>>>1 = 8 & 7 = 0 → byte 40 → decodes to 40 (lossy).
    expect(intToByte4(41)).toBe(40);
    expect(byte4ToInt(intToByte4(41))).toBe(40);
    // n = 100 → 76 = 0b1001100: shift 3, 76>>>3 = 9 & 7 = 1, (4<<3)|1 = 33 → byte 57 → 24 + (9 << 3) = 96.
    expect(intToByte4(100)).toBe(57);
    expect(byte4ToInt(57)).toBe(96);
  });

  it('decodes every byte monotonically, up to Integer.MAX_VALUE', () => {
    for (let b = 1; b < 256; b++) expect(LENGTH_TABLE[b]).toBeGreaterThan(LENGTH_TABLE[b - 1]);
    expect(intToByte4(2147483647)).toBe(255);
  });
});
