import { bucketTtlMs, InMemoryTokenBuckets, msUntilToken, refilled } from './token-bucket';

const FIVE_A_SECOND = { capacity: 5, refillPerSecond: 1 };

describe('token bucket arithmetic', () => {
  it('starts full, refills at its rate up to capacity, and never refills backwards', () => {
    expect(refilled(undefined, FIVE_A_SECOND, 1_000)).toEqual({ tokens: 5, updatedAt: 1_000 });
    expect(refilled({ tokens: 0, updatedAt: 1_000 }, FIVE_A_SECOND, 2_500)).toEqual({
      tokens: 1.5,
      updatedAt: 2_500,
    });
    expect(refilled({ tokens: 4, updatedAt: 1_000 }, FIVE_A_SECOND, 60_000)).toEqual({
      tokens: 5,
      updatedAt: 60_000,
    });
    expect(refilled({ tokens: 2, updatedAt: 5_000 }, FIVE_A_SECOND, 4_000)).toEqual({
      tokens: 2,
      updatedAt: 5_000,
    });
  });

  it('says how long until a token: (1 - tokens) / rate, rounded up to the ms', () => {
    expect(msUntilToken(1, FIVE_A_SECOND)).toBe(0);
    expect(msUntilToken(0, FIVE_A_SECOND)).toBe(1_000);
    expect(msUntilToken(0.25, FIVE_A_SECOND)).toBe(750);
    expect(msUntilToken(0, { capacity: 1, refillPerSecond: 3 })).toBe(334);
  });

  it('keeps a bucket until it would be full again from empty, plus a second', () => {
    expect(bucketTtlMs(FIVE_A_SECOND)).toBe(6_000);
    expect(bucketTtlMs({ capacity: 100, refillPerSecond: 50 })).toBe(3_000);
  });
});

describe('InMemoryTokenBuckets', () => {
  const travel = { scope: 'travel' as const, limit: FIVE_A_SECOND };

  it('lets capacity requests through at once, refuses the next, and refills with time', () => {
    const buckets = new InMemoryTokenBuckets();
    for (let i = 0; i < 5; i++)
      expect(buckets.take('app', [travel], 0)).toEqual({ allowed: true, retryAfterMs: 0 });
    expect(buckets.take('app', [travel], 0)).toEqual({ allowed: false, retryAfterMs: 1_000 });
    expect(buckets.take('app', [travel], 400)).toEqual({ allowed: false, retryAfterMs: 600 });
    expect(buckets.take('app', [travel], 1_000).allowed).toBe(true);
    expect(buckets.take('app', [travel], 1_000)).toEqual({ allowed: false, retryAfterMs: 1_000 });
    // 3.5 s later: 3.5 tokens, so 3 requests pass and the 4th waits for the missing half token.
    for (let i = 0; i < 3; i++) expect(buckets.take('app', [travel], 4_500).allowed).toBe(true);
    expect(buckets.take('app', [travel], 4_500)).toEqual({ allowed: false, retryAfterMs: 500 });
  });

  it('keeps a bucket per key and per scope', () => {
    const buckets = new InMemoryTokenBuckets();
    const one = { scope: 'travel' as const, limit: { capacity: 1, refillPerSecond: 1 } };
    const other = { scope: 'networking' as const, limit: { capacity: 1, refillPerSecond: 1 } };
    expect(buckets.take('a', [one], 0).allowed).toBe(true);
    expect(buckets.take('a', [one], 0).allowed).toBe(false);
    expect(buckets.take('b', [one], 0).allowed).toBe(true);
    expect(buckets.take('a', [other], 0).allowed).toBe(true);
  });

  it('takes from every charged bucket or from none', () => {
    const buckets = new InMemoryTokenBuckets();
    const travelOne = { scope: 'travel' as const, limit: { capacity: 1, refillPerSecond: 1 } };
    const networkingTwo = { scope: 'networking' as const, limit: { capacity: 2, refillPerSecond: 2 } };
    expect(buckets.take('a', [travelOne, networkingTwo], 0).allowed).toBe(true);
    // travel is empty: the mixed request is refused and networking keeps its last token.
    expect(buckets.take('a', [travelOne, networkingTwo], 0)).toEqual({ allowed: false, retryAfterMs: 1_000 });
    expect(buckets.take('a', [networkingTwo], 0).allowed).toBe(true);
    expect(buckets.take('a', [networkingTwo], 0)).toEqual({ allowed: false, retryAfterMs: 500 });
  });

  it('forgets a bucket after its TTL, when it would be full anyway', () => {
    const buckets = new InMemoryTokenBuckets();
    for (let i = 0; i < 5; i++) buckets.take('app', [travel], 0);
    expect(buckets.take('app', [travel], 6_001)).toEqual({ allowed: true, retryAfterMs: 0 });
    for (let i = 0; i < 4; i++) expect(buckets.take('app', [travel], 6_001).allowed).toBe(true);
    expect(buckets.take('app', [travel], 6_001).allowed).toBe(false);
  });
});
