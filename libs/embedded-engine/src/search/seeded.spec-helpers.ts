/** A seeded pseudo-random generator in [0, 1] (a linear congruential one), for reproducible specs. */
export function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}
