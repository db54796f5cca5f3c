import { Redis } from 'ioredis';
import { apiKeyEntry } from '../apps/recommender-api/src/access/api-key-list';
import { resolveApiConfig } from '../apps/recommender-api/src/config/api-config';
import { createApiApp } from '../apps/recommender-api/src/create-api-app';
import { DOCS_JSON_PATH } from '../apps/recommender-api/src/openapi/openapi.setup';
import {
  deleteRedisKeys,
  REDIS_URL,
  redisPrefix,
  sampleMember,
  samplePlace,
  startApi,
  TEST_API_KEYS,
  TestApi,
} from './api.e2e-helpers';

type Scope = 'travel' | 'networking' | 'catalog' | 'admin';

/**
 * Every route of the API and the one scope it needs (events are below: their scope depends on the body). Rows of
 * four, the body undefined when there is none: jest would take a missing fourth argument for `done`.
 */
const ROUTES: [method: string, url: string, scope: Scope, body: unknown][] = [
  ['GET', '/v1/travel/members/ana/places?city=Lisbon', 'travel', undefined],
  ['GET', '/v1/networking/members/ana/discovery', 'networking', undefined],
  ['PUT', '/v1/catalog/places/museum', 'catalog', samplePlace({ id: 'museum' })],
  ['POST', '/v1/catalog/places:batch', 'catalog', { items: [samplePlace({ id: 'museum' })] }],
  ['DELETE', '/v1/catalog/places/nowhere', 'catalog', undefined],
  ['PUT', '/v1/catalog/members/bruno', 'catalog', sampleMember({ id: 'bruno' })],
  ['POST', '/v1/catalog/members:batch', 'catalog', { items: [sampleMember({ id: 'bruno' })] }],
  ['DELETE', '/v1/catalog/members/nobody', 'catalog', undefined],
  ['PUT', '/v1/members/ana/blocks/bruno', 'catalog', undefined],
  ['DELETE', '/v1/members/ana/blocks/bruno', 'catalog', undefined],
  ['PUT', '/v1/members/ana/connections/bruno', 'catalog', undefined],
  ['DELETE', '/v1/members/ana/connections/bruno', 'catalog', undefined],
  ['GET', '/v1/admin/search/artifacts', 'admin', undefined],
  ['POST', '/v1/admin/search/install', 'admin', undefined],
  ['GET', '/v1/experiments', 'admin', undefined],
  // Declares no scope: routes that declare none are operators'.
  ['GET', '/metrics', 'admin', undefined],
];

function event(id: string, kind: 'place' | 'member', target: string) {
  return { id, type: 'like', memberId: 'ana', target: { kind, id: target }, at: new Date().toISOString() };
}

describe('access control', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi();
    await api.request('PUT', '/v1/catalog/members/ana', sampleMember({ id: 'ana', city: 'Lisbon' }));
    await api.request('PUT', '/v1/catalog/members/bruno', sampleMember({ id: 'bruno' }));
  });
  afterAll(() => api.close());

  it.each(ROUTES)(
    '%s %s needs a key: 401 without one or with a wrong one',
    async (method, url, _scope, body) => {
      for (const key of [undefined, 'not-a-key', `${TEST_API_KEYS.all}x`]) {
        const answer = await api.requestAs(key, method, url, body);
        expect(answer.status).toBe(401);
        expect(answer.headers['www-authenticate']).toBe('Bearer realm="recommender-api"');
        expect(answer.body).toEqual({
          statusCode: 401,
          error: 'Unauthorized',
          message:
            key === undefined
              ? 'an API key is required: send it in the x-api-key header (or as Authorization: Bearer <key>)'
              : 'the API key in the x-api-key header is not valid',
        });
      }
    },
  );

  it.each(ROUTES)(
    '%s %s needs the %s scope: 403 for the other scopes, served with it',
    async (method, url, scope, body) => {
      for (const other of ['travel', 'networking', 'catalog', 'admin'] as const) {
        const answer = await api.requestAs(TEST_API_KEYS[other], method, url, body);
        if (other === scope) {
          expect(answer.status).toBeLessThan(300);
        } else {
          expect(answer.status).toBe(403);
          expect(answer.body).toEqual({
            statusCode: 403,
            error: 'Forbidden',
            message: `the API key test-${other} (x-api-key header) lacks the scope this request needs: ${scope}`,
          });
        }
      }
    },
  );

  it('takes the key from Authorization: Bearer, and refuses two different keys', async () => {
    const url = '/v1/admin/search/artifacts';
    const bearer = { authorization: `Bearer ${TEST_API_KEYS.admin}` };
    expect((await api.requestAs(undefined, 'GET', url, undefined, bearer)).status).toBe(200);
    const wrong = await api.requestAs(undefined, 'GET', url, undefined, { authorization: 'Bearer nope' });
    expect(wrong).toMatchObject({
      status: 401,
      body: { message: 'the API key in the Authorization header is not valid' },
    });
    const both = await api.requestAs(TEST_API_KEYS.travel, 'GET', url, undefined, bearer);
    expect(both).toMatchObject({
      status: 401,
      body: { message: 'the x-api-key and Authorization headers carry different keys: send one key' },
    });
    const basic = await api.requestAs(undefined, 'GET', url, undefined, {
      authorization: 'Basic YWRtaW46YWRtaW4=',
    });
    expect(basic.status).toBe(401);
  });

  it('leaves the OpenAPI document open: it describes the API, not its data', async () => {
    expect((await api.requestAs(undefined, 'GET', DOCS_JSON_PATH)).status).toBe(200);
  });

  it('leaves the health probes open', async () => {
    expect((await api.requestAs(undefined, 'GET', '/health/live')).status).toBe(200);
    expect((await api.requestAs(undefined, 'GET', '/health/ready')).status).toBe(200);
    expect((await api.requestAs('not-a-key', 'GET', '/health/live')).status).toBe(200);
  });

  it('asks events about places for travel, about members for networking, and a mixed batch for both', async () => {
    const places = { events: [event('a1', 'place', 'museum')] };
    const members = { events: [event('a2', 'member', 'bruno')] };
    const mixed = { events: [event('a3', 'place', 'museum'), event('a4', 'member', 'bruno')] };
    const status = async (key: string, body: unknown) =>
      (await api.requestAs(key, 'POST', '/v1/events', body)).status;
    expect(await status(TEST_API_KEYS.travel, places)).toBe(200);
    expect(await status(TEST_API_KEYS.networking, places)).toBe(403);
    expect(await status(TEST_API_KEYS.networking, members)).toBe(200);
    expect(await status(TEST_API_KEYS.travel, members)).toBe(403);
    expect(await status(TEST_API_KEYS.travel, mixed)).toBe(403);
    expect(await status(TEST_API_KEYS.networking, mixed)).toBe(403);
    expect(await status(TEST_API_KEYS.all, mixed)).toBe(200);
    for (const key of [TEST_API_KEYS.catalog, TEST_API_KEYS.admin]) {
      expect(await status(key, places)).toBe(403);
      expect(await status(key, members)).toBe(403);
    }
    expect((await api.requestAs(undefined, 'POST', '/v1/events', places)).status).toBe(401);
  });

  it('checks the key before the body: a bad batch is a 401 without a key, a 403 out of scope, a 400 in scope', async () => {
    const bad = { events: [{ target: { kind: 'spaceship' } }], extra: true };
    expect((await api.requestAs(undefined, 'POST', '/v1/events', bad)).status).toBe(401);
    const foreign = await api.requestAs(TEST_API_KEYS.catalog, 'POST', '/v1/events', bad);
    expect(foreign.body.message).toBe(
      'the API key test-catalog (x-api-key header) lacks the scope this request needs: travel or networking',
    );
    expect((await api.requestAs(TEST_API_KEYS.networking, 'POST', '/v1/events', bad)).status).toBe(400);
  });

  it('refuses a body without a valid key before reading it: 401, not 413 for its size nor 400 for its JSON', async () => {
    const small = await startApi({ bodyLimitBytes: 1_024 });
    try {
      const large = JSON.stringify({ items: [samplePlace({ id: 'large', description: 'x'.repeat(4_096) })] });
      for (const key of [undefined, 'not-a-key']) {
        expect((await small.requestAs(key, 'POST', '/v1/catalog/places:batch', large)).status).toBe(401);
        expect((await small.requestAs(key, 'POST', '/v1/events', '{"events": [')).status).toBe(401);
      }
      expect(
        (await small.requestAs(TEST_API_KEYS.catalog, 'POST', '/v1/catalog/places:batch', large)).status,
      ).toBe(413);
      expect((await small.requestAs(TEST_API_KEYS.travel, 'POST', '/v1/events', '{"events": [')).status).toBe(
        400,
      );
    } finally {
      await small.close();
    }
  });

  it('writes nothing for a refused request', async () => {
    const place = samplePlace({ id: 'refused-place' });
    for (const key of [undefined, 'wrong', TEST_API_KEYS.travel, TEST_API_KEYS.admin]) {
      expect(
        (await api.requestAs(key, 'PUT', '/v1/catalog/places/refused-place', place)).status,
      ).toBeGreaterThan(400);
    }
    const deleted = await api.request('DELETE', '/v1/catalog/places/refused-place');
    expect(deleted.body.result).toBe('not_found');
  });
});

describe('access control, configured', () => {
  it('refuses to start without API_KEYS', async () => {
    await expect(createApiApp(resolveApiConfig({ dataDir: ':memory:' }), { logger: false })).rejects.toThrow(
      /API_KEYS is unset/,
    );
  });

  it('serves every route without a key when AUTH_DISABLED=true', async () => {
    const api = await startApi({ authDisabled: true });
    try {
      expect((await api.requestAs(undefined, 'GET', '/v1/admin/search/artifacts')).status).toBe(200);
      const place = samplePlace({ id: 'open' });
      expect((await api.requestAs(undefined, 'PUT', '/v1/catalog/places/open', place)).status).toBe(201);
    } finally {
      await api.close();
    }
  });
});

describe('rate limits', () => {
  const prefix = redisPrefix('access');
  const feed = '/v1/travel/members/ana/places?city=Lisbon';
  let api: TestApi;
  let redis: Redis;
  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    // A token every 100 s: nothing refills while the test runs, however slow the machine.
    api = await startApi({
      redisUrl: REDIS_URL,
      redisKeyPrefix: prefix,
      rateLimitCapacity: 5,
      rateLimitRefillPerSecond: 0.01,
      rateLimitsByScope: 'admin:2:0.01',
    });
    await api.request('PUT', '/v1/catalog/members/ana', sampleMember({ id: 'ana', city: 'Lisbon' }));
  });
  afterAll(async () => {
    await api.close();
    await deleteRedisKeys(prefix);
    await redis.quit();
  });

  it('lets a key make 5 requests of a scope at once, then answers 429 with Retry-After', async () => {
    for (let i = 0; i < 5; i++)
      expect((await api.requestAs(TEST_API_KEYS.travel, 'GET', feed)).status).toBe(200);
    const refused = await api.requestAs(TEST_API_KEYS.travel, 'GET', feed);
    expect(refused.status).toBe(429);
    // A token takes 100 s; less the time the requests took, rounded up to whole seconds.
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(95);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(100);
    expect(refused.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `the API key test-travel is over its rate limit for travel: retry after ${refused.headers['retry-after']} s`,
    });
    // Other keys, and other scopes of the same key, have buckets of their own.
    expect((await api.requestAs(TEST_API_KEYS.all, 'GET', feed)).status).toBe(200);
    expect(
      (await api.requestAs(TEST_API_KEYS.all, 'GET', '/v1/networking/members/ana/discovery')).status,
    ).toBe(200);
  });

  it('keeps the buckets in Redis, under the key prefix', async () => {
    const keys = await redis.keys(`${prefix}ratelimit:*`);
    expect(keys).toEqual(expect.arrayContaining([`${prefix}ratelimit:{test-travel}:travel`]));
    expect(await redis.hget(`${prefix}ratelimit:{test-travel}:travel`, 'tokens')).toMatch(
      /^0(\.\d+)?(e-\d+)?$/,
    );
  });

  it('gives a scope its own limit (admin: 2)', async () => {
    for (let i = 0; i < 2; i++) {
      expect((await api.requestAs(TEST_API_KEYS.admin, 'GET', '/v1/admin/search/artifacts')).status).toBe(
        200,
      );
    }
    expect((await api.requestAs(TEST_API_KEYS.admin, 'GET', '/v1/admin/search/artifacts')).status).toBe(429);
  });

  it('charges nothing for a request refused for its scope, and never limits health', async () => {
    for (let i = 0; i < 10; i++) {
      const refused = await api.requestAs(TEST_API_KEYS.networking, 'GET', '/v1/admin/search/artifacts');
      expect(refused.status).toBe(403);
      expect((await api.requestAs(undefined, 'GET', '/health/live')).status).toBe(200);
    }
    // The networking key's bucket is whole: 5 discovery requests pass, the 6th does not.
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await api.requestAs(TEST_API_KEYS.networking, 'GET', '/v1/networking/members/ana/discovery')).status,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });
});

describe('rate limits without Redis', () => {
  it('limits in memory, per key', async () => {
    const keys = [apiKeyEntry('one', ['catalog'], 'rk_one'), apiKeyEntry('two', ['catalog'], 'rk_two')].join(
      ',',
    );
    const api = await startApi({ apiKeys: keys, rateLimitCapacity: 3, rateLimitRefillPerSecond: 0.01 });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++)
        statuses.push((await api.requestAs('rk_one', 'DELETE', '/v1/catalog/places/x')).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect((await api.requestAs('rk_two', 'DELETE', '/v1/catalog/places/x')).status).toBe(200);
    } finally {
      await api.close();
    }
  });
});
