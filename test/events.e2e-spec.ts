import { SignalStore } from '@app/signals';
import { SIGNAL_STORE } from '../apps/recommender-api/src/signals/signal-store.token';
import { CatalogRepository } from '@app/search';
import {
  deleteRedisKeys,
  expectNoStackTrace,
  REDIS_URL,
  redisPrefix,
  sampleMember,
  samplePlace,
  startApi,
  TestApi,
} from './api.e2e-helpers';

const PREFIX = redisPrefix('events');

function event(overrides: Record<string, unknown> = {}) {
  return {
    id: 'e-1',
    type: 'save',
    memberId: 'ana',
    target: { kind: 'place', id: 'museum' },
    at: new Date(Date.now() - 60_000).toISOString(),
    context: { scenario: 'travel', requestId: 'req-1', position: 3 },
    ...overrides,
  };
}

/** POST /v1/events over HTTP, into the real Redis on 127.0.0.1:6379 under a key prefix of this file. */
describe('events API', () => {
  let api: TestApi;
  let store: SignalStore;
  beforeAll(async () => {
    api = await startApi({ redisUrl: REDIS_URL, redisKeyPrefix: PREFIX });
    store = api.app.get<SignalStore>(SIGNAL_STORE);
    await api.request(
      'PUT',
      '/v1/catalog/places/museum',
      samplePlace({ id: 'museum', categories: ['museum', 'gallery'] }),
    );
    await api.request(
      'PUT',
      '/v1/catalog/members/bruno',
      sampleMember({ id: 'bruno', industries: ['film'] }),
    );
  });
  afterAll(async () => {
    await api.close();
    await deleteRedisKeys(PREFIX);
  });

  it('records a batch, visible to the very next read (read-your-writes), with the target categories', async () => {
    const answer = await api.request('POST', '/v1/events', {
      events: [
        event({ id: 'ryw-1' }),
        event({ id: 'ryw-2', type: 'like', target: { kind: 'member', id: 'bruno' } }),
      ],
    });
    expect(answer).toMatchObject({ status: 200, body: { recorded: 2, duplicates: [] } });
    const signals = await store.readMember('ana');
    expect(signals.recentPositives.map((p) => `${p.type}:${p.target.kind}:${p.target.id}`)).toEqual(
      expect.arrayContaining(['save:place:museum', 'like:member:bruno']),
    );
    const categories = signals.affinities.map((a) => a.category);
    expect(categories).toEqual(expect.arrayContaining(['museum', 'gallery', 'film']));
  });

  it('is idempotent: a replayed event counts once', async () => {
    const batch = { events: [event({ id: 'idem-1', memberId: 'carla' })] };
    expect((await api.request('POST', '/v1/events', batch)).body).toEqual({ recorded: 1, duplicates: [] });
    expect((await api.request('POST', '/v1/events', batch)).body).toEqual({
      recorded: 0,
      duplicates: ['idem-1'],
    });
    const twice = {
      events: [event({ id: 'idem-2', memberId: 'carla' }), event({ id: 'idem-2', memberId: 'carla' })],
    };
    expect((await api.request('POST', '/v1/events', twice)).body).toEqual({
      recorded: 1,
      duplicates: ['idem-2'],
    });
  });

  it('stores a block reported as an event durably in the engine too', async () => {
    const answer = await api.request('POST', '/v1/events', {
      events: [
        event({ id: 'blk-1', type: 'block', memberId: 'dora', target: { kind: 'member', id: 'eve' } }),
      ],
    });
    expect(answer.status).toBe(200);
    const edges = await api.app.get(CatalogRepository).existing('member_edges', ['block:dora:eve']);
    expect(edges).toEqual(new Set(['block:dora:eve']));
  });

  it('validates every event, naming each bad field by position; nothing is recorded', async () => {
    const answer = await api.request('POST', '/v1/events', {
      events: [
        event({ id: 'bad-0', memberId: 'frank' }),
        event({ id: 'bad-1', type: 'poke', memberId: 'frank' }),
        event({ id: 'bad-2', memberId: 'frank', target: { kind: 'planet', id: 'mars' } }),
        event({ id: 'bad-3', memberId: 'frank', at: 1_700_000_000_000 }),
        event({ id: 'bad-4', memberId: 'frank', at: new Date(Date.now() + 3_600_000).toISOString() }),
        event({ id: 'bad-5', memberId: 'frank', context: { position: -1 } }),
        event({ id: 'bad-6', memberId: 'frank', target: { kind: 'member', id: 'frank' } }),
        event({ id: 'bad-7', memberId: 'frank', extra: 1 }),
        42,
      ],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      {
        field: 'events[1].type',
        message: expect.stringMatching(/^events\[1\]\.type must be one of the following values/),
      },
      {
        field: 'events[2].target.kind',
        message: 'events[2].target.kind must be one of the following values: place, member',
      },
      {
        field: 'events[3].at',
        message: 'events[3].at must be an ISO 8601 date-time with a time zone, e.g. 2025-05-01T12:00:00Z',
      },
      { field: 'events[4].at', message: 'events[4].at must not be more than 5 minutes in the future' },
      { field: 'events[5].context.position', message: 'events[5].context.position must not be less than 0' },
      { field: 'events[6].target', message: 'events[6].target must not be the acting member' },
      { field: 'events[7].extra', message: 'property events[7].extra should not exist' },
      { field: 'events[8]', message: 'events[8] must be a JSON object' },
    ]);
    expectNoStackTrace(answer);
    expect((await store.readMember('frank')).recentPositives).toEqual([]);
  });

  it('takes 500 events and refuses 501', async () => {
    const events = Array.from({ length: 500 }, (_, i) =>
      event({ id: `many-${i}`, memberId: 'gus', type: 'view' }),
    );
    expect((await api.request('POST', '/v1/events', { events })).body).toEqual({
      recorded: 500,
      duplicates: [],
    });
    const tooMany = await api.request('POST', '/v1/events', {
      events: [...events, event({ id: 'one-more' })],
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([
      { field: 'events', message: 'events must contain no more than 500 elements' },
    ]);
  });

  it.each([
    ['no events field', {}, 'events'],
    ['an empty list', { events: [] }, 'events'],
    ['an unknown top-level field', { events: [event({ id: 'x' })], source: 'app' }, 'source'],
  ])('refuses a body with %s', async (_name, body, field) => {
    const answer = await api.request('POST', '/v1/events', body);
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});
