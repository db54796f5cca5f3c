import { Redis } from 'ioredis';
import { SIGNAL_EVENT_TYPES, SignalEvent, SignalEventType, TargetRef } from './event';
import { ExposureRecord } from './exposure-record';
import { InMemorySignalStore } from './in-memory-signal.store';
import { SignalKeys } from './keys';
import { SignalStoreOptions } from './options';
import { RedisSignalStore } from './redis-signal.store';
import { SignalStore } from './signal-store';

/**
 * One behavioural suite, run against both stores: the Redis one against the Redis on 127.0.0.1:6379,
 * every test under a key prefix of its own inside this run's prefix, deleted (SCAN + DEL) at the end.
 */

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Monday 6 January 2025, 12:00 UTC. */
const T0 = Date.UTC(2025, 0, 6, 12);
const REDIS = { host: '127.0.0.1', port: 6379 };
const RUN_PREFIX = `test:signals:${process.pid}:${Date.now().toString(36)}:`;

const place = (id: string): TargetRef => ({ kind: 'place', id });
const member = (id: string): TargetRef => ({ kind: 'member', id });

let eventSequence = 0;
function event(
  type: SignalEventType,
  memberId: string,
  target: TargetRef,
  at: number,
  extra: Partial<SignalEvent> = {},
): SignalEvent {
  eventSequence += 1;
  return { id: `event-${eventSequence}`, type, memberId, target, at, ...extra };
}

type OpenStore = (options: SignalStoreOptions) => SignalStore;
const implementations: [string, OpenStore][] = [
  ['InMemorySignalStore', (options) => new InMemorySignalStore(options)],
  ['RedisSignalStore', (options) => new RedisSignalStore(new Redis(REDIS), options)],
  // ioredis speaks RESP3 by default; some replies (WITHSCORES) have another shape over RESP2.
  [
    'RedisSignalStore over RESP2',
    (options) => new RedisSignalStore(new Redis({ ...REDIS, protocol: 2 }), options),
  ],
];

afterAll(async () => {
  const redis = new Redis(REDIS);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${RUN_PREFIX}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  await redis.quit();
});

describe.each(implementations)('%s', (name, openStore) => {
  let clock: number;
  let store: SignalStore;
  let storeNumber = 0;

  /** A fresh store under a key prefix of its own; `clock` drives its writes. */
  async function reopen(options: SignalStoreOptions = {}): Promise<SignalStore> {
    await store?.close();
    storeNumber += 1;
    store = openStore({ keyPrefix: `${RUN_PREFIX}${name}:${storeNumber}:`, clock: () => clock, ...options });
    return store;
  }

  beforeEach(async () => {
    clock = T0;
    await reopen();
  });

  afterEach(() => store.close());

  it('reads an unknown member as empty', async () => {
    expect(await store.readMember('nobody')).toEqual({
      memberId: 'nobody',
      now: T0,
      recentPositives: [],
      negatives: [],
      seen: [],
      affinities: [],
      likedBy: [],
    });
  });

  describe('idempotency', () => {
    it('counts a replayed event id once, across batches and within one', async () => {
      const like = event('like', 'm1', place('p1'), T0, { targetCategories: ['museum'] });
      const impression = event('impression', 'm1', place('p1'), T0);
      const view = event('view', 'm1', place('p2'), T0);

      expect(await store.record([like, impression])).toEqual({ recorded: 2, duplicates: [] });
      expect(await store.record([like, impression, view, view])).toEqual({
        recorded: 1,
        duplicates: [like.id, impression.id, view.id],
      });

      const signals = await store.readMember('m1');
      expect(signals.affinities).toEqual([{ category: 'museum', score: 1 }]); // the like, once
      expect(signals.recentPositives).toEqual([{ type: 'like', target: place('p1'), at: T0 }]);
      expect(signals.seen.map((seen) => [seen.target.id, seen.count])).toEqual([
        ['p1', 1],
        ['p2', 1],
      ]);
      expect((await store.exposure('place', ['p1'], 1)).get('p1')).toEqual({ impressions: 1, likes: 1 });
      expect((await store.readEvents()).map((entry) => entry.event.id)).toEqual([
        like.id,
        impression.id,
        view.id,
      ]);
    });

    it('scopes an event id to the acting member', async () => {
      const first = event('like', 'm1', place('p1'), T0);
      const sameIdOtherMember = { ...first, memberId: 'm2' };
      expect(await store.record([first, sameIdOtherMember])).toEqual({ recorded: 2, duplicates: [] });
    });

    it('refuses a malformed batch before storing any of it', async () => {
      const good = event('like', 'm1', place('p1'), T0);
      const bad = event('like', 'm1', place('p2'), Number.NaN);
      await expect(store.record([good, bad])).rejects.toThrow(TypeError);
      await expect(store.record([{ ...good, type: 'poke' as SignalEventType }])).rejects.toThrow(
        'unknown type',
      );
      expect(await store.readEvents()).toEqual([]);
    });
  });

  describe('category affinities', () => {
    it('halves an affinity after one half-life (14 days) and quarters it after two', async () => {
      await store.record([event('like', 'm1', place('p1'), T0, { targetCategories: ['museum'] })]);
      expect((await store.readMember('m1', T0)).affinities).toEqual([{ category: 'museum', score: 1 }]);
      expect((await store.readMember('m1', T0 + 14 * DAY)).affinities[0].score).toBeCloseTo(0.5, 12);
      expect((await store.readMember('m1', T0 + 28 * DAY)).affinities[0].score).toBeCloseTo(0.25, 12);
    });

    it('decays on write: 1 decayed over a half-life, plus 1, is 1.5, whatever order the events arrive in', async () => {
      const early = event('like', 'm1', place('p1'), T0, { targetCategories: ['museum'] });
      const late = event('like', 'm1', place('p2'), T0 + 14 * DAY, { targetCategories: ['museum'] });
      const inOrder = { ...early, memberId: 'm-in-order' };
      const lateFirst = { ...late, memberId: 'm-late-first' };
      clock = T0 + 14 * DAY;
      await store.record([inOrder, { ...late, memberId: 'm-in-order' }]);
      await store.record([lateFirst, { ...early, memberId: 'm-late-first' }]);

      for (const memberId of ['m-in-order', 'm-late-first']) {
        expect((await store.readMember(memberId, T0 + 14 * DAY)).affinities[0].score).toBeCloseTo(1.5, 12);
        expect((await store.readMember(memberId, T0 + 28 * DAY)).affinities[0].score).toBeCloseTo(0.75, 12);
      }
    });

    it('weighs each type (view 0.2, like 1, save 2, book 3, pass -0.5, hide -1) and sorts the strongest first', async () => {
      const museum = { targetCategories: ['museum'] };
      await store.record([
        event('save', 'm1', place('p1'), T0, museum),
        event('pass', 'm1', place('p2'), T0, museum),
        event('view', 'm1', place('p3'), T0, museum),
        event('book', 'm1', place('p4'), T0, { targetCategories: ['hotel', 'hotel'] }), // listed twice, counted once
        event('hide', 'm1', place('p5'), T0, { targetCategories: ['cafe'] }),
        event('impression', 'm1', place('p6'), T0, { targetCategories: ['bar'] }), // says nothing about taste
      ]);
      const affinities = (await store.readMember('m1', T0)).affinities;
      expect(affinities.map((affinity) => affinity.category)).toEqual(['hotel', 'museum', 'cafe']);
      expect(affinities[0].score).toBe(3);
      expect(affinities[1].score).toBeCloseTo(2 - 0.5 + 0.2, 12);
      expect(affinities[2].score).toBe(-1);
    });

    it('takes a configured half-life and weights', async () => {
      await reopen({ affinityHalfLifeMs: DAY, affinityWeights: { like: 4 } });
      await store.record([event('like', 'm1', place('p1'), T0, { targetCategories: ['museum'] })]);
      expect((await store.readMember('m1', T0 + 2 * DAY)).affinities[0].score).toBeCloseTo(4 * 0.25, 12);
    });
  });

  describe('negatives', () => {
    it('excludes passes older than the 30-day window on read', async () => {
      clock = T0 + 20 * DAY;
      await store.record([
        event('pass', 'm1', place('p1'), T0),
        event('hide', 'm1', place('p2'), T0 + 20 * DAY),
        event('like', 'm1', place('p3'), T0), // positive, not a negative
      ]);
      expect((await store.readMember('m1', T0 + 29 * DAY)).negatives).toEqual([
        { type: 'hide', target: place('p2'), at: T0 + 20 * DAY },
        { type: 'pass', target: place('p1'), at: T0 },
      ]);
      // Exactly 30 days after the pass it no longer counts: an entry counts while now - at < window.
      expect((await store.readMember('m1', T0 + 30 * DAY)).negatives.map((n) => n.target.id)).toEqual(['p2']);
    });

    it('keeps report and block of a member, and takes a configured window', async () => {
      await reopen({ negativeWindowMs: 7 * DAY });
      await store.record([
        event('report', 'm1', member('m7'), T0),
        event('block', 'm1', member('m8'), T0 + HOUR),
      ]);
      expect((await store.readMember('m1', T0 + 6 * DAY)).negatives).toEqual([
        { type: 'block', target: member('m8'), at: T0 + HOUR },
        { type: 'report', target: member('m7'), at: T0 },
      ]);
      expect((await store.readMember('m1', T0 + 7 * DAY + HOUR)).negatives).toEqual([]);
    });
  });

  describe('recent positives', () => {
    it('keeps the newest 200, newest first, one entry per type and target', async () => {
      const likes = Array.from({ length: 205 }, (_, i) =>
        event('like', 'm1', place(`p${i}`), T0 + i * MINUTE),
      );
      await store.record(likes);
      const recent = (await store.readMember('m1', T0 + DAY)).recentPositives;
      expect(recent).toHaveLength(200);
      expect(recent[0]).toEqual({ type: 'like', target: place('p204'), at: T0 + 204 * MINUTE });
      expect(recent[199]).toEqual({ type: 'like', target: place('p5'), at: T0 + 5 * MINUTE });
    });

    it('keeps a like and a later save of the same place, and connections to members', async () => {
      await reopen({ recentPositivesCap: 3 });
      await store.record([
        event('like', 'm1', place('p1'), T0),
        event('save', 'm1', place('p1'), T0 + MINUTE),
        event('book', 'm1', place('p2'), T0 + 2 * MINUTE),
        event('connect', 'm1', member('m2'), T0 + 3 * MINUTE),
      ]);
      expect((await store.readMember('m1', T0 + HOUR)).recentPositives).toEqual([
        { type: 'connect', target: member('m2'), at: T0 + 3 * MINUTE },
        { type: 'book', target: place('p2'), at: T0 + 2 * MINUTE },
        { type: 'save', target: place('p1'), at: T0 + MINUTE },
      ]);
    });

    it('never moves an entry back in time when an older event arrives late', async () => {
      await store.record([event('like', 'm1', place('p1'), T0 + HOUR), event('like', 'm1', place('p1'), T0)]);
      expect((await store.readMember('m1')).recentPositives).toEqual([
        { type: 'like', target: place('p1'), at: T0 + HOUR },
      ]);
    });
  });

  describe('seen', () => {
    it('counts impressions and views per target until a 7-day window passes without one', async () => {
      clock = T0 + 3 * HOUR;
      await store.record([
        event('impression', 'm1', place('p1'), T0),
        event('impression', 'm1', place('p1'), T0 + HOUR),
        event('impression', 'm1', place('p2'), T0 + HOUR),
        event('impression', 'm1', place('p1'), T0 + 2 * HOUR),
        event('view', 'm1', place('p1'), T0 + 3 * HOUR),
      ]);
      expect((await store.readMember('m1')).seen).toEqual([
        { target: place('p1'), count: 4, lastAt: T0 + 3 * HOUR },
        { target: place('p2'), count: 1, lastAt: T0 + HOUR },
      ]);
      expect((await store.readMember('m1', T0 + HOUR + 7 * DAY)).seen.map((seen) => seen.target.id)).toEqual([
        'p1',
      ]);

      // Seen again after a whole window unseen: the count starts again.
      clock = T0 + 3 * HOUR + 8 * DAY;
      await store.record([event('impression', 'm1', place('p1'), clock)]);
      expect((await store.readMember('m1')).seen).toEqual([{ target: place('p1'), count: 1, lastAt: clock }]);
    });

    it('keeps the most recently seen targets up to the cap', async () => {
      await reopen({ seenCap: 3 });
      await store.record(
        Array.from({ length: 5 }, (_, i) => event('impression', 'm1', place(`p${i}`), T0 + i * MINUTE)),
      );
      expect((await store.readMember('m1', T0 + HOUR)).seen.map((seen) => seen.target.id)).toEqual([
        'p4',
        'p3',
        'p2',
      ]);
    });

    it('drops the lowest target first among targets seen at the same time, as Redis orders equal scores', async () => {
      await reopen({ seenCap: 2 });
      await store.record([
        event('impression', 'm1', place('p2'), T0),
        event('impression', 'm1', place('p1'), T0),
        event('impression', 'm1', place('p3'), T0),
      ]);
      const seen = (await store.readMember('m1', T0 + HOUR)).seen.map((entry) => entry.target.id);
      expect([...seen].sort()).toEqual(['p2', 'p3']);
    });
  });

  describe('exposure', () => {
    const dayOne = Date.UTC(2025, 0, 6);
    const dayTwo = Date.UTC(2025, 0, 7);

    beforeEach(async () => {
      clock = dayTwo + 12 * HOUR;
      await store.record([
        event('impression', 'm1', member('m9'), dayOne),
        event('impression', 'm2', member('m9'), dayTwo - 1), // 23:59:59.999 is still day one
        event('impression', 'm3', member('m9'), dayTwo),
        event('like', 'm1', member('m9'), dayOne + 10 * HOUR),
        event('like', 'm2', member('m9'), dayTwo + 9 * HOUR),
        event('impression', 'm1', place('p1'), dayTwo + HOUR),
        event('view', 'm1', place('p1'), dayTwo + HOUR), // a view is not an impression
      ]);
    });

    it('counts impressions and likes per UTC day', async () => {
      const now = dayTwo + 12 * HOUR;
      expect(await store.exposure('member', ['m9', 'm404'], 1, now)).toEqual(
        new Map([
          ['m9', { impressions: 1, likes: 1 }],
          ['m404', { impressions: 0, likes: 0 }],
        ]),
      );
      expect(await store.exposure('member', ['m9'], 2, now)).toEqual(
        new Map([['m9', { impressions: 3, likes: 2 }]]),
      );
      expect(await store.exposure('place', ['p1'], 1, now)).toEqual(
        new Map([['p1', { impressions: 1, likes: 0 }]]),
      );
      // Places and members have separate counters even under the same id.
      expect((await store.exposure('place', ['m9'], 2, now)).get('m9')).toEqual({ impressions: 0, likes: 0 });
      // The day before had no events.
      expect((await store.exposure('member', ['m9'], 1, dayOne - HOUR)).get('m9')).toEqual({
        impressions: 0,
        likes: 0,
      });
    });

    it('answers an empty list with an empty map and refuses days outside [1, 8]', async () => {
      expect(await store.exposure('member', [], 1)).toEqual(new Map());
      await expect(store.exposure('member', ['m9'], 0)).rejects.toThrow(RangeError);
      await expect(store.exposure('member', ['m9'], 9)).rejects.toThrow(RangeError);
      await expect(store.exposure('member', ['m9'], 1.5)).rejects.toThrow(RangeError);
      expect((await store.exposure('member', ['m9'], 8)).get('m9')).toEqual({ impressions: 3, likes: 2 });
    });
  });

  it('keeps who liked a member, newest first; passes and likes of places are not likes of members', async () => {
    await store.record([
      event('like', 'm1', member('m9'), T0),
      event('like', 'm2', member('m9'), T0 + HOUR),
      event('pass', 'm3', member('m9'), T0 + HOUR),
      event('like', 'm4', place('m9'), T0 + HOUR),
      event('like', 'm1', member('m9'), T0 + 2 * HOUR), // liked again later: moves up
    ]);
    expect((await store.readMember('m9', T0 + DAY)).likedBy).toEqual([
      { memberId: 'm1', at: T0 + 2 * HOUR },
      { memberId: 'm2', at: T0 + HOUR },
    ]);
  });

  it('appends every recorded event to the stream once, in order, readable page by page', async () => {
    const withEverything = event('impression', 'm1', place('p1'), T0, {
      context: { scenario: 'travel', requestId: 'r1', position: 3 },
      targetCategories: ['museum'],
    });
    const withExtraField = { ...event('like', 'm1', member('m2'), T0 + 1), note: 'not ours' } as SignalEvent;
    const plain = event('pass', 'm2', place('p2'), T0 + 2);
    await store.record([withEverything, withExtraField]);
    await store.record([plain, withEverything]);

    const all = await store.readEvents();
    expect(all.map((entry) => entry.event)).toEqual([
      withEverything,
      { id: withExtraField.id, type: 'like', memberId: 'm1', target: member('m2'), at: T0 + 1 },
      plain,
    ]);
    const firstPage = await store.readEvents({ limit: 2 });
    expect(firstPage.map((entry) => entry.event.id)).toEqual([withEverything.id, withExtraField.id]);
    const secondPage = await store.readEvents({ after: firstPage[1].streamId, limit: 2 });
    expect(secondPage.map((entry) => entry.event.id)).toEqual([plain.id]);
    expect(await store.readEvents({ after: secondPage[0].streamId })).toEqual([]);
  });

  describe('exposure log', () => {
    const exposure = (requestId: string, extra: Partial<ExposureRecord> = {}): ExposureRecord => ({
      requestId,
      scenario: 'travel',
      memberId: 'm1',
      at: T0,
      page: 1,
      experiments: [
        { experiment: 'taste', version: 2, variant: 'strong', unit: 'member', unitId: 'm1' },
        { experiment: 'ranking', version: 0, variant: 'holdout', unit: 'city', unitId: 'Lisbon' },
      ],
      items: [
        { id: 'p1', position: 0, team: 'A' },
        { id: 'p2', position: 1 },
      ],
      ...extra,
    });

    it('logs a page once per request id, in order, with only its known fields', async () => {
      expect(await store.logExposure(exposure('r1'))).toBe(true);
      expect(await store.logExposure(exposure('r1', { page: 2 }))).toBe(false);
      const withExtra = { ...exposure('r2'), note: 'not ours' } as ExposureRecord;
      expect(await store.logExposure(withExtra)).toBe(true);
      const logged = await store.readExposures();
      expect(logged.map((entry) => entry.exposure)).toEqual([exposure('r1'), exposure('r2')]);
      const after = await store.readExposures({ after: logged[0].streamId });
      expect(after.map((entry) => entry.exposure.requestId)).toEqual(['r2']);
      // Exposures are not events: the event stream is unchanged.
      expect(await store.readEvents()).toEqual([]);
    });

    it('refuses a malformed record without logging it', async () => {
      await expect(store.logExposure(exposure('r1', { page: 0 }))).rejects.toThrow('page must be');
      await expect(
        store.logExposure(exposure('r1', { items: [{ id: 'p1', position: 0, team: 'C' as 'A' }] })),
      ).rejects.toThrow('team must be A or B');
      expect(await store.readExposures()).toEqual([]);
      expect(await store.logExposure(exposure('r1'))).toBe(true);
    });
  });

  it('records a batch of 500 mixed events in one call, and refuses all of its replay', async () => {
    // Ten members, fifty events each: five of every type, each on a place of its own.
    const batch = Array.from({ length: 500 }, (_, i) =>
      event(SIGNAL_EVENT_TYPES[i % 10], `m${Math.floor(i / 50)}`, place(`p${i}`), T0 + i, {
        targetCategories: ['museum'],
      }),
    );
    expect(await store.record(batch)).toEqual({ recorded: 500, duplicates: [] });

    const signals = await store.readMember('m3', T0 + 500);
    expect(signals.recentPositives).toHaveLength(5 * 4);
    expect(signals.negatives).toHaveLength(5 * 4);
    expect(signals.seen).toHaveLength(5 * 2);
    // Five times (0 + 0.2 + 1 - 0.5 + 2 + 3 - 1 + 2 + 0 + 0); decay over < 0.5 s takes off about 2e-7 of it.
    expect(signals.affinities[0].score).toBeCloseTo(5 * 6.7, 4);
    const exposure = await store.exposure(
      'place',
      batch.map((e) => e.target.id),
      1,
      T0,
    );
    expect([...exposure.values()].reduce((sum, e) => sum + e.impressions, 0)).toBe(50);
    expect([...exposure.values()].reduce((sum, e) => sum + e.likes, 0)).toBe(50);
    expect((await store.readEvents()).map((entry) => entry.event.id)).toEqual(batch.map((e) => e.id));

    const replay = await store.record(batch);
    expect(replay.recorded).toBe(0);
    expect(replay.duplicates).toHaveLength(500);
  });

  it('answers ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });
});

describe('InMemorySignalStore time-to-live on its clock', () => {
  it('forgets an event id after 7 days, so a replay then counts again', async () => {
    let clock = T0;
    const store = new InMemorySignalStore({ clock: () => clock });
    const like = event('like', 'm1', place('p1'), T0);
    expect((await store.record([like])).recorded).toBe(1);
    clock = T0 + 7 * DAY - 1;
    expect((await store.record([like])).recorded).toBe(0);
    clock = T0 + 7 * DAY;
    expect((await store.record([like])).recorded).toBe(1);
  });

  it("expires a day's impressions and likes apart, each 8 days after its own last increment", async () => {
    let clock = T0;
    const store = new InMemorySignalStore({ clock: () => clock });
    await store.record([event('impression', 'm1', place('p1'), T0), event('like', 'm2', place('p1'), T0)]);
    // a like of the same day arriving two days late: that day's likes live on, its impressions do not
    clock = T0 + 2 * DAY;
    await store.record([event('like', 'm3', place('p1'), T0)]);
    expect((await store.exposure('place', ['p1'], 1, T0)).get('p1')).toEqual({ impressions: 1, likes: 2 });
    clock = T0 + 8 * DAY;
    expect((await store.exposure('place', ['p1'], 1, T0)).get('p1')).toEqual({ impressions: 0, likes: 2 });
    // an increment after expiry starts again from one
    await store.record([event('impression', 'm4', place('p1'), T0)]);
    expect((await store.exposure('place', ['p1'], 1, T0)).get('p1')).toEqual({ impressions: 1, likes: 2 });
    clock = T0 + 10 * DAY;
    expect(await store.exposure('place', ['p1', 'p2'], 1, T0)).toEqual(
      new Map([
        ['p1', { impressions: 1, likes: 0 }],
        ['p2', { impressions: 0, likes: 0 }],
      ]),
    );
  });

  it('drops per-day counters after 8 days', async () => {
    let clock = T0;
    const store = new InMemorySignalStore({ clock: () => clock });
    await store.record([event('impression', 'm1', place('p1'), T0)]);
    clock = T0 + 8 * DAY;
    expect((await store.exposure('place', ['p1'], 8, T0)).get('p1')).toEqual({ impressions: 0, likes: 0 });
  });
});

describe('InMemorySignalStore streams', () => {
  it('keeps the newest streamMaxLength events, readable page by page, as it trims past them again and again', async () => {
    let clock = T0;
    const store = new InMemorySignalStore({ clock: () => clock, streamMaxLength: 1500 });
    const events: SignalEvent[] = [];
    // 5,000 events, two per millisecond: ids <ms>-0 and <ms>-1
    for (let i = 0; i < 5000; i += 500) {
      const batch = Array.from({ length: 500 }, (_, j) => event('view', 'm1', place(`p${i + j}`), T0));
      events.push(...batch);
      for (let j = 0; j < batch.length; j += 2) {
        await store.record(batch.slice(j, j + 2));
        clock += 1;
      }
      const stored = await store.readEvents({ limit: 10_000 });
      expect(stored.map((entry) => entry.event.id)).toEqual(events.slice(-1500).map((e) => e.id));
    }
    const kept = events.slice(-1500).map((e) => e.id);
    const read: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await store.readEvents({ limit: 400, ...(after !== undefined && { after }) });
      if (page.length === 0) break;
      read.push(...page.map((entry) => entry.event.id));
      after = page[page.length - 1].streamId;
    }
    expect(read).toEqual(kept);
    expect(after).toBe(`${clock - 1}-1`);
    // an id between two kept entries, and one before all of them
    const middle = await store.readEvents({ after: `${clock - 2}`, limit: 3 });
    expect(middle.map((entry) => entry.event.id)).toEqual(events.slice(-3).map((e) => e.id));
    expect((await store.readEvents({ after: '0', limit: 1 }))[0].event.id).toBe(kept[0]);
  });

  it('keeps the newest events whose JSON fits in memoryStreamMaxChars, and always the newest one', async () => {
    const events = Array.from({ length: 60 }, (_, i) =>
      event('view', `member-${i % 7}`, place(`p${'x'.repeat(i)}`), T0 + i),
    );
    const unlimited = new InMemorySignalStore({ clock: () => T0 });
    await unlimited.record(events);
    const lengths = (await unlimited.readEvents()).map((entry) => JSON.stringify(entry.event).length);
    let kept = 0;
    for (
      let chars = 0;
      kept < lengths.length && chars + lengths[lengths.length - 1 - kept] <= 3_000;
      kept++
    ) {
      chars += lengths[lengths.length - 1 - kept];
    }
    expect(kept).toBeGreaterThan(5);
    expect(kept).toBeLessThan(60);

    const limited = new InMemorySignalStore({ clock: () => T0, memoryStreamMaxChars: 3_000 });
    for (const e of events) await limited.record([e]);
    expect((await limited.readEvents()).map((entry) => entry.event.id)).toEqual(
      events.slice(-kept).map((e) => e.id),
    );

    const tiny = new InMemorySignalStore({ clock: () => T0, memoryStreamMaxChars: 10 });
    await tiny.record(events.slice(0, 3));
    expect((await tiny.readEvents()).map((entry) => entry.event.id)).toEqual([events[2].id]);
  });
});

describe('RedisSignalStore keys in Redis', () => {
  const keyPrefix = `${RUN_PREFIX}ttl:`;
  const keys = new SignalKeys(keyPrefix);
  let redis: Redis;
  let store: RedisSignalStore;

  beforeAll(() => {
    redis = new Redis(REDIS);
    store = new RedisSignalStore(new Redis(REDIS), { keyPrefix });
  });
  afterAll(async () => {
    await store.close();
    await redis.quit();
  });

  it('gives every key of an event its time-to-live', async () => {
    const now = Date.now();
    await store.record([
      event('like', 'm1', member('m9'), now, { id: 'e-like', targetCategories: ['film'] }),
      event('pass', 'm1', place('p1'), now, { id: 'e-pass' }),
      event('impression', 'm1', place('p1'), now, { id: 'e-impression' }),
    ]);
    const day = new Date(now).toISOString().slice(0, 10).replaceAll('-', '');
    const expectedTtl: [string, number][] = [
      [keys.eventId('m1', 'e-like'), 7 * DAY],
      [keys.recentPositives('m1'), 90 * DAY],
      [keys.affinities('m1'), 90 * DAY],
      [keys.likedBy('m9'), 90 * DAY],
      [keys.negatives('m1'), 30 * DAY],
      [keys.seen('m1'), 7 * DAY],
      [keys.seenCounts('m1'), 7 * DAY],
      [keys.impressionsOnDay(place('p1'), day), 8 * DAY],
      [keys.likesOnDay(member('m9'), day), 8 * DAY],
    ];
    for (const [key, ttl] of expectedTtl) {
      const remaining = await redis.pttl(key);
      expect([key, remaining <= ttl && remaining > ttl - MINUTE]).toEqual([key, true]);
    }
    expect(await redis.xlen(keys.eventStream())).toBe(3);
  });
});
