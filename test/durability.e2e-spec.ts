import { SignalStore } from '@app/signals';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { SIGNAL_STORE } from '../apps/recommender-api/src/signals/signal-store.token';
import {
  deleteRedisKeys,
  REDIS_URL,
  redisPrefix,
  sampleMember,
  samplePlace,
  startApi,
  tempDataDir,
  TestApi,
} from './api.e2e-helpers';

const PREFIX = redisPrefix('durability');

/** Acknowledged writes survive a restart of the service on the same DATA_DIR (embedded engine) and Redis. */
describe('durability', () => {
  const data = tempDataDir();
  afterAll(async () => {
    data.remove();
    await deleteRedisKeys(PREFIX);
  });

  const boot = (dataDir: string) =>
    startApi({ dataDir, redisUrl: REDIS_URL, redisKeyPrefix: PREFIX, catalogWriteRefresh: 'none' });

  it('keeps every acknowledged catalog write, block and event across a clean restart', async () => {
    let api: TestApi = await boot(data.dir);
    expect(
      (await api.request('PUT', '/v1/catalog/places/kept', samplePlace({ id: 'kept', name: 'Kept' }))).status,
    ).toBe(201);
    expect(
      (await api.request('PUT', '/v1/catalog/places/deleted', samplePlace({ id: 'deleted' }))).status,
    ).toBe(201);
    expect((await api.request('DELETE', '/v1/catalog/places/deleted')).body.result).toBe('deleted');
    const batch = await api.request('POST', '/v1/catalog/members:batch', {
      items: Array.from({ length: 50 }, (_, i) => sampleMember({ id: `member-${i}` })),
    });
    expect(batch.body.stored).toBe(50);
    expect((await api.request('PUT', '/v1/members/member-1/blocks/member-2')).status).toBe(201);
    const events = {
      events: [
        {
          id: 'durable-1',
          type: 'save',
          memberId: 'member-1',
          target: { kind: 'place', id: 'kept' },
          at: new Date().toISOString(),
        },
      ],
    };
    expect((await api.request('POST', '/v1/events', events)).body).toEqual({ recorded: 1, duplicates: [] });
    await api.close();

    api = await boot(data.dir);
    try {
      expect((await api.request('GET', '/health/ready')).status).toBe(200);
      // The catalog is back: a write of the same place replaces it, a write of the deleted one creates it again.
      expect(
        (await api.request('PUT', '/v1/catalog/places/kept', samplePlace({ id: 'kept' }))).body.result,
      ).toBe('updated');
      expect((await api.request('DELETE', '/v1/catalog/places/deleted')).body.result).toBe('not_found');
      expect(
        (await api.request('PUT', '/v1/catalog/members/member-49', sampleMember({ id: 'member-49' }))).body
          .result,
      ).toBe('updated');
      expect((await api.request('PUT', '/v1/members/member-1/blocks/member-2')).body.result).toBe('exists');
      expect((await api.request('POST', '/v1/events', events)).body).toEqual({
        recorded: 0,
        duplicates: ['durable-1'],
      });
      const signals = await api.app.get<SignalStore>(SIGNAL_STORE).readMember('member-1');
      expect(signals.recentPositives.map((p) => p.target.id)).toContain('kept');
    } finally {
      await api.close();
    }
  });

  it('keeps an acknowledged write when the process dies without closing (crash)', async () => {
    const running = await boot(data.dir);
    const crashed = tempDataDir();
    try {
      expect((await running.request('PUT', '/v1/members/member-7/blocks/member-8')).status).toBe(201);
      const place = await running.request(
        'PUT',
        '/v1/catalog/places/just-acked',
        samplePlace({ id: 'just-acked' }),
      );
      expect(place.status).toBe(201);
      // The files as a crash right after the answer would leave them: copied while the engine is still open.
      cpSync(join(data.dir, 'engine'), join(crashed.dir, 'engine'), { recursive: true });
      const restarted = await boot(crashed.dir);
      try {
        expect((await restarted.request('DELETE', '/v1/catalog/places/just-acked')).body.result).toBe(
          'deleted',
        );
        expect((await restarted.request('PUT', '/v1/members/member-7/blocks/member-8')).body.result).toBe(
          'exists',
        );
      } finally {
        await restarted.close();
      }
    } finally {
      await running.close();
      crashed.remove();
    }
  });

  it('refuses a second service on a DATA_DIR in use', async () => {
    const running = await boot(data.dir);
    try {
      await expect(boot(data.dir)).rejects.toThrow(/already open in this process|in use by process/);
    } finally {
      await running.close();
    }
  });
});
