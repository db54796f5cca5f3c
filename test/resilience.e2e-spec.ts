import { EngineFaults } from '@app/search';
import { RedisSignalStore } from '@app/signals';
import { Client } from '@opensearch-project/opensearch';
import { Redis } from 'ioredis';
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import {
  deleteRedisKeys,
  REDIS_URL,
  redisPrefix,
  sampleMember,
  samplePlace,
  startApi,
  tempDataDir,
  TestAnswer,
  TestApi,
  testEmbedding,
} from './api.e2e-helpers';

const PREFIX = redisPrefix('resilience');
const TRAVEL = '/v1/travel/members/viewer/places?city=Lisbon&limit=10';
const DISCOVERY = '/v1/networking/members/viewer/discovery?limit=20';
/** Members the viewer must never see, whatever serves the page. */
const NEVER_SHOWN = ['viewer', 'm-blocked', 'm-blocker', 'm-hidden', 'm-paused'];
/** Fields of members that no feed answer may carry. */
const PRIVATE_FIELDS = ['location', 'preferences', 'visibility', 'email', 'profileEmbedding', 'lastActiveAt'];
const LISBON = { lat: 38.7223, lon: -9.1393 };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 50 ms until it holds; returns the milliseconds it took. */
async function within(ms: number, check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await sleep(50);
  }
  return Date.now() - started;
}

function sampleValue(text: string, name: string, labels: Record<string, string>): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      sum += Number(line.split(' ').pop());
  }
  return sum;
}

function expectSafeMembers(answer: TestAnswer): void {
  for (const item of answer.body.items as Record<string, unknown>[]) {
    expect(NEVER_SHOWN).not.toContain(item.id);
    for (const field of PRIVATE_FIELDS) expect(item).not.toHaveProperty(field);
  }
}

/** The catalog every app of this file starts with: places and members of Lisbon, blocks both ways. */
async function seed(api: TestApi): Promise<void> {
  const places = Array.from({ length: 10 }, (_, i) =>
    samplePlace({
      id: `place-${i}`,
      name: `Place ${i}`,
      city: 'Lisbon',
      location: { lat: LISBON.lat + (i % 4) * 0.004, lon: LISBON.lon + (i % 3) * 0.004 },
      categories: [(['museum', 'cafe'] as const)[i % 2]],
      curated: i < 6,
      rating: 3 + (i % 5) * 0.4,
      status: i === 5 ? 'closed' : 'active',
      embedding: testEmbedding(10 + i),
    }),
  );
  const soft = {
    ...sampleMember().preferences,
    hard: { industries: false, languages: false, maxDistanceKm: false },
  };
  const members = [
    sampleMember({ id: 'viewer', preferences: soft }),
    ...['m-1', 'm-2', 'm-3', 'm-blocked', 'm-blocker'].map((id, i) =>
      sampleMember({ id, displayName: id, preferences: soft, profileEmbedding: testEmbedding(100 + i) }),
    ),
    sampleMember({ id: 'm-hidden', visibility: 'hidden', preferences: soft }),
    sampleMember({ id: 'm-paused', visibility: 'paused', preferences: soft }),
  ];
  expect((await api.request('POST', '/v1/catalog/places:batch', { items: places })).body.stored).toBe(10);
  expect((await api.request('POST', '/v1/catalog/members:batch', { items: members })).body.stored).toBe(8);
  expect((await api.request('PUT', '/v1/members/viewer/blocks/m-blocked')).status).toBeLessThan(300);
  expect((await api.request('PUT', '/v1/members/m-blocker/blocks/viewer')).status).toBeLessThan(300);
}

describe('resilience: the engine down or slow', () => {
  let api: TestApi;
  let faults: EngineFaults;

  beforeAll(async () => {
    await deleteRedisKeys(PREFIX);
    api = await startApi({
      redisUrl: REDIS_URL,
      redisKeyPrefix: PREFIX,
      breakerFailureThreshold: 3,
      breakerCoolDownMs: 300,
      fallbackRefreshMs: 150,
      engineRequestTimeoutMs: 500,
      catalogWriteRetryMs: 200,
    });
    await seed(api);
    faults = EngineFaults.install(api.app.get(Client));
    // Pages served by the engine tell the fallback which city and viewer to keep.
    const travel = await api.request('GET', TRAVEL);
    expect(travel).toMatchObject({ status: 200, body: { degraded: false } });
    const discovery = await api.request('GET', DISCOVERY);
    expect(discovery).toMatchObject({ status: 200, body: { degraded: false } });
    expectSafeMembers(discovery);
    await within(3_000, async () => {
      const metrics = (await api.request('GET', '/metrics')).text;
      return sampleValue(metrics, 'feed_fallback_items', { kind: 'members' }) > 0;
    });
  });

  afterAll(async () => {
    faults?.heal();
    await api?.close();
    await deleteRedisKeys(PREFIX);
  });

  it('answers from the fallback while the engine is unreachable, goes unready, and recovers by itself', async () => {
    faults.set({ kind: 'unreachable' });
    const travelPages: TestAnswer[] = [];
    const discoveryPages: TestAnswer[] = [];
    for (let i = 0; i < 6; i++) {
      travelPages.push(await api.request('GET', TRAVEL));
      discoveryPages.push(await api.request('GET', DISCOVERY));
    }
    for (const page of [...travelPages, ...discoveryPages])
      expect(page).toMatchObject({ status: 200, body: { degraded: true } });
    // Curated, active places of Lisbon, the best rated first.
    const places = travelPages[5].body.items as { id: string; curated: boolean; rating: number }[];
    expect(places.length).toBe(5);
    expect(places.every((p) => p.curated)).toBe(true);
    expect(places.map((p) => p.id)).not.toContain('place-5');
    expect(places.map((p) => p.rating)).toEqual([...places.map((p) => p.rating)].sort((a, b) => b - a));
    expect(travelPages[5].body.nextCursor).toBeNull();
    // Members: never the viewer, a block either way, a hidden or paused member, nor a private field.
    for (const page of discoveryPages) expectSafeMembers(page);
    expect((discoveryPages[5].body.items as { id: string }[]).map((m) => m.id).sort()).toEqual([
      'm-1',
      'm-2',
      'm-3',
    ]);

    const ready = await api.request('GET', '/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.error.serving).toMatchObject({ status: 'down', engineCircuit: 'open' });
    const metrics = (await api.request('GET', '/metrics')).text;
    expect(sampleValue(metrics, 'circuit_breaker_state', { dependency: 'engine', state: 'open' })).toBe(1);
    expect(
      sampleValue(metrics, 'feed_degraded_responses_total', { scenario: 'travel', reason: 'engine' }),
    ).toBe(6);
    expect(
      sampleValue(metrics, 'feed_degraded_responses_total', { scenario: 'networking', reason: 'engine' }),
    ).toBe(6);

    // A catalog write is refused, not acknowledged; an event without the engine is recorded (categories left out).
    const write = await api.request('PUT', '/v1/catalog/places/place-new', samplePlace({ id: 'place-new' }));
    expect(write.status).toBe(503);
    const event = {
      id: 'down-1',
      type: 'save',
      memberId: 'viewer',
      target: { kind: 'place', id: 'place-1' },
      at: new Date().toISOString(),
    };
    expect(await api.request('POST', '/v1/events', { events: [event] })).toMatchObject({
      status: 200,
      body: { recorded: 1 },
    });

    faults.heal();
    const recovery = await within(
      5_000,
      async () => (await api.request('GET', '/health/ready')).status === 200,
    );
    expect(recovery).toBeLessThan(3_000);
    expect(await api.request('GET', TRAVEL)).toMatchObject({ status: 200, body: { degraded: false } });
    const discovery = await api.request('GET', DISCOVERY);
    expect(discovery).toMatchObject({ status: 200, body: { degraded: false } });
    expectSafeMembers(discovery);
    const after = (await api.request('GET', '/metrics')).text;
    expect(sampleValue(after, 'circuit_breaker_state', { dependency: 'engine', state: 'closed' })).toBe(1);
    // The event acknowledged while the engine was away is there.
    const store = new RedisSignalStore(new Redis(REDIS_URL), { keyPrefix: PREFIX });
    try {
      const saved = (await store.readMember('viewer')).recentPositives.map((p) => p.target.id);
      expect(saved).toContain('place-1');
    } finally {
      await store.close();
    }
  });

  it('opens on timeouts of a slow engine too, with no 5xx, and closes once it is fast again', async () => {
    faults.set({ kind: 'slow', ms: 2_000 });
    for (let i = 0; i < 5; i++) {
      const travel = await api.request('GET', TRAVEL);
      expect(travel).toMatchObject({ status: 200, body: { degraded: true } });
    }
    expect((await api.request('GET', '/health/ready')).status).toBe(503);
    faults.heal();
    await within(5_000, async () => (await api.request('GET', TRAVEL)).body.degraded === false);
  });

  it('refuses nothing silently while the engine is away: unacknowledged writes fail, acknowledged ones hold', async () => {
    faults.set({ kind: 'unreachable' });
    const refused = await api.request('PUT', '/v1/members/m-1/blocks/m-2');
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBeDefined();
    faults.heal();
    await within(5_000, async () => (await api.request('GET', '/health/ready')).status === 200);
    const stored = await api.request(
      'PUT',
      '/v1/catalog/places/place-new',
      samplePlace({ id: 'place-new', city: 'Porto' }),
    );
    expect(stored.status).toBeLessThan(300);
    const found = await api.app
      .get(Client)
      .transport.request({ method: 'GET', path: '/places/_doc/place-new' });
    expect((found.body as { found: boolean }).found).toBe(true);
  });
});

/** A port nothing listens on now. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A Redis of this test's own, that it can stop and start again on one port. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const answers = async () => {
    const probe = new Redis({
      port,
      host: '127.0.0.1',
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      probe.disconnect();
    }
  };
  try {
    await within(5_000, answers);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return child;
}

async function stopRedis(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

describe('resilience: Redis down', () => {
  let api: TestApi;
  let redis: ChildProcess | undefined;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    api = await startApi({
      redisUrl: `redis://127.0.0.1:${port}`,
      redisCommandTimeoutMs: 200,
      healthCheckTimeoutMs: 200,
      breakerCoolDownMs: 300,
      fallbackRefreshMs: 150,
    });
    await seed(api);
  });

  afterAll(async () => {
    await api?.close();
    if (redis) await stopRedis(redis);
  });

  it('serves feeds without signals (degraded, reason redis), refuses events with 503, and recovers by itself', async () => {
    const event = (id: string) => ({
      events: [
        {
          id,
          type: 'like',
          memberId: 'viewer',
          target: { kind: 'member', id: 'm-1' },
          at: new Date().toISOString(),
        },
      ],
    });
    expect(await api.request('POST', '/v1/events', event('up-1'))).toMatchObject({ status: 200 });
    await stopRedis(redis!);
    redis = undefined;

    const travel = await api.request('GET', TRAVEL);
    expect(travel).toMatchObject({ status: 200, body: { degraded: true } });
    expect(travel.body.items.length).toBeGreaterThan(0);
    const discovery = await api.request('GET', DISCOVERY);
    expect(discovery).toMatchObject({ status: 200, body: { degraded: true } });
    expectSafeMembers(discovery);
    const refused = await api.request('POST', '/v1/events', event('down-1'));
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('1');
    const metrics = (await api.request('GET', '/metrics')).text;
    expect(
      sampleValue(metrics, 'feed_degraded_responses_total', { scenario: 'travel', reason: 'redis' }),
    ).toBe(1);
    expect(
      sampleValue(metrics, 'feed_degraded_responses_total', { scenario: 'networking', reason: 'redis' }),
    ).toBe(1);
    // Redis alone does not open the engine's circuit.
    expect(sampleValue(metrics, 'circuit_breaker_state', { dependency: 'engine', state: 'closed' })).toBe(1);

    redis = await startRedis(port);
    const recovery = await within(
      5_000,
      async () => (await api.request('POST', '/v1/events', event('back-1'))).status === 200,
    );
    expect(recovery).toBeLessThan(5_000);
    expect(await api.request('GET', TRAVEL)).toMatchObject({ status: 200, body: { degraded: false } });
    expect(await api.request('GET', DISCOVERY)).toMatchObject({ status: 200, body: { degraded: false } });
  });

  it('serves nobody from the networking fallback when neither the engine nor Redis answers', async () => {
    await api.request('GET', DISCOVERY);
    await within(3_000, async () => {
      const metrics = (await api.request('GET', '/metrics')).text;
      return sampleValue(metrics, 'feed_fallback_items', { kind: 'members' }) > 0;
    });
    const faults = EngineFaults.install(api.app.get(Client));
    faults.set({ kind: 'unreachable' });
    try {
      // Redis answers: the fallback has members for the viewer.
      const withRedis = await api.request('GET', DISCOVERY);
      expect(withRedis).toMatchObject({ status: 200, body: { degraded: true } });
      expect(withRedis.body.items.length).toBeGreaterThan(0);
      expectSafeMembers(withRedis);
      await stopRedis(redis!);
      redis = undefined;
      for (let i = 0; i < 3; i++) {
        const discovery = await api.request('GET', DISCOVERY);
        expect(discovery).toMatchObject({ status: 200, body: { degraded: true, items: [] } });
        const travel = await api.request('GET', TRAVEL);
        expect(travel).toMatchObject({ status: 200, body: { degraded: true } });
        expect(travel.body.items.length).toBeGreaterThan(0);
      }
    } finally {
      faults.heal();
      redis ??= await startRedis(port);
    }
  });
});

describe('resilience: Redis hung', () => {
  it('stops waiting on a hung Redis once its circuit opens: feeds degraded, events 503, and recovers by itself', async () => {
    const port = await freePort();
    let redis: ChildProcess | undefined = await startRedis(port);
    const api = await startApi({
      redisUrl: `redis://127.0.0.1:${port}`,
      redisCommandTimeoutMs: 200,
      healthCheckTimeoutMs: 200,
      breakerFailureThreshold: 2,
      breakerCoolDownMs: 300,
    });
    const event = (id: string) => ({
      events: [
        {
          id,
          type: 'like',
          memberId: 'viewer',
          target: { kind: 'place', id: 'place-1' },
          at: new Date().toISOString(),
        },
      ],
    });
    try {
      await seed(api);
      expect(await api.request('GET', TRAVEL)).toMatchObject({ status: 200, body: { degraded: false } });
      // SIGSTOP: the connection stays open and nothing answers, as with a Redis stuck in a long command.
      redis.kill('SIGSTOP');
      for (let i = 0; i < 3; i++) {
        expect(await api.request('GET', TRAVEL)).toMatchObject({ status: 200, body: { degraded: true } });
      }
      const metrics = (await api.request('GET', '/metrics')).text;
      expect(sampleValue(metrics, 'circuit_breaker_state', { dependency: 'redis', state: 'open' })).toBe(1);
      const refused = await api.request('POST', '/v1/events', event('hung-1'));
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('1');
      redis.kill('SIGCONT');
      await within(
        5_000,
        async () => (await api.request('POST', '/v1/events', event('back-1'))).status === 200,
      );
      await within(5_000, async () => (await api.request('GET', TRAVEL)).body.degraded === false);
    } finally {
      redis?.kill('SIGCONT');
      await api.close();
      if (redis) await stopRedis(redis);
      redis = undefined;
    }
  });
});

describe('resilience: the feed deadline', () => {
  it('answers from the fallback once FEED_DEADLINE_MS has passed, without opening the circuit for slowness alone', async () => {
    const api = await startApi({
      feedDeadlineMs: 300,
      engineRequestTimeoutMs: 10_000,
      breakerFailureThreshold: 2,
      breakerCoolDownMs: 60_000,
      fallbackRefreshMs: 150,
    });
    const faults = EngineFaults.install(api.app.get(Client));
    try {
      await seed(api);
      expect(await api.request('GET', TRAVEL)).toMatchObject({ status: 200, body: { degraded: false } });
      await within(3_000, async () => {
        const metrics = (await api.request('GET', '/metrics')).text;
        return sampleValue(metrics, 'feed_fallback_items', { kind: 'places' }) > 0;
      });
      // Slower than the deadline, far inside the engine's own timeout.
      faults.set({ kind: 'slow', ms: 3_000 });
      for (let i = 0; i < 2; i++) {
        const travel = await api.request('GET', TRAVEL);
        expect(travel).toMatchObject({ status: 200, body: { degraded: true } });
        expect(travel.body.items.length).toBeGreaterThan(0);
      }
      const metrics = (await api.request('GET', '/metrics')).text;
      expect(
        sampleValue(metrics, 'feed_degraded_responses_total', { scenario: 'travel', reason: 'deadline' }),
      ).toBe(2);
      // Slow is not down: the circuit (and so readiness) stays as it was; the late pages report what they met.
      expect(sampleValue(metrics, 'circuit_breaker_state', { dependency: 'engine', state: 'closed' })).toBe(
        1,
      );
    } finally {
      faults.heal();
      await api.close();
    }
  });
});

describe('resilience: overload', () => {
  it('answers 503 with Retry-After at once past MAX_IN_FLIGHT, keeps probes answering, and counts it', async () => {
    const api = await startApi({ maxInFlight: 2 });
    try {
      await seed(api);
      const faults = EngineFaults.install(api.app.get(Client));
      faults.set({ kind: 'slow', ms: 300 });
      let slowAnswered = 0;
      const slow = [api.request('GET', TRAVEL), api.request('GET', TRAVEL)].map((answer) =>
        answer.finally(() => slowAnswered++),
      );
      await sleep(100);
      const refused = await api.request('GET', TRAVEL);
      // at once: while the two in flight still wait on the slow engine
      expect(slowAnswered).toBe(0);
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toBe('1');
      expect((await api.request('GET', '/health/live')).status).toBe(200);
      const metrics = (await api.request('GET', '/metrics')).text;
      expect(sampleValue(metrics, 'http_requests_rejected_total', { reason: 'overload' })).toBe(1);
      for (const answer of await Promise.all(slow)) expect(answer.status).toBe(200);
      faults.heal();
      expect((await api.request('GET', TRAVEL)).status).toBe(200);
    } finally {
      await api.close();
    }
  });
});

describe('resilience: graceful shutdown', () => {
  it('finishes the request in flight, flushes its side effects, and keeps acknowledged writes', async () => {
    const data = tempDataDir();
    const prefix = `${PREFIX}shutdown:`;
    try {
      const api = await startApi({
        dataDir: data.dir,
        redisUrl: REDIS_URL,
        redisKeyPrefix: prefix,
        shutdownGraceMs: 5_000,
      });
      await seed(api);
      const faults = EngineFaults.install(api.app.get(Client));
      faults.set({ kind: 'slow', ms: 400 });
      const write = api.request('PUT', '/v1/catalog/places/place-late', samplePlace({ id: 'place-late' }));
      const feed = api.request('GET', '/v1/travel/members/viewer/places?city=Lisbon&limit=3');
      await sleep(100);
      const closing = api.close();
      await sleep(50);
      // Draining: the server still answers, but readiness is down and new work is turned away.
      const ready = await api.request('GET', '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.error.serving).toMatchObject({ status: 'down', shuttingDown: true });
      const late = await api.request('GET', '/v1/travel/members/viewer/places?city=Lisbon&limit=3');
      expect(late.status).toBe(503);
      expect(late.headers['retry-after']).toBe('1');
      const [written, page] = await Promise.all([write, feed]);
      await closing;
      expect(written.status).toBeLessThan(300);
      expect(page.status).toBe(200);
      const served = (page.body.items as { id: string }[]).map((p) => p.id);
      expect(served.length).toBeGreaterThan(0);
      // The impressions of the page, recorded after its answer, were flushed before Redis was closed.
      const store = new RedisSignalStore(new Redis(REDIS_URL), { keyPrefix: prefix });
      try {
        const seen = (await store.readMember('viewer')).seen.map((s) => s.target.id);
        expect(seen.sort()).toEqual([...served].sort());
      } finally {
        await store.close();
      }
      // The write acknowledged during shutdown is in the engine's log.
      const reopened = await startApi({ dataDir: data.dir, redisUrl: REDIS_URL, redisKeyPrefix: prefix });
      try {
        const found = await reopened.app
          .get(Client)
          .transport.request({ method: 'GET', path: '/places/_doc/place-late' });
        expect((found.body as { found: boolean }).found).toBe(true);
      } finally {
        await reopened.close();
      }
    } finally {
      data.remove();
      await deleteRedisKeys(prefix);
    }
  });
});
