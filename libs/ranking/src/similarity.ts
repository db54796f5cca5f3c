import type { Candidate } from '@app/pipeline';

/** Cosine similarity; 0 when either vector is all zeros or the lengths differ (nothing to compare). */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Jaccard overlap |A ∩ B| / |A ∪ B| of two label sets; 0 when both are empty (they share nothing). */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  const left = new Set(a);
  const right = new Set(b);
  let shared = 0;
  for (const label of left) if (right.has(label)) shared++;
  const union = left.size + right.size - shared;
  return union === 0 ? 0 : shared / union;
}

/**
 * The candidates' scores min-max normalised over the list, to [0, 1]: list-wise stages compare relevance on one
 * scale whatever the engine's score range. When every score is the same, every candidate gets 1.
 */
export function normalizedScores<T>(candidates: readonly Candidate<T>[]): Float64Array {
  const out = new Float64Array(candidates.length);
  let min = Infinity;
  let max = -Infinity;
  for (const c of candidates) {
    if (c.score < min) min = c.score;
    if (c.score > max) max = c.score;
  }
  const spread = max - min;
  for (let i = 0; i < candidates.length; i++) {
    out[i] = spread > 0 ? (candidates[i].score - min) / spread : 1;
  }
  return out;
}

/** max − min of the candidates' scores; 0 for fewer than two. */
export function scoreSpread<T>(candidates: readonly Candidate<T>[]): number {
  let min = Infinity;
  let max = -Infinity;
  for (const c of candidates) {
    if (c.score < min) min = c.score;
    if (c.score > max) max = c.score;
  }
  return candidates.length > 1 ? max - min : 0;
}

/** A stable sort by score, highest first: equal scores keep their order. */
export function byScoreDescending<T>(candidates: readonly Candidate<T>[]): Candidate<T>[] {
  // Array.prototype.sort is stable (ES2019).
  return [...candidates].sort((a, b) => b.score - a.score);
}
