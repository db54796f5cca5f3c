import { SignalEventType } from './event';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** The tunable numbers of a signal store, each with a default, a minimum and a maximum. */
export const SIGNAL_STORE_LIMITS = {
  /** How long an event id is remembered; a replay later than this counts again. */
  eventIdTtlMs: { default: 7 * DAY_MS, min: MINUTE_MS, max: 90 * DAY_MS },
  /** How many recent positive interactions a member keeps (the newest). */
  recentPositivesCap: { default: 200, min: 1, max: 10_000 },
  /** A pass, hide, report or block counts for this long. */
  negativeWindowMs: { default: 30 * DAY_MS, min: MINUTE_MS, max: 365 * DAY_MS },
  /** A seen target is forgotten after this long without being seen again. */
  seenWindowMs: { default: 7 * DAY_MS, min: MINUTE_MS, max: 90 * DAY_MS },
  /** How many seen targets a member keeps (the most recently seen). */
  seenCap: { default: 1_000, min: 1, max: 100_000 },
  /** How many "liked by" members a member keeps (the newest). */
  likedByCap: { default: 500, min: 1, max: 100_000 },
  /** Recent positives, affinities and liked-by expire after this long without a write. */
  retentionMs: { default: 90 * DAY_MS, min: DAY_MS, max: 730 * DAY_MS },
  /** Per-day exposure counters live this long: a week of history plus the current day. */
  counterTtlMs: { default: 8 * DAY_MS, min: DAY_MS, max: 90 * DAY_MS },
  /** An affinity halves over this time without new interactions. */
  affinityHalfLifeMs: { default: 14 * DAY_MS, min: MINUTE_MS, max: 365 * DAY_MS },
  /** The raw event stream keeps about this many newest events (Redis trims approximately). */
  streamMaxLength: { default: 1_000_000, min: 1, max: 100_000_000 },
  /**
   * In memory only: each stream (events, exposure log) also keeps no more than this many characters of JSON, the
   * oldest entries dropped first, so that a long run without Redis cannot fill the process (a million logged pages
   * would be about a gigabyte). Redis keeps MAXLEN entries whatever their size.
   */
  memoryStreamMaxChars: { default: 128 * 2 ** 20, min: 1, max: 2 ** 31 },
} as const;

export type SignalStoreLimit = keyof typeof SIGNAL_STORE_LIMITS;

/**
 * How much one interaction moves a category affinity. Ordered by the effort it costs the member:
 * a booking outweighs a save, a save a like, a view is a weak hint. Impressions say nothing about taste.
 * A block or report is about one member or place, not their whole industry or category, so it weighs 0.
 */
export const DEFAULT_AFFINITY_WEIGHTS: Readonly<Record<SignalEventType, number>> = {
  impression: 0,
  view: 0.2,
  like: 1,
  pass: -0.5,
  save: 2,
  book: 3,
  hide: -1,
  connect: 2,
  block: 0,
  report: 0,
};

export type SignalStoreOptions = Partial<Record<SignalStoreLimit, number>> & {
  /** Prepended to every key (tests use their own). */
  keyPrefix?: string;
  /** Overrides of single weights; the others keep their default. */
  affinityWeights?: Partial<Record<SignalEventType, number>>;
  /** The store's clock for trimming windows on write and for key expiry in memory; Date.now by default. */
  clock?: () => number;
};

export type ResolvedSignalStoreOptions = Record<SignalStoreLimit, number> & {
  keyPrefix: string;
  affinityWeights: Readonly<Record<SignalEventType, number>>;
  clock: () => number;
};

/** Fills defaults and refuses out-of-range numbers, naming the option, at construction time. */
export function resolveSignalStoreOptions(options: SignalStoreOptions = {}): ResolvedSignalStoreOptions {
  const limits = {} as Record<SignalStoreLimit, number>;
  for (const name of Object.keys(SIGNAL_STORE_LIMITS) as SignalStoreLimit[]) {
    const { default: fallback, min, max } = SIGNAL_STORE_LIMITS[name];
    const value = options[name] ?? fallback;
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw new RangeError(
        `signal store option ${name} must be an integer in [${min}, ${max}], got ${value}`,
      );
    }
    limits[name] = value;
  }
  const affinityWeights = { ...DEFAULT_AFFINITY_WEIGHTS, ...options.affinityWeights };
  for (const [type, weight] of Object.entries(affinityWeights)) {
    if (!Number.isFinite(weight)) throw new RangeError(`affinity weight of ${type} must be finite`);
  }
  return {
    ...limits,
    keyPrefix: options.keyPrefix ?? '',
    affinityWeights,
    clock: options.clock ?? Date.now,
  };
}
