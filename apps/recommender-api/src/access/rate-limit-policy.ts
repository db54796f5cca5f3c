import { ApiScope, API_SCOPES, isApiScope } from './api-scope';

/** A token bucket's size: `capacity` requests at once, then `refillPerSecond` requests a second. */
export interface BucketLimit {
  capacity: number;
  refillPerSecond: number;
}

/** The limit of each scope's bucket (every key has a bucket per scope it uses). */
export type RateLimitPolicy = Readonly<Record<ApiScope, BucketLimit>>;

/** A malformed RATE_LIMITS_BY_SCOPE; the message says which entry and why. */
export class RateLimitListError extends Error {
  override name = 'RateLimitListError';
}

const MAX = 10_000_000;
const NUMBER = /^\d+(\.\d+)?$/;

/**
 * Reads RATE_LIMITS_BY_SCOPE: entries `scope:capacity:refillPerSecond` separated by commas or spaces, e.g.
 * `catalog:200:50,admin:10:0.5`. Scopes left out keep the default limit.
 */
export function parseRateLimitList(text: string): Partial<Record<ApiScope, BucketLimit>> {
  const limits: Partial<Record<ApiScope, BucketLimit>> = {};
  for (const entry of text.split(/[\s,]+/).filter((e) => e !== '')) {
    const [scope, capacityText, refillText, ...rest] = entry.split(':');
    if (refillText === undefined || rest.length > 0) {
      throw new RateLimitListError(`${JSON.stringify(entry)} is not scope:capacity:refillPerSecond`);
    }
    if (!isApiScope(scope)) {
      throw new RateLimitListError(
        `unknown scope ${JSON.stringify(scope)}; scopes are ${API_SCOPES.join(', ')}`,
      );
    }
    if (limits[scope]) throw new RateLimitListError(`${scope} is listed twice`);
    const capacity = NUMBER.test(capacityText) ? Number(capacityText) : NaN;
    const refillPerSecond = NUMBER.test(refillText) ? Number(refillText) : NaN;
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > MAX) {
      throw new RateLimitListError(`${scope}: the capacity must be an integer from 1 to ${MAX}`);
    }
    if (!(refillPerSecond >= 0.001 && refillPerSecond <= MAX)) {
      throw new RateLimitListError(`${scope}: the refill must be from 0.001 to ${MAX} a second`);
    }
    limits[scope] = { capacity, refillPerSecond };
  }
  return limits;
}

/** Every scope's limit: the default, overridden per scope. */
export function rateLimitPolicy(
  fallback: BucketLimit,
  byScope: Partial<Record<ApiScope, BucketLimit>> = {},
): RateLimitPolicy {
  return Object.fromEntries(API_SCOPES.map((scope) => [scope, byScope[scope] ?? fallback])) as Record<
    ApiScope,
    BucketLimit
  >;
}
