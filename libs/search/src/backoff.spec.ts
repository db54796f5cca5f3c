import { assertBackoffPolicy, backoffDelay, BackoffPolicy, withBackoff } from './backoff';

const POLICY: BackoffPolicy = { maxAttempts: 4, initialDelayMs: 100, maxDelayMs: 300, multiplier: 2 };

describe('backoffDelay', () => {
  it('doubles from the initial delay up to the cap, with half of it random', () => {
    // random 0 → half the exponential delay; random 1 → all of it
    expect([1, 2, 3, 4].map((retry) => backoffDelay(POLICY, retry, () => 0))).toEqual([50, 100, 150, 150]);
    expect([1, 2, 3, 4].map((retry) => backoffDelay(POLICY, retry, () => 1))).toEqual([100, 200, 300, 300]);
  });
});

describe('withBackoff', () => {
  const waits: number[] = [];
  const options = {
    policy: POLICY,
    retryable: (error: unknown) => (error as Error).message === 'busy',
    sleep: async (ms: number) => {
      waits.push(ms);
    },
    random: () => 0,
  };
  beforeEach(() => waits.splice(0));

  it('retries a retryable failure until it succeeds', async () => {
    let calls = 0;
    const result = await withBackoff(async () => {
      calls++;
      if (calls < 3) throw new Error('busy');
      return 'done';
    }, options);
    expect(result).toBe('done');
    expect(calls).toBe(3);
    expect(waits).toEqual([50, 100]);
  });

  it('gives up after maxAttempts with the last error', async () => {
    let calls = 0;
    await expect(
      withBackoff(async () => {
        calls++;
        throw new Error('busy');
      }, options),
    ).rejects.toThrow('busy');
    expect(calls).toBe(4);
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    await expect(
      withBackoff(async () => {
        calls++;
        throw new Error('bad request');
      }, options),
    ).rejects.toThrow('bad request');
    expect(calls).toBe(1);
  });

  it('tells onRetry about each wait', async () => {
    const told: [number, number][] = [];
    let calls = 0;
    await withBackoff(
      async () => {
        if (++calls < 2) throw new Error('busy');
      },
      { ...options, onRetry: (_e, retry, delay) => told.push([retry, delay]) },
    );
    expect(told).toEqual([[1, 50]]);
  });
});

describe('assertBackoffPolicy', () => {
  it('names the bad field', () => {
    expect(() => assertBackoffPolicy({ ...POLICY, maxAttempts: 0 })).toThrow('maxAttempts');
    expect(() => assertBackoffPolicy({ ...POLICY, multiplier: 0.5 })).toThrow('multiplier');
    expect(() => assertBackoffPolicy(POLICY)).not.toThrow();
  });
});
