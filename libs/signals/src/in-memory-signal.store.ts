import { addToAffinity, StoredAffinity } from './affinity';
import { assertSignalEvent, canonicalEvent, SignalEvent, TargetKind } from './event';
import { EventEffects, planEventEffects } from './event-effects';
import { canonicalExposure, ExposureRecord, StreamedExposure } from './exposure-record';
import { SignalKeys } from './keys';
import { MemberSignals, RawMemberState, ScoredMember, toMemberSignals } from './member-signals';
import { resolveSignalStoreOptions, ResolvedSignalStoreOptions, SignalStoreOptions } from './options';
import {
  Exposure,
  exposureDays,
  ReadEventsOptions,
  readEventsLimit,
  RecordResult,
  SignalStore,
  StreamedEvent,
} from './signal-store';

/** Expired keys are also swept this often (clock time), so keys nobody reads again do not pile up. */
const SWEEP_INTERVAL_MS = 60_000;

/**
 * The signal store in process memory, for running without Redis (development, demos, tests). It keeps
 * the same keys as Redis (keys.ts) with the same time-to-live, measured on the store's clock (the per-day counters
 * by target and day instead: DayCounters), and applies each event in the order of the Lua script
 * (record-event.script.ts). One process only: nothing is shared.
 */
export class InMemorySignalStore implements SignalStore {
  private readonly options: ResolvedSignalStoreOptions;
  private readonly keys: SignalKeys;
  private readonly eventIds: ExpiringSet;
  /** Recent positives, negatives, seen and liked-by: member → score, like Redis sorted sets. */
  private readonly sortedSets: ExpiringMap<Map<string, number>>;
  private readonly seenCounts: ExpiringMap<Map<string, number>>;
  private readonly affinities: ExpiringMap<Map<string, StoredAffinity>>;
  private readonly counters: DayCounters;
  private readonly stream: MemoryStream;
  private readonly exposures: MemoryStream;
  private lastSweepAt: number;
  private closed = false;

  constructor(options: SignalStoreOptions = {}) {
    this.options = resolveSignalStoreOptions(options);
    this.keys = new SignalKeys(this.options.keyPrefix);
    const clock = this.options.clock;
    this.eventIds = new ExpiringSet(clock);
    this.sortedSets = new ExpiringMap(clock);
    this.seenCounts = new ExpiringMap(clock);
    this.affinities = new ExpiringMap(clock);
    this.counters = new DayCounters(clock);
    const { streamMaxLength, memoryStreamMaxChars } = this.options;
    this.stream = new MemoryStream(streamMaxLength, memoryStreamMaxChars);
    this.exposures = new MemoryStream(streamMaxLength, memoryStreamMaxChars);
    this.lastSweepAt = clock();
  }

  async record(events: SignalEvent[]): Promise<RecordResult> {
    this.assertOpen();
    events.forEach(assertSignalEvent);
    const now = this.options.clock();
    this.sweepWhenDue(now);
    const result: RecordResult = { recorded: 0, duplicates: [] };
    for (const event of events) {
      if (this.apply(event, now)) result.recorded += 1;
      else result.duplicates.push(event.id);
    }
    return result;
  }

  async readMember(memberId: string, now: number = this.options.clock()): Promise<MemberSignals> {
    this.assertOpen();
    const keys = this.keys;
    const raw: RawMemberState = {
      recentPositives: this.scoredMembers(keys.recentPositives(memberId)),
      negatives: this.scoredMembers(keys.negatives(memberId)),
      seen: this.scoredMembers(keys.seen(memberId)),
      seenCounts: new Map(this.seenCounts.get(keys.seenCounts(memberId))),
      affinities: new Map(this.affinities.get(keys.affinities(memberId))),
      likedBy: this.scoredMembers(keys.likedBy(memberId)),
    };
    return toMemberSignals(memberId, raw, now, this.options);
  }

  async exposure(
    kind: TargetKind,
    targetIds: string[],
    days: number,
    now: number = this.options.clock(),
  ): Promise<Map<string, Exposure>> {
    this.assertOpen();
    const dayKeys = exposureDays(days, now, this.options.counterTtlMs);
    const exposure = new Map<string, Exposure>();
    const readAt = this.options.clock();
    for (const id of targetIds) exposure.set(id, this.counters.read(kind, id, dayKeys, readAt));
    return exposure;
  }

  async readEvents(options: ReadEventsOptions = {}): Promise<StreamedEvent[]> {
    this.assertOpen();
    return this.stream.read(options).map(({ streamId, json }) => ({
      streamId,
      event: JSON.parse(json) as SignalEvent,
    }));
  }

  async logExposure(record: ExposureRecord): Promise<boolean> {
    this.assertOpen();
    const json = JSON.stringify(canonicalExposure(record));
    const now = this.options.clock();
    this.sweepWhenDue(now);
    const claim = this.keys.exposureId(record.requestId);
    if (!this.eventIds.add(claim, this.options.eventIdTtlMs)) return false;
    this.exposures.append(json, now);
    return true;
  }

  async readExposures(options: ReadEventsOptions = {}): Promise<StreamedExposure[]> {
    this.assertOpen();
    return this.exposures.read(options).map(({ streamId, json }) => ({
      streamId,
      exposure: JSON.parse(json) as ExposureRecord,
    }));
  }

  async ping(): Promise<void> {
    this.assertOpen();
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  /** Applies one event in the order of the Lua script; false for a duplicate. */
  private apply(event: SignalEvent, now: number): boolean {
    const options = this.options;
    const keys = this.keys;
    const { memberId, target } = event;
    const eventIdKey = keys.eventId(memberId, event.id);
    if (!this.eventIds.add(eventIdKey, options.eventIdTtlMs)) return false;

    const effects: EventEffects = planEventEffects(event, options.affinityWeights);
    const { at } = effects;

    if (effects.positive) {
      const key = keys.recentPositives(memberId);
      addIfGreater(this.sortedSets.getOrCreate(key, newMap), effects.positive, at);
      this.dropOldest(key, options.recentPositivesCap);
      this.sortedSets.expire(key, options.retentionMs);
    }

    if (effects.negative) {
      const key = keys.negatives(memberId);
      addIfGreater(this.sortedSets.getOrCreate(key, newMap), effects.negative, at);
      this.dropScoredUpTo(key, now - options.negativeWindowMs);
      this.sortedSets.expire(key, options.negativeWindowMs);
    }

    if (effects.seen) {
      const seenKey = keys.seen(memberId);
      const countsKey = keys.seenCounts(memberId);
      // Forget what went a whole window unseen before counting, so its count starts again from one.
      this.forgetSeen(seenKey, countsKey, this.dropScoredUpTo(seenKey, now - options.seenWindowMs));
      addIfGreater(this.sortedSets.getOrCreate(seenKey, newMap), effects.seen, at);
      const counts = this.seenCounts.getOrCreate(countsKey, newMap);
      counts.set(effects.seen, (counts.get(effects.seen) ?? 0) + 1);
      this.forgetSeen(seenKey, countsKey, this.dropOldest(seenKey, options.seenCap));
      this.sortedSets.expire(seenKey, options.seenWindowMs);
      this.seenCounts.expire(countsKey, options.seenWindowMs);
    }

    if (effects.categories.length > 0) {
      const key = keys.affinities(memberId);
      const affinities = this.affinities.getOrCreate(key, newMap);
      for (const category of effects.categories) {
        const stored = affinities.get(category);
        affinities.set(
          category,
          addToAffinity(stored, effects.affinityWeight, at, options.affinityHalfLifeMs),
        );
      }
      this.affinities.expire(key, options.retentionMs);
    }

    if (effects.likedBy) {
      const key = keys.likedBy(target.id);
      addIfGreater(this.sortedSets.getOrCreate(key, newMap), effects.likedBy, at);
      this.dropOldest(key, options.likedByCap);
      this.sortedSets.expire(key, options.retentionMs);
    }

    if (effects.countImpression)
      this.counters.increment(target, effects.day, 'impressions', options.counterTtlMs);
    if (effects.countLike) this.counters.increment(target, effects.day, 'likes', options.counterTtlMs);

    this.stream.append(JSON.stringify(canonicalEvent(event)), now);
    return true;
  }

  private scoredMembers(key: string): ScoredMember[] {
    return [...(this.sortedSets.get(key) ?? [])].map(([member, score]) => ({ member, score }));
  }

  /** ZREMRANGEBYRANK 0 -(cap+1): drops the lowest scores (ties: the lowest member) beyond the cap. */
  private dropOldest(key: string, cap: number): string[] {
    const set = this.sortedSets.get(key);
    if (!set || set.size <= cap) return [];
    const excess = set.size - cap;
    // one over the cap (what each new entry of a full set makes): the lowest, found without sorting the set
    const dropped =
      excess === 1
        ? [lowestMember(set)]
        : [...set]
            .sort(([memberA, a], [memberB, b]) => a - b || (memberA < memberB ? -1 : 1))
            .slice(0, excess)
            .map(([member]) => member);
    return this.removeMembers(key, dropped);
  }

  /** ZREMRANGEBYSCORE -inf max: drops entries stamped at or before `max`. */
  private dropScoredUpTo(key: string, max: number): string[] {
    const set = this.sortedSets.get(key);
    if (!set) return [];
    const dropped: string[] = [];
    set.forEach((score, member) => {
      if (score <= max) dropped.push(member);
    });
    return this.removeMembers(key, dropped);
  }

  private removeMembers(key: string, members: string[]): string[] {
    const set = this.sortedSets.get(key);
    if (!set) return [];
    members.forEach((member) => set.delete(member));
    // Redis deletes a key once its set is empty, and its time-to-live with it.
    if (set.size === 0) this.sortedSets.delete(key);
    return members;
  }

  private forgetSeen(seenKey: string, countsKey: string, targets: string[]): void {
    if (targets.length === 0) return;
    this.removeMembers(seenKey, targets);
    const counts = this.seenCounts.get(countsKey);
    if (!counts) return;
    targets.forEach((target) => counts.delete(target));
    if (counts.size === 0) this.seenCounts.delete(countsKey);
  }

  private sweepWhenDue(now: number): void {
    if (now - this.lastSweepAt < SWEEP_INTERVAL_MS) return;
    this.lastSweepAt = now;
    for (const map of [this.eventIds, this.sortedSets, this.seenCounts, this.affinities, this.counters]) {
      map.sweep();
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the in-memory signal store is closed');
  }
}

interface StreamId {
  ms: number;
  seq: number;
}

/**
 * A Redis stream in memory: entries of JSON text under ids that never go backwards, trimmed to a length and to a
 * number of characters (the newest entry is always kept). The entries
 * are three parallel arrays (an id is two numbers, not two objects), and the trimmed ones are dropped from the front
 * in batches, so that an append to a full stream costs no more than any other (one splice per append moved the whole
 * array: 1.3 ms an event at a million entries).
 */
class MemoryStream {
  private readonly ms: number[] = [];
  private readonly seq: number[] = [];
  private readonly json: string[] = [];
  /** Entries before this position are trimmed. */
  private start = 0;
  /** The characters of the entries kept. */
  private chars = 0;
  private last: StreamId = { ms: 0, seq: 0 };

  constructor(
    private readonly maxLength: number,
    private readonly maxChars: number,
  ) {}

  /** XADD MAXLEN: ids are `<ms>-<seq>` and never go backwards, like Redis's. */
  append(json: string, now: number): void {
    const last = this.last;
    this.last = now > last.ms ? { ms: now, seq: 0 } : { ms: last.ms, seq: last.seq + 1 };
    this.ms.push(this.last.ms);
    this.seq.push(this.last.seq);
    this.json.push(flat(json));
    this.chars += json.length;
    // Trimmed exactly; Redis trims approximately (MAXLEN ~) and may keep a few more.
    const length = this.json.length;
    while (length - this.start > this.maxLength || (this.chars > this.maxChars && length - this.start > 1)) {
      this.chars -= this.json[this.start].length;
      this.start++;
    }
    // the trimmed part is removed once it is as long as the rest, so each entry is moved once on average
    if (this.start >= 1024 && this.start >= length - this.start) {
      for (const array of [this.ms, this.seq, this.json]) array.splice(0, this.start);
      this.start = 0;
    }
  }

  /** XRANGE (after … +] COUNT limit. */
  read(options: ReadEventsOptions): { streamId: string; json: string }[] {
    const limit = readEventsLimit(options);
    const after = options.after === undefined ? undefined : parseStreamId(options.after);
    const from = after ? this.firstAfter(after) : this.start;
    const to = Math.min(this.json.length, from + limit);
    const entries: { streamId: string; json: string }[] = [];
    for (let i = from; i < to; i++)
      entries.push({ streamId: `${this.ms[i]}-${this.seq[i]}`, json: this.json[i] });
    return entries;
  }

  /** The position of the first entry after `id` (ids increase along the arrays). */
  private firstAfter(id: StreamId): number {
    let lo = this.start;
    let hi = this.json.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.ms[mid] - id.ms || this.seq[mid] - id.seq) > 0) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/**
 * The same text as one flat string. V8 keeps a string built in parts (JSON.stringify's output, a template literal) as
 * a tree of the parts; converting it to a number flattens it in place, and the parts can go. Stored keys and entries
 * so take about a third less memory, and the garbage collector has fewer objects to mark.
 */
function flat(text: string): string {
  Number(text);
  return text;
}

/** `<ms>-<seq>`, or `<ms>` alone meaning sequence 0, as Redis reads a range start. */
function parseStreamId(text: string): StreamId {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) throw new Error(`invalid stream id ${JSON.stringify(text)}`);
  return { ms: Number(match[1]), seq: Number(match[2] ?? 0) };
}

/** The member of lowest score (ties: the lowest member), as the first of ZRANGE 0 0. */
function lowestMember(set: Map<string, number>): string {
  let lowest: string | undefined;
  let lowestScore = Infinity;
  set.forEach((score, member) => {
    if (lowest === undefined || score < lowestScore || (score === lowestScore && member < lowest)) {
      lowest = member;
      lowestScore = score;
    }
  });
  return lowest!;
}

/** ZADD GT: adds a new member; moves an existing one only forward in time. */
function addIfGreater(set: Map<string, number>, member: string, score: number): void {
  const current = set.get(member);
  if (current === undefined || score > current) set.set(member, score);
}

function newMap<K, V>(): Map<K, V> {
  return new Map();
}

/** Keys with a time-to-live on an injectable clock; an expired key reads as absent, as in Redis. */
class ExpiringMap<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(private readonly clock: () => number) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.clock()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** A new key has no time-to-live until expire() gives it one, as in Redis. */
  getOrCreate(key: string, create: () => V): V {
    const existing = this.get(key);
    if (existing !== undefined) return existing;
    const value = create();
    this.entries.set(flat(key), { value, expiresAt: Infinity });
    return value;
  }

  expire(key: string, ttlMs: number): void {
    const entry = this.get(key) === undefined ? undefined : this.entries.get(key);
    if (entry) entry.expiresAt = this.clock() + ttlMs;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  sweep(): void {
    const now = this.clock();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}

/** Keys with a time-to-live and nothing else (the SET NX markers of event and request ids): key → expiry time. */
class ExpiringSet {
  private readonly expiries = new Map<string, number>();

  constructor(private readonly clock: () => number) {}

  /** SET key NX PX ttl: adds the key, or answers false when it is there and not expired. */
  add(key: string, ttlMs: number): boolean {
    const now = this.clock();
    const expiresAt = this.expiries.get(key);
    if (expiresAt !== undefined && expiresAt > now) return false;
    this.expiries.set(flat(key), now + ttlMs);
    return true;
  }

  sweep(): void {
    const now = this.clock();
    for (const [key, expiresAt] of this.expiries) if (expiresAt <= now) this.expiries.delete(key);
  }
}

/** One target's counts on one UTC day, each with the expiry its last increment gave it. */
interface DayCount {
  impressions: number;
  impressionsExpireAt: number;
  likes: number;
  likesExpireAt: number;
}

/**
 * The per-target, per-UTC-day counters of impressions and likes: what Redis keeps under `…:impressions:<day>` and
 * `…:likes:<day>` (keys.ts), here by kind, target id and day. exposure() reads several days of a few hundred targets
 * per request; a look-up by the target's own id costs less than building and hashing a key per target and day.
 * Each counter expires `ttlMs` after its last increment, as INCR then EXPIRE.
 */
class DayCounters {
  private readonly byKind = new Map<TargetKind, Map<string, Map<string, DayCount>>>();

  constructor(private readonly clock: () => number) {}

  increment(
    target: { kind: TargetKind; id: string },
    day: string,
    counter: 'impressions' | 'likes',
    ttlMs: number,
  ): void {
    const now = this.clock();
    let targets = this.byKind.get(target.kind);
    if (!targets) this.byKind.set(target.kind, (targets = new Map()));
    let days = targets.get(target.id);
    if (!days) targets.set(target.id, (days = new Map()));
    let count = days.get(day);
    if (!count)
      days.set(day, (count = { impressions: 0, impressionsExpireAt: 0, likes: 0, likesExpireAt: 0 }));
    if (counter === 'impressions') {
      count.impressions = count.impressionsExpireAt > now ? count.impressions + 1 : 1;
      count.impressionsExpireAt = now + ttlMs;
    } else {
      count.likes = count.likesExpireAt > now ? count.likes + 1 : 1;
      count.likesExpireAt = now + ttlMs;
    }
  }

  /** The sums over these days of the counters not expired at `now`. */
  read(kind: TargetKind, id: string, days: readonly string[], now: number): Exposure {
    const totals = { impressions: 0, likes: 0 };
    const byDay = this.byKind.get(kind)?.get(id);
    if (!byDay) return totals;
    for (const day of days) {
      const count = byDay.get(day);
      if (!count) continue;
      if (count.impressionsExpireAt > now) totals.impressions += count.impressions;
      if (count.likesExpireAt > now) totals.likes += count.likes;
    }
    return totals;
  }

  sweep(): void {
    const now = this.clock();
    for (const targets of this.byKind.values()) {
      for (const [id, days] of targets) {
        for (const [day, count] of days) {
          if (count.impressionsExpireAt <= now && count.likesExpireAt <= now) days.delete(day);
        }
        if (days.size === 0) targets.delete(id);
      }
    }
  }
}
