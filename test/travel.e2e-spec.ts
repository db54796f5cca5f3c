import { Place, PlaceCategory } from '@app/catalog';
import { SignalStore } from '@app/signals';
import { SIGNAL_STORE } from '../apps/recommender-api/src/signals/signal-store.token';
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

const PREFIX = redisPrefix('travel');

const LISBON = { lat: 38.7223, lon: -9.1393 };
const PORTO = { lat: 41.1496, lon: -8.611 };
const DAY_MS = 86_400_000;

/** Four kinds of outing, three categories each; a place's embedding points along its kind (plus its own noise). */
const KINDS: readonly (readonly PlaceCategory[])[] = [
  ['museum', 'gallery', 'theatre'],
  ['park', 'garden', 'viewpoint'],
  ['cafe', 'bakery', 'restaurant'],
  ['bar', 'nightclub', 'live_music'],
];

/** A small deterministic generator (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function unit(v: number[]): number[] {
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return v.map((x) => Math.round((x / norm) * 1e4) / 1e4);
}

/** The direction of a kind: 16 dimensions of its own. */
function kindDirection(kind: number): number[] {
  return Array.from({ length: 64 }, (_, i) => (Math.floor(i / 16) === kind ? 1 : 0));
}

function embeddingNear(direction: number[], noise: number, random: () => number): number[] {
  return unit(direction.map((x) => x + noise * (random() * 2 - 1)));
}

/** 160 places around Lisbon: 40 per kind, some curated, some new, a few closed or draft. */
function fixturePlaces(now: number): Place[] {
  const random = seeded(7);
  return Array.from({ length: 160 }, (_, i) => {
    const kind = i % 4;
    const category = KINDS[kind][Math.floor(i / 4) % 3];
    const angle = random() * 2 * Math.PI;
    const km = random() * 6;
    const fresh = i % 23 === 5;
    return samplePlace({
      id: `p${String(i).padStart(3, '0')}`,
      name: `${category} ${i}`,
      description: `A ${category.replace('_', ' ')} in Lisbon${i % 10 === 3 ? ' with azulejo tiles' : ''}.`,
      categories: [category],
      tags: [category, i % 10 === 3 ? 'tiles' : 'local'],
      location: {
        lat: LISBON.lat + (km / 111) * Math.sin(angle),
        lon: LISBON.lon + (km / 87) * Math.cos(angle),
      },
      priceLevel: 1 + (i % 4),
      rating: fresh ? 0 : 3.5 + random() * 1.5,
      ratingCount: fresh ? 0 : Math.round(20 + random() * 2000),
      popularity: fresh ? 0.5 : Math.round(random() * 100 * 100) / 100,
      curated: !fresh && i % 7 === 0,
      status: i === 11 ? 'closed' : i === 15 ? 'draft' : 'active',
      createdAt: new Date(fresh ? now - 3 * DAY_MS : now - (200 + i) * DAY_MS).toISOString(),
      updatedAt: new Date(now - DAY_MS).toISOString(),
      embedding: embeddingNear(kindDirection(kind), 0.8, random),
    });
  });
}

const feedUrl = (memberId: string, query: string) => `/v1/travel/members/${memberId}/places?${query}`;
const ids = (answer: { body: { items: { id: string }[] } }): string[] => answer.body.items.map((i) => i.id);

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}
const nearLisbon = `lat=${LISBON.lat}&lon=${LISBON.lon}&radiusKm=10`;

describe('travel feed API', () => {
  let api: TestApi;
  let places: Place[];
  const now = Date.now();

  beforeAll(async () => {
    api = await startApi({ redisUrl: REDIS_URL, redisKeyPrefix: PREFIX });
    places = fixturePlaces(now);
    const stored = await api.request('POST', '/v1/catalog/places:batch', { items: places });
    expect(stored.body).toMatchObject({ stored: places.length, failed: 0 });
    const members = [
      sampleMember({ id: 'ana', tasteEmbedding: kindDirection(0).map((x) => x / 4), interests: ['museums'] }),
      sampleMember({ id: 'bruno', tasteEmbedding: unit(kindDirection(1)) }),
      sampleMember({ id: 'carla', tasteEmbedding: unit(kindDirection(2)) }),
      sampleMember({ id: 'dora', tasteEmbedding: unit(kindDirection(3)) }),
      sampleMember({ id: 'eva', tasteEmbedding: unit(kindDirection(0)) }),
      sampleMember({ id: 'fabio', tasteEmbedding: unit(kindDirection(1)), city: 'Porto', location: PORTO }),
      sampleMember({ id: 'gil', tasteEmbedding: unit(kindDirection(2)) }),
      sampleMember({ id: 'newbie', tasteEmbedding: undefined, interests: ['coffee', 'live music', 'chess'] }),
    ];
    for (const member of members) {
      const answer = await api.request('PUT', `/v1/catalog/members/${member.id}`, member);
      expect(answer.status).toBeLessThan(300);
    }
  });
  afterAll(async () => {
    await api?.close();
    await deleteRedisKeys(PREFIX);
  });

  it('answers a page of places near a point, with reasons, distances and a cursor', async () => {
    const answer = await api.request('GET', feedUrl('bruno', `${nearLisbon}&limit=10`));
    expect(answer.status).toBe(200);
    expect(answer.body.items).toHaveLength(10);
    expect(typeof answer.body.nextCursor).toBe('string');
    const [first] = answer.body.items;
    expect(Object.keys(first).sort()).toEqual(
      [
        'categories',
        'city',
        'curated',
        'distanceKm',
        'id',
        'name',
        'priceLevel',
        'rating',
        'reasons',
        'score',
      ].sort(),
    );
    expect(first.distanceKm).toBeGreaterThanOrEqual(0);
    expect(first.distanceKm).toBeLessThanOrEqual(10);
    expect(first.reasons.length).toBeGreaterThan(0);
    expectNoStackTrace(answer);
  });

  async function feed(memberId: string, query: string) {
    const answer = await api.request('GET', feedUrl(memberId, query));
    expect(answer.status).toBe(200);
    return answer;
  }

  /** Every page of one feed, following the cursors (at most 60 pages). */
  async function allPages(memberId: string, query: string): Promise<string[][]> {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const answer = await feed(memberId, `${query}${suffix}`);
      pages.push(ids(answer));
      cursor = answer.body.nextCursor;
    } while (cursor && pages.length < 60);
    return pages;
  }

  async function record(memberId: string, type: string, placeId: string, id: string): Promise<void> {
    const answer = await api.request('POST', '/v1/events', {
      events: [{ id, type, memberId, target: { kind: 'place', id: placeId }, at: new Date().toISOString() }],
    });
    expect(answer.body).toMatchObject({ recorded: 1 });
  }

  it("a saved place's neighbours rise in the very next request", async () => {
    // carla likes food (kind 2); she saves a bar (kind 3), far from her taste.
    const saved = places.find((p) => p.id === 'p003')!;
    expect(saved.categories).toEqual(['bar']);
    const neighbours = places
      .filter((p) => p.id !== saved.id && p.status === 'active' && p.categories[0] === 'bar')
      .sort((a, b) => cosine(b.embedding, saved.embedding) - cosine(a.embedding, saved.embedding))
      .slice(0, 5)
      .map((p) => p.id);
    const query = `${nearLisbon}&limit=100`;
    const rank = (list: string[], id: string) => (list.includes(id) ? list.indexOf(id) : 200);
    const meanRank = (list: string[]) =>
      neighbours.reduce((sum, id) => sum + rank(list, id), 0) / neighbours.length;

    const before = ids(await feed('carla', query));
    await record('carla', 'save', saved.id, 'carla-save-1');
    const afterAnswer = await feed('carla', query);
    const after = ids(afterAnswer);

    expect(meanRank(after)).toBeLessThan(meanRank(before) - 10);
    for (const id of neighbours) expect(rank(after, id)).toBeLessThanOrEqual(rank(before, id));
    expect(after).not.toContain(saved.id);
    const because = afterAnswer.body.items.filter((i: { reasons: string[] }) =>
      i.reasons.includes(`Because you saved ${saved.name}`),
    );
    expect(because.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining(neighbours.slice(0, 3)));
  });

  it('a hidden or passed place never comes back, on any page of any feed', async () => {
    const first = ids(await feed('dora', `${nearLisbon}&limit=10`));
    const [hidden, passed] = first;
    await record('dora', 'hide', hidden, 'dora-hide-1');
    await record('dora', 'pass', passed, 'dora-pass-1');
    for (const query of [`${nearLisbon}&limit=20`, 'city=Lisbon&limit=50', `${nearLisbon}&limit=9&q=tiles`]) {
      const served = (await allPages('dora', query)).flat();
      expect(served.length).toBeGreaterThan(100);
      expect(served).not.toContain(hidden);
      expect(served).not.toContain(passed);
    }
  });

  it('pages of one feed never repeat an item, and the feed ends once every place was served', async () => {
    const pages = await allPages('bruno', `${nearLisbon}&limit=7`);
    const served = pages.flat();
    expect(new Set(served).size).toBe(served.length);
    const active = places.filter((p) => p.status === 'active').map((p) => p.id);
    expect([...served].sort()).toEqual([...active].sort());
    expect(pages.slice(0, -1).every((page) => page.length === 7)).toBe(true);
  });

  it('a new member (no taste embedding, no signals) gets a non-empty, diverse feed led by their interests', async () => {
    const answer = await feed('newbie', `${nearLisbon}&limit=20&explain=true`);
    const items: { id: string; categories: string[] }[] = answer.body.items;
    expect(items).toHaveLength(20);
    const categories = items.map((i) => i.categories[0]);
    expect(new Set(categories).size).toBeGreaterThanOrEqual(6);
    const firstScreen = new Map<string, number>();
    for (const c of categories.slice(0, 10)) firstScreen.set(c, (firstScreen.get(c) ?? 0) + 1);
    expect(Math.max(...firstScreen.values())).toBeLessThanOrEqual(3);
    // Stated interests (coffee, live music) lead.
    expect(categories.slice(0, 10)).toEqual(expect.arrayContaining(['cafe', 'live_music']));
    const sources = Object.fromEntries(
      answer.body.explanation.request.sources.map((s: { name: string; status: string }) => [
        s.name,
        s.status,
      ]),
    );
    expect(sources).toMatchObject({
      Taste: 'skipped',
      RecentSaves: 'skipped',
      TrendingNearby: 'ok',
      Text: 'skipped',
    });
  });

  it('explain adds up: engine score plus every adjustment is the score, and every stage is accounted for', async () => {
    const answer = await feed('ana', `${nearLisbon}&limit=10&explain=true`);
    const { items, request } = answer.body.explanation;
    expect(items.map((i: { position: number }) => i.position)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    items.forEach(
      (
        item: {
          id: string;
          engineScore: number;
          score: number;
          sources: string[];
          adjustments: { scoreDelta: number; reranker: string }[];
        },
        i: number,
      ) => {
        const total = item.adjustments.reduce((sum, a) => sum + a.scoreDelta, item.engineScore);
        expect(total).toBeCloseTo(item.score, 9);
        expect(answer.body.items[i]).toMatchObject({ id: item.id, score: item.score });
        expect(item.adjustments.map((a) => a.reranker)).toEqual([
          'FreshnessExposure',
          'MmrDiversity',
          'Serendipity',
        ]);
        expect(item.sources.length).toBeGreaterThan(0);
      },
    );
    const steps: { kind: string; name: string; countIn: number; countOut: number; ms: number }[] =
      request.steps;
    expect(steps.map((s) => s.name)).toEqual([
      'Fetch',
      'Merge',
      'AlreadyServed',
      'UnpublishedPlaces',
      'HiddenOrPassed',
      'SeenItems',
      'FreshnessExposure',
      'MmrDiversity',
      'Serendipity',
      'Page',
    ]);
    for (let i = 2; i < steps.length; i++) expect(steps[i].countIn).toBe(steps[i - 1].countOut);
    expect(steps[steps.length - 1].countOut).toBe(10);
    const fetched = request.sources.reduce((sum: number, s: { kept: number }) => sum + s.kept, 0);
    expect(steps[0].countOut).toBe(fetched);
    expect(request.sources.map((s: { name: string }) => s.name)).toEqual([
      'Taste',
      'RecentSaves',
      'CuratedNearby',
      'TrendingNearby',
      'FreshPlaces',
      'Text',
    ]);
    expect(request.contextMs).toBeGreaterThan(0);
    expect(request.parameters['travel.mmr.lambda']).toBe(0.7);
    // No private field of a place leaves the service.
    expect(answer.text).not.toMatch(/"embedding"|"popularity"/);

    const next = await feed('ana', `${nearLisbon}&limit=10&explain=true&cursor=${answer.body.nextCursor}`);
    expect(next.body.explanation.items[0].position).toBe(11);
    expect(next.body.explanation.request.page).toBe(2);
  });

  it('filters by city, categories and price levels; a city that is not home has no distances', async () => {
    const answer = await feed('fabio', 'city=Lisbon&categories=museum,gallery&priceLevels=1,2&limit=50');
    const items: {
      city: string;
      categories: string[];
      priceLevel: number;
      distanceKm: number | null;
      reasons: string[];
    }[] = answer.body.items;
    expect(items.length).toBeGreaterThan(5);
    for (const item of items) {
      expect(item.city).toBe('Lisbon');
      expect(['museum', 'gallery']).toContain(item.categories[0]);
      expect([1, 2]).toContain(item.priceLevel);
      expect(item.distanceKm).toBeNull();
    }
    expect(items.flatMap((i) => i.reasons)).toContain('Popular in Lisbon this week');
    const closedOrDraft = places.filter((p) => p.status !== 'active').map((p) => p.id);
    for (const id of ids(await feed('fabio', 'city=Lisbon&limit=100')))
      expect(closedOrDraft).not.toContain(id);
  });

  it('free text adds the places it matches, with a reason', async () => {
    const answer = await feed('eva', `${nearLisbon}&q=tiles&limit=10`);
    const matching = answer.body.items.filter((i: { reasons: string[] }) =>
      i.reasons.includes('Matches "tiles"'),
    );
    expect(matching.length).toBeGreaterThanOrEqual(3);
    for (const item of matching) expect(places.find((p) => p.id === item.id)!.tags).toContain('tiles');
  });

  it('records an impression of every served place; a place shown more than three times stops coming back', async () => {
    const store = api.app.get<SignalStore>(SIGNAL_STORE);
    const first = ids(await feed('gil', `${nearLisbon}&limit=5`));
    for (let shown = 2; shown <= 4; shown++) {
      // Impressions are recorded after each answer: wait for them before asking again.
      for (let i = 0; i < 100; i++) {
        const seen = (await store.readMember('gil')).seen.find((s) => s.target.id === first[0]);
        if ((seen?.count ?? 0) >= shown - 1) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(ids(await feed('gil', `${nearLisbon}&limit=5`))).toEqual(first);
    }
    for (let i = 0; i < 100; i++) {
      const seen = (await store.readMember('gil')).seen.find((s) => s.target.id === first[0]);
      if ((seen?.count ?? 0) >= 4) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const seen = (await store.readMember('gil')).seen.filter((s) => first.includes(s.target.id));
    expect(seen.map((s) => s.count)).toEqual([4, 4, 4, 4, 4]);
    const fifth = ids(await feed('gil', `${nearLisbon}&limit=5`));
    expect(fifth.filter((id) => first.includes(id))).toEqual([]);
  });

  describe('bad input', () => {
    const cases: [string, string, string][] = [
      ['a latitude out of range', 'lat=91&lon=0&radiusKm=5', 'lat'],
      ['a longitude out of range', 'lat=38&lon=-181&radiusKm=5', 'lon'],
      ['a latitude that is not a number', 'lat=north&lon=0&radiusKm=5', 'lat'],
      ['a radius of 0', 'lat=38&lon=-9&radiusKm=0', 'radiusKm'],
      ['a radius too large', 'lat=38&lon=-9&radiusKm=501', 'radiusKm'],
      ['no location', 'limit=5', 'lat'],
      ['a point without radius', 'lat=38&lon=-9', 'radiusKm'],
      ['both a city and a point', 'city=Lisbon&lat=38&lon=-9&radiusKm=5', 'city'],
      ['an unknown category', 'city=Lisbon&categories=museum,castle', 'categories'],
      ['a price level of 5', 'city=Lisbon&priceLevels=2,5', 'priceLevels'],
      ['a limit of 0', 'city=Lisbon&limit=0', 'limit'],
      ['a limit above 100', 'city=Lisbon&limit=101', 'limit'],
      ['a fractional limit', 'city=Lisbon&limit=2.5', 'limit'],
      ['explain that is not a boolean', 'city=Lisbon&explain=maybe', 'explain'],
      ['an unknown parameter', 'city=Lisbon&colour=red', 'colour'],
      ['a malformed cursor', 'city=Lisbon&cursor=abc', 'cursor'],
    ];
    it.each(cases)('400 for %s, naming the field', async (_what, query, field) => {
      const answer = await api.request('GET', feedUrl('ana', query));
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(answer.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      expectNoStackTrace(answer);
    });

    it('400 for a modified cursor and for a cursor of another member', async () => {
      const { nextCursor } = (await feed('ana', 'city=Lisbon&limit=5')).body;
      const [body, signature] = nextCursor.split('.');
      const modified = `${body.slice(0, -2)}${body.endsWith('A') ? 'B' : 'A'}${body.slice(-1)}.${signature}`;
      const tampered = await api.request('GET', feedUrl('ana', `city=Lisbon&cursor=${modified}`));
      expect(tampered.status).toBe(400);
      expect(tampered.body.errors).toEqual([
        { field: 'cursor', message: expect.stringMatching(/^cursor is invalid/) },
      ]);
      const stolen = await api.request('GET', feedUrl('bruno', `city=Lisbon&cursor=${nextCursor}`));
      expect(stolen.status).toBe(400);
      expect(stolen.body.errors).toEqual([
        { field: 'cursor', message: 'cursor was issued to another member' },
      ]);
    });

    it('400 for a malformed member id, 404 for an unknown member', async () => {
      const malformed = await api.request('GET', feedUrl('not%20an%20id', 'city=Lisbon'));
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors[0].field).toBe('memberId');
      const unknown = await api.request('GET', feedUrl('nobody', 'city=Lisbon'));
      expect(unknown.status).toBe(404);
      expect(unknown.body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: 'member nobody not found',
      });
      expectNoStackTrace(unknown);
    });
  });
});
