import { murmur3_32 } from './murmur3';

/**
 * Mulberry32 (Tommy Ettinger, public domain): a small 32-bit PRNG, uniform in [0, 1), good enough for coin flips.
 * Deterministic for a seed, so an interleaved page can be rebuilt from the request id.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A generator seeded by a string (e.g. the request id): mulberry32 seeded with its MurmurHash3. */
export function seededRandom(seed: string): () => number {
  return mulberry32(murmur3_32(seed));
}
