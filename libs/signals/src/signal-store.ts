import { SignalEvent, TargetKind } from './event';
import { ExposureRecord, StreamedExposure } from './exposure-record';
import { utcDaysEndingAt } from './keys';
import { MemberSignals } from './member-signals';

export interface RecordResult {
  /** Events applied by this call. */
  recorded: number;
  /** Ids of events already recorded before (or earlier in the same batch); they changed nothing. */
  duplicates: string[];
}

export interface Exposure {
  impressions: number;
  likes: number;
}

export interface StreamedEvent {
  /** Position in the stream (`<ms>-<seq>`); pass it as `after` to read on from there. */
  streamId: string;
  event: SignalEvent;
}

export interface ReadEventsOptions {
  /** Read the events after this stream id; from the oldest kept event when absent. */
  after?: string;
  /** At most this many events (default 1,000, at most 10,000). */
  limit?: number;
}

export const READ_EVENTS_DEFAULT_LIMIT = 1_000;
export const READ_EVENTS_MAX_LIMIT = 10_000;

/**
 * Real-time signals of members: what they liked, passed and saw, their category affinities, and the
 * exposure of each target. Two implementations with the same behaviour: Redis, and memory for when no
 * Redis is configured.
 */
export interface SignalStore {
  /**
   * Applies a batch. Each event is atomic with its idempotency check: a replayed id changes nothing.
   * If the call fails part-way, some events may be applied; retrying the whole batch is safe.
   */
  record(events: SignalEvent[]): Promise<RecordResult>;

  /** A member's signals in one round trip; `now` (default: the store's clock) sets windows and decay. */
  readMember(memberId: string, now?: number): Promise<MemberSignals>;

  /**
   * Impressions and likes of each target over the `days` UTC days ending with the day of `now`
   * (1 = today only), in one round trip. Every requested id is in the answer, with zeros if unknown.
   */
  exposure(kind: TargetKind, targetIds: string[], days: number, now?: number): Promise<Map<string, Exposure>>;

  /** The raw event stream, oldest first, for offline evaluation. */
  readEvents(options?: ReadEventsOptions): Promise<StreamedEvent[]>;

  /**
   * Appends what a served page showed to the exposure log, once per request id (a replay within the event-id TTL
   * changes nothing). Resolves true when appended, false for a replay.
   */
  logExposure(record: ExposureRecord): Promise<boolean>;

  /** The exposure log, oldest first, for experiment analysis; paged like readEvents. */
  readExposures(options?: ReadEventsOptions): Promise<StreamedExposure[]>;

  /** Resolves when the store answers within `timeoutMs`, rejects otherwise (for readiness checks). */
  ping(timeoutMs?: number): Promise<void>;

  close(): Promise<void>;
}

const DAY_MS = 86_400_000;

/** The UTC days an exposure query covers; refuses more days than the counters are kept. */
export function exposureDays(days: number, now: number, counterTtlMs: number): string[] {
  const maxDays = Math.floor(counterTtlMs / DAY_MS);
  if (!Number.isInteger(days) || days < 1 || days > maxDays) {
    throw new RangeError(`exposure days must be an integer in [1, ${maxDays}], got ${days}`);
  }
  return utcDaysEndingAt(now, days);
}

export function readEventsLimit(options: ReadEventsOptions): number {
  const limit = options.limit ?? READ_EVENTS_DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > READ_EVENTS_MAX_LIMIT) {
    throw new RangeError(
      `readEvents limit must be an integer in [1, ${READ_EVENTS_MAX_LIMIT}], got ${limit}`,
    );
  }
  return limit;
}
