/**
 * MurmurHash3 x86_32 (Austin Appleby, public domain; `MurmurHash3_x86_32` in smhasher's `src/MurmurHash3.cpp`) over the
 * UTF-8 bytes of a string. Chosen for assignment because it is published, has reference vectors, and gives the same
 * 32-bit value on every platform and language, so another service (or a notebook) can recompute any bucket.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const encoder = new TextEncoder();

/** The unsigned 32-bit MurmurHash3 x86_32 of the UTF-8 bytes of `key`. */
export function murmur3_32(key: string, seed = 0): number {
  const bytes = encoder.encode(key);
  const blocks = bytes.length >>> 2;
  let h = seed >>> 0;
  for (let i = 0; i < blocks; i++) {
    const at = i << 2;
    // Little-endian block, as the reference reads it on x86.
    let k = bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = blocks << 2;
  const rest = bytes.length & 3;
  if (rest > 0) {
    // The 1 to 3 bytes after the blocks, little-endian, mixed like a block but without the h rotation.
    let k = 0;
    for (let i = rest - 1; i >= 0; i--) k = (k << 8) | bytes[tail + i];
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  h ^= bytes.length;
  // fmix32
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
