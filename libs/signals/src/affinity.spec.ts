import { addToAffinity, decayedAffinity, parseStoredAffinity } from './affinity';

const HALF_LIFE = 14 * 86_400_000;
const T0 = Date.UTC(2025, 0, 6);

describe('affinity decay', () => {
  it('halves per half-life: 0.5^(Δt / halfLife)', () => {
    const stored = { score: 8, updatedAt: T0 };
    expect(decayedAffinity(stored, T0 + HALF_LIFE, HALF_LIFE)).toBe(4);
    expect(decayedAffinity(stored, T0 + 3 * HALF_LIFE, HALF_LIFE)).toBe(1);
    expect(decayedAffinity(stored, T0 + HALF_LIFE / 2, HALF_LIFE)).toBeCloseTo(8 / Math.SQRT2, 12);
  });

  it('never grows when read before its last update', () => {
    expect(decayedAffinity({ score: 2, updatedAt: T0 }, T0 - HALF_LIFE, HALF_LIFE)).toBe(2);
  });

  it('adds an interaction after decaying to its time, and the result does not depend on arrival order', () => {
    const first = addToAffinity(undefined, 1, T0, HALF_LIFE);
    expect(first).toEqual({ score: 1, updatedAt: T0 });
    const inOrder = addToAffinity(first, 2, T0 + HALF_LIFE, HALF_LIFE);
    expect(inOrder).toEqual({ score: 2.5, updatedAt: T0 + HALF_LIFE });
    const reversed = addToAffinity(addToAffinity(undefined, 2, T0 + HALF_LIFE, HALF_LIFE), 1, T0, HALF_LIFE);
    expect(reversed).toEqual(inOrder);
  });

  it('reads the stored form score:updatedAt and nothing else', () => {
    expect(parseStoredAffinity('-0.5:1736121600000')).toEqual({ score: -0.5, updatedAt: 1736121600000 });
    expect(parseStoredAffinity('1.5')).toBeUndefined();
    expect(parseStoredAffinity(':1')).toBeUndefined();
    expect(parseStoredAffinity('x:1')).toBeUndefined();
  });
});
