import { Redis } from 'ioredis';
import { parseStoredAffinity, StoredAffinity } from './affinity';
import { assertSignalEvent, canonicalEvent, SignalEvent, TargetKind } from './event';
import { EventEffects, planEventEffects } from './event-effects';
import { canonicalExposure, ExposureRecord, StreamedExposure } from './exposure-record';
import { LOG_EXPOSURE_COMMAND, LOG_EXPOSURE_LUA } from './log-exposure.script';
import { SignalKeys } from './keys';
import { MemberSignals, RawMemberState, ScoredMember, toMemberSignals } from './member-signals';
import { resolveSignalStoreOptions, ResolvedSignalStoreOptions, SignalStoreOptions } from './options';
import { RECORD_EVENT_KEY_COUNT, RECORD_EVENT_LUA, RecordEventPlan } from './record-event.script';
import {
  Exposure,
  exposureDays,
  ReadEventsOptions,
  readEventsLimit,
  RecordResult,
  SignalStore,
  StreamedEvent,
} from './signal-store';

/** ioredis adds a method per defined script to the client and to its pipelines; this names ours. */
const RECORD_EVENT_COMMAND = 'signalsRecordEvent';
interface RecordEventCommand {
  [RECORD_EVENT_COMMAND](...keysThenArgs: string[]): unknown;
}

/** Events per pipeline: a batch of the API's maximum size (500) is one round trip. */
const EVENTS_PER_PIPELINE = 500;

/**
 * The signal store on Redis. Each event is one Lua script call (atomic with its idempotency check), and a
 * batch is one pipeline of script calls. The store owns the client it is given: close() quits it.
 *
 * The write script touches the acting member's keys and the target's counters, which live in different
 * hash slots: it runs on a single Redis server (with replicas), not on Redis Cluster.
 */
export class RedisSignalStore implements SignalStore {
  private readonly options: ResolvedSignalStoreOptions;
  private readonly keys: SignalKeys;
  private closed = false;

  constructor(
    private readonly redis: Redis,
    options: SignalStoreOptions = {},
  ) {
    this.options = resolveSignalStoreOptions(options);
    this.keys = new SignalKeys(this.options.keyPrefix);
    // Sent as EVAL once per connection, then as EVALSHA; ioredis reloads it after a server restart.
    redis.defineCommand(RECORD_EVENT_COMMAND, {
      lua: RECORD_EVENT_LUA,
      numberOfKeys: RECORD_EVENT_KEY_COUNT,
    });
    redis.defineCommand(LOG_EXPOSURE_COMMAND, { lua: LOG_EXPOSURE_LUA, numberOfKeys: 2 });
  }

  async record(events: SignalEvent[]): Promise<RecordResult> {
    events.forEach(assertSignalEvent);
    const result: RecordResult = { recorded: 0, duplicates: [] };
    for (let start = 0; start < events.length; start += EVENTS_PER_PIPELINE) {
      const chunk = events.slice(start, start + EVENTS_PER_PIPELINE);
      const now = this.options.clock();
      const pipeline = this.redis.pipeline() as unknown as RecordEventCommand & {
        exec(): Promise<[Error | null, unknown][] | null>;
      };
      for (const event of chunk) {
        const effects = planEventEffects(event, this.options.affinityWeights);
        pipeline[RECORD_EVENT_COMMAND](
          ...this.recordEventKeys(event, effects.day),
          ...this.recordEventArgs(event, effects, now),
        );
      }
      const replies = unwrapReplies(await pipeline.exec(), 'record');
      replies.forEach((reply, index) => {
        if (reply === 1) result.recorded += 1;
        else result.duplicates.push(chunk[index].id);
      });
    }
    return result;
  }

  async readMember(memberId: string, now: number = this.options.clock()): Promise<MemberSignals> {
    const keys = this.keys;
    // MULTI: one round trip and one consistent snapshot; every key shares the member's hash slot.
    const replies = await this.redis
      .multi()
      .zrange(keys.recentPositives(memberId), 0, '-1', 'WITHSCORES')
      .zrange(keys.negatives(memberId), 0, '-1', 'WITHSCORES')
      .zrange(keys.seen(memberId), 0, '-1', 'WITHSCORES')
      .hgetall(keys.seenCounts(memberId))
      .hgetall(keys.affinities(memberId))
      .zrange(keys.likedBy(memberId), 0, '-1', 'WITHSCORES')
      .exec();
    const [recentPositives, negatives, seen, seenCounts, affinities, likedBy] = unwrapReplies(
      replies,
      'readMember',
    );
    const raw: RawMemberState = {
      recentPositives: scoredMembers(recentPositives),
      negatives: scoredMembers(negatives),
      seen: scoredMembers(seen),
      seenCounts: new Map(
        Object.entries(stringHash(seenCounts)).map(([target, count]) => [target, Number(count)]),
      ),
      affinities: storedAffinities(stringHash(affinities)),
      likedBy: scoredMembers(likedBy),
    };
    return toMemberSignals(memberId, raw, now, this.options);
  }

  async exposure(
    kind: TargetKind,
    targetIds: string[],
    days: number,
    now: number = this.options.clock(),
  ): Promise<Map<string, Exposure>> {
    const dayKeys = exposureDays(days, now, this.options.counterTtlMs);
    const ids = [...new Set(targetIds)];
    const exposure = new Map<string, Exposure>();
    if (ids.length === 0) return exposure;
    // One MGET: for each id, for each day, its impressions then its likes.
    const keys = ids.flatMap((id) => this.keys.countersOnDays({ kind, id }, dayKeys));
    const counts = await this.redis.mget(keys);
    ids.forEach((id, idIndex) => {
      const totals = { impressions: 0, likes: 0 };
      dayKeys.forEach((_, dayIndex) => {
        const position = (idIndex * dayKeys.length + dayIndex) * 2;
        totals.impressions += Number(counts[position] ?? 0);
        totals.likes += Number(counts[position + 1] ?? 0);
      });
      exposure.set(id, totals);
    });
    return exposure;
  }

  async readEvents(options: ReadEventsOptions = {}): Promise<StreamedEvent[]> {
    const limit = readEventsLimit(options);
    // '(' makes the start exclusive, so `after` can be the last id of the previous page.
    const start = options.after === undefined ? '-' : `(${options.after}`;
    const entries = await this.redis.xrange(this.keys.eventStream(), start, '+', 'COUNT', limit);
    return entries.map(([streamId, fields]) => ({ streamId, event: eventOfStreamFields(fields) }));
  }

  async logExposure(record: ExposureRecord): Promise<boolean> {
    const json = JSON.stringify(canonicalExposure(record));
    const command = (this.redis as unknown as Record<string, (...args: string[]) => Promise<number>>)[
      LOG_EXPOSURE_COMMAND
    ];
    const appended = await command.call(
      this.redis,
      this.keys.exposureId(record.requestId),
      this.keys.exposureStream(),
      String(this.options.eventIdTtlMs),
      String(this.options.streamMaxLength),
      json,
    );
    return appended === 1;
  }

  async readExposures(options: ReadEventsOptions = {}): Promise<StreamedExposure[]> {
    const limit = readEventsLimit(options);
    const start = options.after === undefined ? '-' : `(${options.after}`;
    const entries = await this.redis.xrange(this.keys.exposureStream(), start, '+', 'COUNT', limit);
    return entries.map(([streamId, fields]) => ({
      streamId,
      exposure: JSON.parse(fieldOf(fields, 'exposure')) as ExposureRecord,
    }));
  }

  async ping(timeoutMs = 1_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis did not answer PING within ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    try {
      await Promise.race([this.redis.ping(), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.redis.quit();
  }

  private recordEventKeys(event: SignalEvent, day: string): string[] {
    const { memberId, target } = event;
    // The order is the script's KEYS order (record-event.script.ts).
    return [
      this.keys.eventId(memberId, event.id),
      this.keys.recentPositives(memberId),
      this.keys.negatives(memberId),
      this.keys.seen(memberId),
      this.keys.seenCounts(memberId),
      this.keys.affinities(memberId),
      this.keys.likedBy(target.id),
      this.keys.impressionsOnDay(target, day),
      this.keys.likesOnDay(target, day),
      this.keys.eventStream(),
    ];
  }

  private recordEventArgs(event: SignalEvent, effects: EventEffects, now: number): [string, string] {
    const options = this.options;
    const plan: RecordEventPlan = {
      ...effects,
      now,
      eventIdTtlMs: options.eventIdTtlMs,
      recentPositivesCap: options.recentPositivesCap,
      negativeWindowMs: options.negativeWindowMs,
      seenWindowMs: options.seenWindowMs,
      seenCap: options.seenCap,
      likedByCap: options.likedByCap,
      retentionMs: options.retentionMs,
      counterTtlMs: options.counterTtlMs,
      affinityHalfLifeMs: options.affinityHalfLifeMs,
      streamMaxLength: options.streamMaxLength,
    };
    return [JSON.stringify(plan), JSON.stringify(canonicalEvent(event))];
  }
}

/** Throws the first command error; a transaction aborted by the server (null) is an error too. */
function unwrapReplies(replies: [Error | null, unknown][] | null, operation: string): unknown[] {
  if (!replies) throw new Error(`signal store ${operation}: the Redis transaction was aborted`);
  return replies.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
}

/** A WITHSCORES reply: `[[member, score], …]` over RESP3, `[member, score, …]` over RESP2. */
function scoredMembers(reply: unknown): ScoredMember[] {
  const items = (reply ?? []) as (string | [string, string | number])[];
  const entries: ScoredMember[] = [];
  for (let i = 0; i < items.length; i += 1) {
    const item = items[i];
    if (Array.isArray(item)) {
      entries.push({ member: item[0], score: Number(item[1]) });
    } else {
      entries.push({ member: item, score: Number(items[i + 1]) });
      i += 1;
    }
  }
  return entries;
}

function stringHash(reply: unknown): Record<string, string> {
  return (reply ?? {}) as Record<string, string>;
}

function storedAffinities(hash: Record<string, string>): Map<string, StoredAffinity> {
  const affinities = new Map<string, StoredAffinity>();
  for (const [category, text] of Object.entries(hash)) {
    const stored = parseStoredAffinity(text);
    if (stored) affinities.set(category, stored);
  }
  return affinities;
}

/** Stream entries carry one field, `event`, holding the canonical event as JSON. */
function eventOfStreamFields(fields: string[]): SignalEvent {
  return JSON.parse(fieldOf(fields, 'event')) as SignalEvent;
}

/** The value of `name` in a stream entry's flat field list. */
function fieldOf(fields: string[], name: string): string {
  for (let i = 0; i + 1 < fields.length; i += 2) {
    if (fields[i] === name) return fields[i + 1];
  }
  throw new Error(`stream entry without a ${name} field`);
}
