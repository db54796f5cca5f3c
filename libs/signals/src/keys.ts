import { TargetRef } from './event';

const DAY_MS = 86_400_000;

/**
 * Every Redis key of the signal store is built here, and nowhere else.
 *
 * - A member's own state is `sig:{memberId}:…`: the hash tag keeps it in one cluster slot, so reading a
 *   member's signals is one single-slot transaction.
 * - Per-target exposure counters are `sig:target:{kind:id}:…:yyyymmdd` (one slot per target).
 * - Ids are URI-encoded, so an id holding `:`, `{` or `}` can neither move the hash tag nor collide with
 *   another key.
 */
export class SignalKeys {
  /** `prefix` is prepended to every key (tests use a prefix of their own). */
  constructor(readonly prefix: string = '') {}

  /** Marks an event id as seen (SET NX + TTL); ids are scoped to the acting member. */
  eventId(memberId: string, eventId: string): string {
    return `${this.member(memberId)}:event:${encodeURIComponent(eventId)}`;
  }

  /** Sorted set `type:kind:targetId` → time, capped to the newest entries. */
  recentPositives(memberId: string): string {
    return `${this.member(memberId)}:recent`;
  }

  /** Sorted set `type:kind:targetId` → time, trimmed to the negative window. */
  negatives(memberId: string): string {
    return `${this.member(memberId)}:negative`;
  }

  /** Sorted set `kind:targetId` → time last seen, trimmed to the seen window. */
  seen(memberId: string): string {
    return `${this.member(memberId)}:seen`;
  }

  /** Hash `kind:targetId` → times seen, kept in step with the seen set. */
  seenCounts(memberId: string): string {
    return `${this.member(memberId)}:seen-count`;
  }

  /** Hash category → `score:updatedAt` (decayed to updatedAt). */
  affinities(memberId: string): string {
    return `${this.member(memberId)}:affinity`;
  }

  /** Sorted set of members who liked this member → time; for the networking "liked you" source. */
  likedBy(memberId: string): string {
    return `${this.member(memberId)}:liked-by`;
  }

  /** Counter of impressions of a target on one UTC day. */
  impressionsOnDay(target: TargetRef, day: string): string {
    return dayCounter(this.target(target), 'impressions', day);
  }

  /** Counter of likes a target received on one UTC day. */
  likesOnDay(target: TargetRef, day: string): string {
    return dayCounter(this.target(target), 'likes', day);
  }

  /**
   * The impressions and likes counters of one target on each of these days, in that order: impressions of the first
   * day, its likes, impressions of the second day, and so on (the target's part of the keys is built once).
   */
  countersOnDays(target: TargetRef, days: readonly string[]): string[] {
    const base = this.target(target);
    const keys: string[] = [];
    for (const day of days) keys.push(dayCounter(base, 'impressions', day), dayCounter(base, 'likes', day));
    return keys;
  }

  /** The raw event stream for offline evaluation. */
  eventStream(): string {
    return `${this.prefix}sig:events`;
  }

  /** The exposure log: what each served feed page showed, and the experiment variants that shaped it. */
  exposureStream(): string {
    return `${this.prefix}sig:exposures`;
  }

  /** Claims a request id's exposure record (SET NX + TTL), so that it is logged once. */
  exposureId(requestId: string): string {
    return `${this.prefix}sig:exposure-id:${encodeURIComponent(requestId)}`;
  }

  /** A SCAN pattern matching every key of this prefix (for cleanup in tests and tools). */
  everyKeyPattern(): string {
    return `${this.prefix.replace(/[*?[\]\\]/g, '\\$&')}sig:*`;
  }

  private member(memberId: string): string {
    return `${this.prefix}sig:{${encodeURIComponent(memberId)}}`;
  }

  private target(target: TargetRef): string {
    return `${this.prefix}sig:target:{${target.kind}:${encodeURIComponent(target.id)}}`;
  }
}

/** The UTC day of an instant as `yyyymmdd`, the suffix of per-day counters. */
export function utcDay(at: number): string {
  const date = new Date(at);
  const month = String(date.getUTCMonth() + 1).padStart(2, '0');
  const day = String(date.getUTCDate()).padStart(2, '0');
  return `${date.getUTCFullYear()}${month}${day}`;
}

/** The `count` UTC days ending with the day of `now`, newest first. */
export function utcDaysEndingAt(now: number, count: number): string[] {
  return Array.from({ length: count }, (_, back) => utcDay(now - back * DAY_MS));
}

/** A per-day counter of a target (the target's own key part built by SignalKeys#target). */
function dayCounter(target: string, counter: 'impressions' | 'likes', day: string): string {
  return `${target}:${counter}:${day}`;
}
