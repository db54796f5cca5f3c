/**
 * Lucene's lossy one-byte field-length norm (org.apache.lucene.util.SmallFloat#intToByte4 / #byte4ToInt),
 * which BM25 decodes back into the document length it scores with (BM25Similarity#LENGTH_TABLE).
 */

/** SmallFloat#longToInt4: 3 mantissa bits and 5 exponent bits; values below 8 are exact. */
function longToInt4(i: number): number {
  const numBits = i === 0 ? 0 : Math.floor(Math.log2(i)) + 1;
  if (numBits < 4) return i;
  const shift = numBits - 4;
  let encoded = Math.floor(i / 2 ** shift);
  encoded &= 0x07;
  encoded |= (shift + 1) << 3;
  return encoded;
}

function int4ToLong(i: number): number {
  const bits = i & 0x07;
  const shift = (i >>> 3) - 1;
  return shift === -1 ? bits : (bits | 0x08) * 2 ** shift;
}

/** 255 - longToInt4(Integer.MAX_VALUE) = 24: lengths below this are encoded exactly. */
const NUM_FREE_VALUES = 255 - longToInt4(2147483647);

export function intToByte4(length: number): number {
  if (length < NUM_FREE_VALUES) return length;
  return NUM_FREE_VALUES + longToInt4(length - NUM_FREE_VALUES);
}

export function byte4ToInt(b: number): number {
  if (b < NUM_FREE_VALUES) return b;
  return NUM_FREE_VALUES + int4ToLong(b - NUM_FREE_VALUES);
}

/** BM25Similarity#LENGTH_TABLE: the decoded length of every norm byte. */
export const LENGTH_TABLE: Float32Array = Float32Array.from({ length: 256 }, (_, b) => byte4ToInt(b));
