/** Exponential backoff with jitter, for engine calls that fail transiently. */
export interface BackoffPolicy {
  /** attempts in all, the first one included (1: no retry) */
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  multiplier: number;
}

/** 6 attempts over about 6 s at most: rides out an engine restart or a busy moment, fails clearly after. */
export const DEFAULT_BACKOFF: BackoffPolicy = {
  maxAttempts: 6,
  initialDelayMs: 200,
  maxDelayMs: 3_000,
  multiplier: 2,
};

/**
 * The wait before retry number `retry` (1 for the first retry): exponential, capped, with "equal jitter" (half
 * fixed, half random) so that many clients retrying at once spread out but never retry immediately.
 */
export function backoffDelay(
  policy: BackoffPolicy,
  retry: number,
  random: () => number = Math.random,
): number {
  const exponential = policy.initialDelayMs * policy.multiplier ** Math.max(0, retry - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  return Math.round(capped / 2 + random() * (capped / 2));
}

export interface RetryOptions {
  policy: BackoffPolicy;
  /** whether this error may go away by itself */
  retryable: (error: unknown) => boolean;
  /** told before each wait (for logs) */
  onRetry?: (error: unknown, retry: number, delayMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `operation` until it succeeds, fails with a non-retryable error, or the attempts are used up. */
export async function withBackoff<T>(
  operation: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const wait = options.sleep ?? sleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= options.policy.maxAttempts || !options.retryable(error)) throw error;
      const delayMs = backoffDelay(options.policy, attempt, options.random);
      options.onRetry?.(error, attempt, delayMs);
      await wait(delayMs);
    }
  }
}

/** Refuses a policy that would never try or never stop, naming the field. */
export function assertBackoffPolicy(policy: BackoffPolicy): void {
  const check = (name: keyof BackoffPolicy, min: number) => {
    const value = policy[name];
    if (!Number.isFinite(value) || value < min)
      throw new RangeError(`backoff ${name} must be ≥ ${min}, got ${value}`);
  };
  check('maxAttempts', 1);
  check('initialDelayMs', 0);
  check('maxDelayMs', 0);
  check('multiplier', 1);
  if (!Number.isInteger(policy.maxAttempts)) throw new RangeError('backoff maxAttempts must be an integer');
}
