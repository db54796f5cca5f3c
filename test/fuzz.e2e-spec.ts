import { CATALOG_INDEX_KINDS, SearchNames } from '@app/search';
import { SignalStore } from '@app/signals';
import { Client } from '@opensearch-project/opensearch';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { SIGNAL_STORE } from '../apps/recommender-api/src/signals/signal-store.token';
import {
  deleteRedisKeys,
  expectNoStackTrace,
  REDIS_URL,
  redisPrefix,
  sampleMember,
  samplePlace,
  startApi,
  TEST_API_KEYS,
  TestAnswer,
  TestApi,
} from './api.e2e-helpers';

/**
 * Property-based fuzzing of the whole HTTP API: thousands of random and malformed requests (methods, paths built from
 * the service's own route table with random segments, query strings, bodies, content types, with and without keys)
 * against the service on the embedded engine and the real Redis. Every answer must be a 2xx or a 4xx in the API's
 * error shape, never a 5xx nor a stack trace; nothing may be thrown unhandled; and a refused request must leave the
 * stored data as it was: the catalog's documents and every signal key in Redis are compared before and after each.
 * FUZZ_RUNS sets the number of requests (default 2,000: about 12 s on 2 cores).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);
const PREFIX = redisPrefix('fuzz');
const PLACES = ['museum', 'tram-28', 'fado-house'];
const MEMBERS = ['ana', 'bruno', 'carla', 'dan'];
const KEYS = Object.values(TEST_API_KEYS);
const AN_HOUR_AGO = new Date(Date.now() - 3_600_000).toISOString();

// ---- what a request is made of -------------------------------------------------------------------------------------

const pathSegment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PLACES, ...MEMBERS) },
  { weight: 3, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }).map(encodeURIComponent) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      '.',
      '..',
      '%00',
      '%2F',
      '%2e%2e',
      '%',
      '%E0%A4%A',
      '%ZZ',
      'a b',
      'ä',
      'a'.repeat(65),
      'a'.repeat(101),
      '__proto__',
      'constructor',
      ':id',
      'places:batch',
      '*',
      '{"a":1}',
    ),
  },
);

const queryName = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'limit',
      'cursor',
      'explain',
      'city',
      'lat',
      'lon',
      'radiusKm',
      'categories',
      'priceLevels',
      'q',
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'limit[]', 'city[a]', 'toString', '') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);
const queryValue = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      ...['1', '0', '-1', '5', '20', '50', '51', '1e3', 'NaN', 'Infinity', 'true', 'false', 'yes', ''],
      ...[
        '38.72',
        '-9.14',
        '91',
        'Lisbon',
        'Nowhere',
        'museum',
        'museum,park',
        '[]',
        '{}',
        'null',
        'x'.repeat(9_000),
      ],
    ),
  },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 1, arbitrary: fc.double().map(String) },
);
const queryString = fc.oneof(
  { weight: 2, arbitrary: fc.constant('') },
  {
    weight: 4,
    arbitrary: fc
      .array(fc.tuple(queryName, queryValue), { maxLength: 6 })
      .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')),
  },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'city=Lisbon',
      'city=Lisbon&limit=3&explain=true',
      'lat=38.72&lon=-9.14&radiusKm=5',
      'limit=1&limit=2',
      '%',
      'a=%ZZ',
      '&&=&',
      '==',
    ),
  },
);

function event(kind: 'place' | 'member', target: string, id: string, type: string) {
  return { id, type, memberId: 'ana', target: { kind, id: target }, at: AN_HOUR_AGO };
}

/** Bodies the API accepts (so that some requests get through to the handlers), to be mutated. */
const VALID_BODIES: unknown[] = [
  { events: [event('place', 'museum', 'f-1', 'like')] },
  { events: [event('member', 'bruno', 'f-2', 'like'), event('place', 'tram-28', 'f-3', 'save')] },
  { events: [event('member', 'dan', 'f-4', 'block')] },
  samplePlace({ id: 'museum', city: 'Lisbon' }),
  sampleMember({ id: 'carla', city: 'Lisbon' }),
  { items: [samplePlace({ id: 'fado-house' }), samplePlace({ id: 'new-place' })] },
  { items: [sampleMember({ id: 'dan' })] },
];

/** The paths of keys into a JSON value, to pick one to mutate (of an array, its first two items). */
function keyPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [];
  const keys = Array.isArray(value) ? value.slice(0, 2).map((_, i) => i) : Object.keys(value);
  return keys.flatMap((key) => [
    [...prefix, key],
    ...keyPaths((value as Record<string | number, unknown>)[key], [...prefix, key]),
  ]);
}

/** `value` with the thing at `path` replaced (or removed when `replacement` is undefined). */
function mutated(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (replacement === undefined) delete node[last];
  else node[last] = replacement;
  return copy;
}

const domainBody = fc
  .tuple(
    fc.constantFrom(...VALID_BODIES),
    fc.nat(),
    fc.oneof(
      fc.constant(undefined),
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom('', -1, 1e308, 'x'.repeat(300)),
    ),
    fc.constantFrom('keep', 'mutate', 'mutate', 'unknown-field'),
  )
  .map(([body, at, replacement, how]) => {
    if (how === 'keep') return JSON.stringify(body);
    if (how === 'unknown-field') return JSON.stringify({ ...(body as object), isAdmin: true });
    const paths = keyPaths(body);
    return JSON.stringify(mutated(body, paths[at % paths.length], replacement));
  });

const body = fc.oneof(
  { weight: 3, arbitrary: fc.constant(undefined) },
  { weight: 4, arbitrary: domainBody },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 60 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      '{',
      '{"events":',
      'null',
      '""',
      '{"__proto__":{"isAdmin":true}}',
      '{"constructor":{"prototype":{"isAdmin":true}}}',
      '{"events":[' + '['.repeat(5_000) + ']'.repeat(5_000) + ']}',
      `{"items":[${'{"a":'.repeat(40)}1${'}'.repeat(40)}]}`,
      '\u0000',
      '{"a":1}}',
    ),
  },
);

const contentType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/jsonx',
      '',
    ),
  },
);

const printable = fc.stringMatching(/^[\x21-\x7e]{1,80}$/);
const auth = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Record<string, string>>({ 'x-api-key': TEST_API_KEYS.all }) },
  { weight: 4, arbitrary: fc.constantFrom(...KEYS).map((key) => ({ 'x-api-key': key })) },
  { weight: 1, arbitrary: fc.constantFrom(...KEYS).map((key) => ({ authorization: `Bearer ${key}` })) },
  { weight: 1, arbitrary: fc.constant({}) },
  { weight: 1, arbitrary: printable.map((key) => ({ 'x-api-key': key })) },
  { weight: 1, arbitrary: printable.map((value) => ({ authorization: value })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...KEYS), fc.constantFrom(...KEYS))
      .map(([a, b]) => ({ 'x-api-key': a, authorization: `Bearer ${b}` })),
  },
);

const OTHER_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND'];

interface FuzzRequest {
  method: string;
  url: string;
  body?: string;
  headers: Record<string, string>;
}

/** `/v1/members/:id/blocks/:otherId` with `segments` for its parameters; `::` is a literal colon. */
function fill(pattern: string, segments: string[]): string {
  let next = 0;
  return pattern
    .split('::')
    .map((part) => part.replace(/:[A-Za-z_][A-Za-z0-9_]*/g, () => segments[next++ % segments.length]))
    .join(':');
}

function requests(routes: { method: string; url: string }[]): fc.Arbitrary<FuzzRequest> {
  const path = fc.oneof(
    {
      weight: 12,
      arbitrary: fc
        .tuple(
          fc.constantFrom(...routes),
          fc.array(pathSegment, { minLength: 2, maxLength: 2 }),
          fc.oneof(
            { weight: 12, arbitrary: fc.constant('as-is') },
            {
              weight: 1,
              arbitrary: fc.constantFrom('trailing-slash', 'extra-segment', 'drop-last', 'upper'),
            },
          ),
          pathSegment,
        )
        .map(([route, segments, tweak, extra]) => {
          const filled = fill(route.url, segments);
          const path =
            tweak === 'trailing-slash'
              ? `${filled}/`
              : tweak === 'extra-segment'
                ? `${filled}/${extra}`
                : tweak === 'drop-last'
                  ? filled.slice(0, filled.lastIndexOf('/'))
                  : tweak === 'upper'
                    ? filled.toUpperCase()
                    : filled;
          return { method: route.method, path };
        }),
    },
    {
      weight: 1,
      arbitrary: fc
        .array(pathSegment, { minLength: 0, maxLength: 5 })
        .map((segments) => ({ method: 'GET', path: `/${segments.join('/')}` })),
    },
  );
  return fc
    .record({
      path,
      otherMethod: fc.oneof(
        { weight: 8, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom(...OTHER_METHODS) },
      ),
      query: queryString,
      body,
      contentType,
      auth,
    })
    .map(({ path, otherMethod, query, body, contentType, auth }) => {
      const method = otherMethod ?? path.method;
      // fetch sends no body with GET or HEAD.
      const sent = method === 'GET' || method === 'HEAD' ? undefined : body;
      return {
        method,
        url: `${path.path}${query === '' ? '' : `?${query}`}`,
        body: sent,
        headers: { ...auth, ...(sent !== undefined && { 'content-type': contentType }) },
      };
    });
}

// ---- the property --------------------------------------------------------------------------------------------------

describe('fuzz', () => {
  let api: TestApi;
  let redis: Redis;
  let client: Client;
  let names: SearchNames;
  /** Signal writes under way (the feeds record impressions after they answer). */
  const pending = new Set<Promise<unknown>>();
  const unhandled: unknown[] = [];
  const onUnhandled = (error: unknown) => unhandled.push(error);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    process.on('uncaughtException', onUnhandled);
    api = await startApi({
      redisUrl: REDIS_URL,
      redisKeyPrefix: PREFIX,
      // Admin's buckets run dry under the fuzz, so that 429s are among the answers too.
      rateLimitsByScope: 'admin:2:0.2',
    });
    redis = new Redis(REDIS_URL);
    client = api.app.get(Client);
    names = api.app.get(SearchNames);
    const store = api.app.get<SignalStore>(SIGNAL_STORE);
    const record = store.record.bind(store);
    store.record = (events) => {
      const write = record(events);
      pending.add(write);
      void write.catch(() => undefined).finally(() => pending.delete(write));
      return write;
    };
    for (const id of PLACES) {
      expect((await api.request('PUT', `/v1/catalog/places/${id}`, samplePlace({ id }))).status).toBe(201);
    }
    for (const id of MEMBERS) {
      const member = sampleMember({ id, city: 'Lisbon' });
      expect((await api.request('PUT', `/v1/catalog/members/${id}`, member)).status).toBe(201);
    }
    expect((await api.request('PUT', '/v1/members/ana/connections/bruno')).status).toBe(201);
    const seeded = {
      events: [event('place', 'museum', 'seed-1', 'save'), event('member', 'carla', 'seed-2', 'like')],
    };
    expect((await api.request('POST', '/v1/events', seeded)).status).toBe(200);
  });

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
    await api?.close();
    await redis?.quit();
    await deleteRedisKeys(PREFIX);
  });

  /** Waits for the writes a served feed started after answering (they begin before the client reads the answer). */
  async function settle(): Promise<void> {
    await new Promise((resolve) => setImmediate(resolve));
    while (pending.size > 0) await Promise.allSettled([...pending]);
  }

  /** The stored data: every catalog document, and every signal key's value (rate-limit buckets are not data). */
  async function snapshot(): Promise<{ catalog: unknown; signals: [string, string][] }> {
    const catalog = await Promise.all(
      CATALOG_INDEX_KINDS.map(async (kind) => {
        const answer = await client.search({
          index: names.alias(kind),
          body: { query: { match_all: {} }, size: 10_000 },
        });
        return (answer.body.hits.hits as { _id: string; _source?: unknown }[])
          .map((hit) => [hit._id, hit._source] as const)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      }),
    );
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${PREFIX}*`, 'COUNT', 1_000);
      keys.push(...found.filter((key) => !key.startsWith(`${PREFIX}ratelimit:`)));
      cursor = next;
    } while (cursor !== '0');
    keys.sort();
    const values = await Promise.all(keys.map((key) => redis.dumpBuffer(key)));
    return { catalog, signals: keys.map((key, i) => [key, values[i]?.toString('hex') ?? 'gone']) };
  }

  it('answers every request with a 2xx or a 4xx, and changes nothing when it refuses', async () => {
    const seen = { ok: 0, refused: new Map<number, number>() };
    expect(api.routes.length).toBeGreaterThanOrEqual(16);
    const seeded = await snapshot();
    // What the snapshot sees: the places, the members and the connection, and the signals of the seeded events.
    expect((seeded.catalog as unknown[][]).map((documents) => documents.length)).toEqual([3, 4, 1]);
    expect(seeded.signals.length).toBeGreaterThan(0);
    await fc.assert(
      fc.asyncProperty(requests(api.routes), async (request) => {
        // Taken before each request, so that a run (and fast-check's shrinking) depends on no earlier one.
        const before = await snapshot();
        const answer: TestAnswer = await api.requestAs(
          undefined,
          request.method,
          request.url,
          request.body,
          request.headers,
        );
        const { status } = answer;
        expect([2, 4]).toContain(Math.floor(status / 100));
        expectNoStackTrace(answer);
        if (status < 300) {
          seen.ok++;
          await settle();
          return;
        }
        seen.refused.set(status, (seen.refused.get(status) ?? 0) + 1);
        if (request.method !== 'HEAD') {
          expect(answer.body).toMatchObject({ statusCode: status, error: expect.any(String) });
          expect(typeof answer.body.message).toBe('string');
        }
        await settle();
        expect(await snapshot()).toEqual(before);
      }),
      { numRuns: RUNS, endOnFailure: false },
    );
    expect(unhandled).toEqual([]);
    expect((await api.requestAs(undefined, 'GET', '/health/live')).status).toBe(200);
    // The run covered what it is meant to: served requests, and each kind of refusal.
    expect(seen.ok).toBeGreaterThan(RUNS / 50);
    for (const status of [400, 401, 403, 404, 415, 429])
      expect(seen.refused.get(status) ?? 0).toBeGreaterThan(0);
  }, 120_000);
});
