import { deleteRedisKeys, REDIS_URL, redisPrefix, startApi, TestApi } from './api.e2e-helpers';

const PREFIX = redisPrefix('health');

describe('health', () => {
  afterAll(() => deleteRedisKeys(PREFIX));

  describe('before the search artifacts are installed', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startApi({ installOnBoot: false, redisUrl: REDIS_URL, redisKeyPrefix: PREFIX });
    });
    afterAll(() => api.close());

    it('is live but not ready, saying why', async () => {
      expect(await api.request('GET', '/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
      const ready = await api.request('GET', '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.headers['retry-after']).toBe('1');
      expect(ready.body).toMatchObject({
        status: 'error',
        error: {
          search: {
            status: 'down',
            reachable: true,
            artifacts: { installed: false, state: 'not_installed' },
          },
        },
        info: { signals: { status: 'up', store: 'redis' } },
      });
    });

    it('becomes ready once the installer ran (over HTTP)', async () => {
      const install = await api.request('POST', '/v1/admin/search/install');
      expect(install.status).toBe(200);
      expect(install.body.indices.map((i: { index: string }) => i.index)).toEqual([
        'places_v1',
        'members_v1',
        'member_edges_v1',
      ]);
      const ready = await api.request('GET', '/health/ready');
      expect(ready).toMatchObject({
        status: 200,
        body: {
          status: 'ok',
          info: { search: { status: 'up', artifacts: { installed: true } }, signals: { status: 'up' } },
        },
      });
    });
  });

  describe('with Redis configured but unreachable', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startApi({
        redisUrl: 'redis://127.0.0.1:1',
        redisCommandTimeoutMs: 200,
        healthCheckTimeoutMs: 200,
      });
    });
    afterAll(() => api.close());

    it('is not ready, and says the signal store is down', async () => {
      const ready = await api.request('GET', '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({
        error: { signals: { status: 'down', store: 'redis' } },
        info: { search: { status: 'up' } },
      });
    });

    it('refuses events with 503 and Retry-After instead of dropping them', async () => {
      const answer = await api.request('POST', '/v1/events', {
        events: [
          {
            id: 'e',
            type: 'view',
            memberId: 'm',
            target: { kind: 'place', id: 'p' },
            at: new Date().toISOString(),
          },
        ],
      });
      expect(answer.status).toBe(503);
      expect(answer.headers['retry-after']).toBe('1');
      expect(answer.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'the signal store is unavailable; retry the batch (event ids make it safe)',
      });
    });
  });

  describe('without REDIS_URL', () => {
    let api: TestApi;
    beforeAll(async () => {
      api = await startApi();
    });
    afterAll(() => api.close());

    it('is ready with the in-memory signal store', async () => {
      expect(await api.request('GET', '/health/ready')).toMatchObject({
        status: 200,
        body: { info: { signals: { status: 'up', store: 'memory' } } },
      });
    });
  });
});
