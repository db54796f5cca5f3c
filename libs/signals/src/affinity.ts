/** A category affinity as stored: the score as of `updatedAt`. Scores decay exponentially with time. */
export interface StoredAffinity {
  score: number;
  updatedAt: number;
}

/**
 * Exponential decay, score(t) = score(u) · 0.5^((t − u) / halfLife). A read at or before the last update
 * returns the stored score unchanged, so a clock running behind never inflates an affinity.
 */
export function decayedAffinity(stored: StoredAffinity, now: number, halfLifeMs: number): number {
  if (now <= stored.updatedAt) return stored.score;
  return stored.score * Math.pow(0.5, (now - stored.updatedAt) / halfLifeMs);
}

/**
 * Adds one interaction of `weight` made at `at`. An interaction older than the stored update is decayed
 * to the stored time instead, so the result is the same whatever order the events arrive in.
 * The Lua script in record-event.script.ts applies the same formula inside Redis.
 */
export function addToAffinity(
  stored: StoredAffinity | undefined,
  weight: number,
  at: number,
  halfLifeMs: number,
): StoredAffinity {
  if (!stored) return { score: weight, updatedAt: at };
  if (at >= stored.updatedAt) {
    return { score: decayedAffinity(stored, at, halfLifeMs) + weight, updatedAt: at };
  }
  const decayedWeight = weight * Math.pow(0.5, (stored.updatedAt - at) / halfLifeMs);
  return { score: stored.score + decayedWeight, updatedAt: stored.updatedAt };
}

/** Reads the `score:updatedAt` form the Lua script writes; undefined for anything else. */
export function parseStoredAffinity(text: string): StoredAffinity | undefined {
  const separator = text.indexOf(':');
  if (separator <= 0 || separator === text.length - 1) return undefined;
  const score = Number(text.slice(0, separator));
  const updatedAt = Number(text.slice(separator + 1));
  if (!Number.isFinite(score) || !Number.isFinite(updatedAt)) return undefined;
  return { score, updatedAt };
}
