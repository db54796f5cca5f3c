import { Member, MEMBER_PRIVATE_FIELDS } from '@app/catalog';
import { SignalStore } from '@app/signals';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  DiscoveryFeedDto,
  DiscoveryMemberDto,
} from '../apps/recommender-api/src/networking/discovery-feed.dto';
import { SIGNAL_STORE } from '../apps/recommender-api/src/signals/signal-store.token';
import {
  deleteRedisKeys,
  expectNoStackTrace,
  REDIS_URL,
  redisPrefix,
  sampleMember,
  startApi,
  tempDataDir,
  TestAnswer,
  TestApi,
  testEmbedding,
} from './api.e2e-helpers';

const PREFIX = redisPrefix('networking');
const VIEWER = 'viewer';
/** One viewer per test that needs a fresh feed: feeds leave out whom their viewer was shown more than three times. */
const OTHER_VIEWERS = [
  'viewer-explain',
  'viewer-paging',
  'viewer-impressions',
  'viewer-decisions',
  'viewer-visibility',
];
const MEMBER_COUNT = 40;
const DAY_MS = 86_400_000;

/** A network around Lisbon: member-00 … member-39, interests and industries varied, every preference soft. */
function network(): Member[] {
  const industries = ['film', 'music', 'design', 'technology', 'media'] as const;
  const interests = ['surfing', 'jazz', 'cinema', 'hiking', 'photography', 'cooking'];
  const members: Member[] = [VIEWER, ...OTHER_VIEWERS].map((id) =>
    sampleMember({
      id,
      industries: ['film'],
      interests: ['surfing', 'jazz'],
      preferences: {
        industries: [],
        languages: [],
        hard: { industries: false, languages: false, maxDistanceKm: false },
      },
    }),
  );
  for (let i = 0; i < MEMBER_COUNT; i++) {
    members.push(
      sampleMember({
        id: `member-${String(i).padStart(2, '0')}`,
        displayName: `Member ${i}`,
        industries: [industries[i % industries.length]],
        interests: [interests[i % interests.length], interests[(i * 7) % interests.length]],
        location: { lat: 38.7 + (i % 7) * 0.05, lon: -9.14 + (i % 5) * 0.07 },
        profileEmbedding: testEmbedding(100 + i),
        tasteEmbedding: testEmbedding(200 + i),
        createdAt: new Date(Date.now() - (i % 10 === 0 ? 2 : 200) * DAY_MS).toISOString(),
        lastActiveAt: new Date(Date.now() - DAY_MS).toISOString(),
        preferences: {
          industries: ['film'],
          languages: [],
          hard: { industries: false, languages: false, maxDistanceKm: false },
        },
      }),
    );
  }
  return members;
}

const feedOf = (api: TestApi, query = '', viewer = VIEWER): Promise<TestAnswer> =>
  api.request('GET', `/v1/networking/members/${viewer}/discovery${query}`);

/** Every page of a feed, following cursors. */
async function allPages(api: TestApi, limit: number, viewer = VIEWER): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const answer = await feedOf(
      api,
      `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      viewer,
    );
    expect(answer.status).toBe(200);
    pages.push(answer.body.items.map((item: { id: string }) => item.id));
    cursor = answer.body.nextCursor;
  } while (cursor && pages.length < 50);
  return pages;
}

const PRIVATE_KEYS = new Set<string>([
  ...MEMBER_PRIVATE_FIELDS,
  'lat',
  'lon',
  'features',
  'removedIds',
  'error',
]);
const ITEM_KEYS = Object.keys(
  plainToInstance(DiscoveryMemberDto, {
    id: 'x',
    displayName: '',
    headline: '',
    professions: [],
    industries: [],
    city: '',
    distance: 'under5km',
    mutualConnections: 0,
    sharedInterests: [],
    reasons: [],
  }),
).sort();

/**
 * Walks a whole answer: no key anywhere names a private field (or the exact coordinates, features, removed ids), every
 * item has exactly the public keys, and the answer validates against the response DTOs with unknown properties
 * refused at every depth.
 */
function expectOnlyPublicFields(body: unknown): void {
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) return value.forEach((v, i) => walk(v, `${path}[${i}]`));
    if (typeof value !== 'object' || value === null) return;
    for (const [key, inner] of Object.entries(value)) {
      if (PRIVATE_KEYS.has(key)) throw new Error(`private field at ${path}.${key}`);
      walk(inner, `${path}.${key}`);
    }
  };
  walk(body, '$');
  for (const item of (body as { items: object[] }).items) expect(Object.keys(item).sort()).toEqual(ITEM_KEYS);
  const errors = validateSync(plainToInstance(DiscoveryFeedDto, body), {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
  });
  expect(errors).toEqual([]);
}

describe('GET /v1/networking/members/{memberId}/discovery', () => {
  let api: TestApi;
  let store: SignalStore;
  beforeAll(async () => {
    api = await startApi({ redisUrl: REDIS_URL, redisKeyPrefix: `${PREFIX}a:` });
    store = api.app.get<SignalStore>(SIGNAL_STORE);
    const batch = await api.request('POST', '/v1/catalog/members:batch', { items: network() });
    expect(batch.body.stored).toBe(MEMBER_COUNT + 1 + OTHER_VIEWERS.length);
    // The viewer knows member-01 and member-02; member-03 knows both of them and member-04 knows one.
    for (const [a, b] of [
      [VIEWER, 'member-01'],
      [VIEWER, 'member-02'],
      ['member-01', 'member-03'],
      ['member-02', 'member-03'],
      ['member-02', 'member-04'],
    ]) {
      expect((await api.request('PUT', `/v1/members/${a}/connections/${b}`)).status).toBe(201);
    }
  });
  afterAll(async () => {
    await api.close();
    await deleteRedisKeys(`${PREFIX}a:`);
  });

  it('serves a page of people with public fields, a distance bucket, mutual connections and reasons', async () => {
    const answer = await feedOf(api, '?limit=10');
    expect(answer.status).toBe(200);
    expect(answer.body.items).toHaveLength(10);
    expect(answer.body.page).toBe(1);
    expect(typeof answer.body.nextCursor).toBe('string');
    expectOnlyPublicFields(answer.body);
    const all = (await allPages(api, 50)).flat();
    expect(all).not.toContain(VIEWER);
    // Connections are not suggested; a friend of two friends is, with the count and the reason.
    expect(all).not.toContain('member-01');
    expect(all).not.toContain('member-02');
    const full = await feedOf(api, '?limit=50');
    const friendOfFriends = full.body.items.find((i: { id: string }) => i.id === 'member-03');
    expect(friendOfFriends).toMatchObject({ mutualConnections: 2, distance: '5to25km' });
    expect(friendOfFriends.reasons).toContain('2 mutual connections');
    expect(full.body.items.find((i: { id: string }) => i.id === 'member-04')?.reasons).toContain(
      '1 mutual connection',
    );
  });

  it('explains with sources, scores, adjustments and stage timings, still without private fields', async () => {
    const answer = await feedOf(api, '?limit=5&explain=true', 'viewer-explain');
    expect(answer.status).toBe(200);
    expectOnlyPublicFields(answer.body);
    const { explanation } = answer.body;
    expect(explanation.items).toHaveLength(5);
    expect(explanation.items[0]).toMatchObject({ position: 1, sources: expect.any(Array) });
    expect(explanation.items[0].adjustments.map((a: { reranker: string }) => a.reranker)).toEqual([
      'ExposureBalance',
      'MmrDiversity',
      'NewMemberSlots',
      'Serendipity',
    ]);
    expect(explanation.request.sources.map((s: { name: string }) => s.name)).toEqual([
      'KnnTaste',
      'KnnReciprocal',
      'SecondDegree',
      'LikedYou',
      'NewMembers',
    ]);
    expect(explanation.request.steps[0]).toMatchObject({ kind: 'context', name: 'Context' });
    expect(answer.body.items.map((i: { id: string }) => i.id)).toEqual(
      explanation.items.map((i: { id: string }) => i.id),
    );
  });

  it('pages without repeating anyone, and refuses a cursor of another member or a forged one', async () => {
    const pages = await allPages(api, 7, 'viewer-paging');
    const ids = pages.flat();
    expect(new Set(ids).size).toBe(ids.length);
    expect(pages.length).toBeGreaterThan(2);
    const first = await feedOf(api, '?limit=3', 'viewer-paging');
    const stolen = await feedOf(api, `?cursor=${encodeURIComponent(first.body.nextCursor)}`, 'member-05');
    expect(stolen.status).toBe(400);
    expect(stolen.body.errors).toEqual([{ field: 'cursor', message: 'cursor was issued to another member' }]);
    const forged = await feedOf(
      api,
      `?cursor=${encodeURIComponent(`${first.body.nextCursor}x`)}`,
      'viewer-paging',
    );
    expect(forged.status).toBe(400);
    expect(forged.body.errors[0].field).toBe('cursor');
  });

  it('records an impression of every served member, for the next request', async () => {
    const answer = await feedOf(api, '?limit=4', 'viewer-impressions');
    const ids: string[] = answer.body.items.map((i: { id: string }) => i.id);
    let seen = 0;
    for (let attempt = 0; attempt < 50 && seen < ids.length; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      const signals = await store.readMember('viewer-impressions');
      seen = ids.filter((id) => signals.seen.some((s) => s.target.id === id)).length;
    }
    expect(seen).toBe(ids.length);
    const exposure = await store.exposure('member', ids, 1);
    for (const id of ids) expect(exposure.get(id)!.impressions).toBeGreaterThanOrEqual(1);
  });

  it('leaves out, from the very next request, whom the viewer liked or passed', async () => {
    const before = (await allPages(api, 50, 'viewer-decisions')).flat();
    const [liked, passed] = before;
    const events = [
      { id: 'nw-like', type: 'like', target: liked },
      { id: 'nw-pass', type: 'pass', target: passed },
    ].map((e) => ({
      id: e.id,
      type: e.type,
      memberId: 'viewer-decisions',
      target: { kind: 'member', id: e.target },
      at: new Date().toISOString(),
    }));
    expect((await api.request('POST', '/v1/events', { events })).status).toBe(200);
    const after = (await allPages(api, 50, 'viewer-decisions')).flat();
    expect(after).not.toContain(liked);
    expect(after).not.toContain(passed);
  });

  it('never serves hidden or paused members', async () => {
    const before = (await allPages(api, 50, 'viewer-visibility')).flat();
    const [hidden, paused] = before.filter((id) => id.startsWith('member-')).slice(-2);
    const members = new Map(network().map((m) => [m.id, m]));
    for (const [id, visibility] of [
      [hidden, 'hidden'],
      [paused, 'paused'],
    ] as const) {
      const put = await api.request('PUT', `/v1/catalog/members/${id}`, { ...members.get(id)!, visibility });
      expect(put).toMatchObject({ status: 200, body: { result: 'updated' } });
    }
    const after = (await allPages(api, 50, 'viewer-visibility')).flat();
    expect(after).toContain(before[0]);
    expect(after).not.toContain(hidden);
    expect(after).not.toContain(paused);
  });

  it('names each bad input: limit, explain, unknown parameters, ids; 404 for an unknown member', async () => {
    for (const [query, field] of [
      ['?limit=0', 'limit'],
      ['?limit=51', 'limit'],
      ['?limit=ten', 'limit'],
      ['?explain=maybe', 'explain'],
      ['?offset=3', 'offset'],
    ]) {
      const answer = await feedOf(api, query);
      expect(answer.status).toBe(400);
      expect(answer.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
      expectNoStackTrace(answer);
    }
    const badId = await api.request('GET', '/v1/networking/members/bad%20id/discovery');
    expect(badId.status).toBe(400);
    expect(badId.body.errors[0].field).toBe('memberId');
    const unknown = await feedOf(api, '', 'nobody');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'member nobody not found' });
  });
});

describe('blocks in the discovery feed', () => {
  const data = tempDataDir();
  const prefixBefore = `${PREFIX}b1:`;
  // A second prefix after the restart: the Redis the service finds then has none of the earlier signals.
  const prefixAfter = `${PREFIX}b2:`;
  afterAll(async () => {
    data.remove();
    await deleteRedisKeys(prefixBefore);
    await deleteRedisKeys(prefixAfter);
  });

  it('hold from the very next request, both ways and by event, and survive a restart of the service and Redis', async () => {
    let api = await startApi({ dataDir: data.dir, redisUrl: REDIS_URL, redisKeyPrefix: prefixBefore });
    let blockedByViewer: string;
    let blockingViewer: string;
    let blockedByEvent: string;
    try {
      expect((await api.request('POST', '/v1/catalog/members:batch', { items: network() })).body.stored).toBe(
        MEMBER_COUNT + 1 + OTHER_VIEWERS.length,
      );
      const before = await feedOf(api, '?limit=50');
      [blockedByViewer, blockingViewer, blockedByEvent] = before.body.items.map((i: { id: string }) => i.id);

      expect((await api.request('PUT', `/v1/members/${VIEWER}/blocks/${blockedByViewer}`)).status).toBe(201);
      expect((await feedOf(api, '?limit=50')).body.items.map((i: { id: string }) => i.id)).not.toContain(
        blockedByViewer,
      );

      expect((await api.request('PUT', `/v1/members/${blockingViewer}/blocks/${VIEWER}`)).status).toBe(201);
      const afterTheirBlock = (await feedOf(api, '?limit=50')).body.items.map((i: { id: string }) => i.id);
      expect(afterTheirBlock).not.toContain(blockingViewer);
      // Both ways: the viewer is not in the blocker's feed either.
      const theirs = (await allPages(api, 50, blockingViewer)).flat();
      expect(theirs).not.toContain(VIEWER);

      const event = {
        id: 'block-by-event',
        type: 'block',
        memberId: VIEWER,
        target: { kind: 'member', id: blockedByEvent },
        at: new Date().toISOString(),
      };
      expect((await api.request('POST', '/v1/events', { events: [event] })).status).toBe(200);
      expect((await allPages(api, 50)).flat()).not.toContain(blockedByEvent);
    } finally {
      await api.close();
    }

    api = await startApi({ dataDir: data.dir, redisUrl: REDIS_URL, redisKeyPrefix: prefixAfter });
    try {
      const after = (await allPages(api, 50)).flat();
      expect(after.length).toBeGreaterThan(10);
      for (const id of [blockedByViewer, blockingViewer, blockedByEvent]) expect(after).not.toContain(id);
      expect((await allPages(api, 50, blockingViewer)).flat()).not.toContain(VIEWER);
    } finally {
      await api.close();
    }
  });
});
