import { Place } from '@app/catalog';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CatalogRepository } from './catalog.repository';
import { SearchEngineError } from './engine-errors';
import { PlaceEmbeddingCache } from './place-embedding-cache';
import {
  FEED_PLACE_FIELDS,
  PLACES_TASTE_SCORE_SCRIPT,
  PlaceSearch,
  PlacesTasteScoreParams,
  curatedPlacesQuery,
  freshPlacesQuery,
  knnPlacesQuery,
  placeFilterQuery,
  textPlacesQuery,
  trendingPlacesQuery,
  withTasteScore,
} from './place-search';
import { TestEngine, openTestEngine, sampleMember, samplePlace } from './search.spec-helpers';

const SCRIPT = readFileSync(resolve(__dirname, '../../../painless/places-taste-score-v1.painless'), 'utf8');
const LISBON = { lat: 38.7223, lon: -9.1393 };
const DAY_MS = 86_400_000;
const NOW = Date.parse('2025-06-01T00:00:00Z');

/** A unit vector along one axis: cosines between fixtures are 0 or 1, easy to compute by hand. */
function axis(i: number, j = i, weightJ = 0): number[] {
  const v = new Array<number>(64).fill(0);
  v[i] = 1;
  if (weightJ) v[j] = weightJ;
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  return v.map((x) => x / norm);
}

const old = new Date(NOW - 400 * DAY_MS).toISOString();
const recent = new Date(NOW - 2 * DAY_MS).toISOString();
const PLACES: Place[] = [
  samplePlace({
    id: 'a',
    categories: ['museum'],
    curated: true,
    rating: 4.5,
    popularity: 90,
    location: LISBON,
    embedding: axis(0),
    createdAt: old,
    updatedAt: old,
  }),
  samplePlace({
    id: 'b',
    categories: ['cafe'],
    curated: false,
    popularity: 9,
    location: { lat: 38.73, lon: -9.14 },
    embedding: axis(0, 1, 1),
    createdAt: recent,
    updatedAt: recent,
  }),
  samplePlace({
    id: 'c',
    categories: ['museum'],
    status: 'closed',
    embedding: axis(0),
    createdAt: old,
    updatedAt: old,
  }),
  samplePlace({
    id: 'd',
    city: 'Porto',
    categories: ['museum'],
    location: { lat: 41.15, lon: -8.61 },
    embedding: axis(0),
    createdAt: old,
    updatedAt: old,
  }),
  samplePlace({
    id: 'e',
    categories: ['bar'],
    curated: false,
    priceLevel: 4,
    tags: ['tiles'],
    description: 'Cocktails.',
    popularity: 0,
    location: { lat: 38.71, lon: -9.13 },
    embedding: axis(1),
    createdAt: recent,
    updatedAt: recent,
  }),
  samplePlace({
    id: 'f',
    categories: ['park'],
    curated: true,
    rating: 4,
    location: { lat: 38.99, lon: -9.14 },
    embedding: axis(2),
    createdAt: old,
    updatedAt: old,
  }),
].map((p) => (p.id === 'e' ? p : { ...p, description: `A ${p.categories[0]}.`, tags: [p.categories[0]] }));

/** The script's params with every weight 0 but the ones given. */
function params(weights: Partial<PlacesTasteScoreParams['weights']>): PlacesTasteScoreParams {
  return {
    taste: axis(0),
    affinities: {},
    pricePreference: 0,
    origin: `${LISBON.lat},${LISBON.lon}`,
    originScale: '5km',
    now: new Date(NOW).toISOString(),
    weights: {
      query: 0,
      taste: 0,
      affinity: 0,
      price: 0,
      distance: 0,
      quality: 0,
      freshness: 0,
      curated: 0,
      ...weights,
    },
  };
}

describe('place search: query builders', () => {
  it('filters active places of an area, categories and prices, leaving ids out', () => {
    expect(
      placeFilterQuery({
        near: { origin: LISBON, radiusKm: 5 },
        categories: ['museum'],
        priceLevels: [1, 2],
        excludeIds: ['x'],
      }),
    ).toEqual({
      bool: {
        filter: [
          { term: { status: 'active' } },
          { geo_distance: { distance: '5km', location: LISBON } },
          { terms: { categories: ['museum'] } },
          { terms: { priceLevel: [1, 2] } },
        ],
        must_not: [{ ids: { values: ['x'] } }],
      },
    });
    expect(placeFilterQuery({ city: 'Lisbon', categories: [], priceLevels: [] })).toEqual({
      bool: { filter: [{ term: { status: 'active' } }, { term: { city: 'Lisbon' } }] },
    });
  });

  it('wraps a query in script_score with the stored script', () => {
    const p = params({ query: 1 });
    expect(withTasteScore({ match_all: {} }, p)).toEqual({
      script_score: { query: { match_all: {} }, script: { id: PLACES_TASTE_SCORE_SCRIPT, params: p } },
    });
  });

  it('keeps the free text a string value of multi_match, whatever it holds', () => {
    const hostile = [
      '{"script": {"source": "System.exit(0)"}}',
      '"}},{"match_all":{}}',
      '* OR 1=1',
      '__proto__',
      'ctx._source.x = 1; params',
    ];
    for (const q of hostile) {
      const query = textPlacesQuery(q, { city: 'Lisbon' });
      expect(query).toEqual({
        bool: {
          filter: [{ term: { status: 'active' } }, { term: { city: 'Lisbon' } }],
          must: [
            {
              multi_match: {
                query: q,
                fields: ['name^3', 'tags.text^2', 'description'],
                type: 'best_fields',
              },
            },
          ],
        },
      });
      // the text appears once in the request, as one JSON string
      expect(JSON.stringify(query).split(JSON.stringify(q)).length).toBe(2);
    }
  });

  it('leaves the geo decay out when there is no origin', () => {
    const body = trendingPlacesQuery({ city: 'Lisbon' }, undefined, 3) as {
      function_score: { functions: unknown[] };
    };
    expect(body.function_score.functions).toEqual([
      { field_value_factor: { field: 'popularity', modifier: 'log1p', factor: 1, missing: 0 } },
    ]);
  });
});

describe('place search against the embedded engine', () => {
  let engine: TestEngine;
  let search: PlaceSearch;
  const lisbon = { city: 'Lisbon' };

  beforeAll(async () => {
    engine = await openTestEngine({ scripts: { [PLACES_TASTE_SCORE_SCRIPT]: SCRIPT } });
    const repository = new CatalogRepository(engine.client, { names: engine.names });
    await repository.putPlaces(PLACES, 'immediate');
    await repository.putMembers(
      [
        sampleMember({ id: 'ana', interests: ['coffee'] }),
        sampleMember({ id: 'new', tasteEmbedding: undefined }),
      ],
      'immediate',
    );
    search = new PlaceSearch(engine.client, { names: engine.names });
  });
  afterAll(() => engine.close());

  const ids = (hits: { id: string }[]) => hits.map((h) => h.id);

  it('knn: the nearest active places of the area, by (1 + cosine) / 2, without the excluded ids', async () => {
    const hits = await search.search('knn', knnPlacesQuery(axis(0), 10, lisbon), 10);
    // a: cosine 1 → 1; b: cosine 1/√2 → 0.8536; e, f: cosine 0 → 0.5; c is closed, d in Porto.
    expect(ids(hits)).toEqual(['a', 'b', 'e', 'f']);
    expect(hits[0].score).toBeCloseTo(1, 6);
    expect(hits[1].score).toBeCloseTo((1 + Math.SQRT1_2) / 2, 6);
    expect(
      ids(await search.search('knn', knnPlacesQuery(axis(0), 10, { ...lisbon, excludeIds: ['a'] }), 10)),
    ).toEqual(['b', 'e', 'f']);
    // f is 29 km north of the centre.
    const near = { near: { origin: LISBON, radiusKm: 10 } };
    expect(ids(await search.search('knn', knnPlacesQuery(axis(0), 10, near), 10)).sort()).toEqual([
      'a',
      'b',
      'e',
    ]);
  });

  it('hits carry the feed fields only', async () => {
    const [hit] = await search.search('knn', knnPlacesQuery(axis(0), 1, lisbon), 1);
    expect(Object.keys(hit.place).sort()).toEqual([...FEED_PLACE_FIELDS].sort());
    expect(hit.place).toMatchObject({
      id: 'a',
      name: PLACES[0].name,
      categories: ['museum'],
      status: 'active',
    });
  });

  it('with an embedding cache: the same hits and embeddings, the engine asked for the embeddings it lacks only', async () => {
    const cache = new PlaceEmbeddingCache(100, 60_000);
    const cached = new PlaceSearch(engine.client, { names: engine.names, embeddings: cache });
    const requests: string[] = [];
    const listener = (_: unknown, event: { meta: { request: { params: { path: string } } } }) =>
      requests.push(event.meta.request.params.path);
    engine.client.on('request', listener as never);
    try {
      const query = knnPlacesQuery(axis(0), 10, lisbon);
      const plain = await search.search('knn', query, 10);
      requests.length = 0;
      const first = await cached.search('knn', query, 10);
      expect(first).toEqual(plain);
      expect(first.map((h) => h.place.embedding)).toEqual(
        ids(first).map((id) => PLACES.find((p) => p.id === id)!.embedding),
      );
      // one search without embeddings, one _mget of the four missing ones
      expect(requests.filter((p) => p.endsWith('/_mget'))).toHaveLength(1);
      requests.length = 0;
      expect(await cached.search('knn', query, 10)).toEqual(plain);
      expect(requests.filter((p) => p.endsWith('/_mget'))).toHaveLength(0);
      cache.forget(['a']);
      requests.length = 0;
      expect(await cached.search('knn', query, 10)).toEqual(plain);
      expect(requests.filter((p) => p.endsWith('/_mget'))).toHaveLength(1);
      expect(cache.size).toBe(4);
    } finally {
      engine.client.off('request', listener as never);
    }
  });

  it('curated: rating / 5 times the geo decay, curated places only', async () => {
    const hits = await search.search('curated', curatedPlacesQuery(lisbon, LISBON, 5), 10);
    expect(ids(hits)).toEqual(['a', 'f']);
    // a sits at the origin: 4.5 × 0.2 × 1.
    expect(hits[0].score).toBeCloseTo(0.9, 5);
    // f is ~29.6 km away: 4 × 0.2 × 0.5^((d / 5 km)²) is about 0.
    expect(hits[1].score).toBeLessThan(1e-6);
  });

  it('trending: every active place of the area, by log10(1 + popularity) times the geo decay', async () => {
    const hits = await search.search('trending', trendingPlacesQuery(lisbon, undefined, 5), 10);
    expect(ids(hits)).toEqual(['a', 'f', 'b', 'e']);
    expect(hits[0].score).toBeCloseTo(Math.log10(91), 5);
    expect(hits[2].score).toBeCloseTo(1, 5); // log10(1 + 9)
    expect(hits[3].score).toBe(0); // popularity 0: still a hit
  });

  it('fresh: places created since the date, in an order fixed by the seed', async () => {
    const since = new Date(NOW - 14 * DAY_MS).toISOString();
    const first = await search.search('fresh', freshPlacesQuery(lisbon, since, 42), 10);
    expect(ids(first).sort()).toEqual(['b', 'e']);
    for (const hit of first) {
      expect(hit.score).toBeGreaterThanOrEqual(0);
      expect(hit.score).toBeLessThan(1);
    }
    expect(await search.search('fresh', freshPlacesQuery(lisbon, since, 42), 10)).toEqual(first);
    const other = await search.search('fresh', freshPlacesQuery(lisbon, since, 7), 10);
    expect(other.map((h) => h.score)).not.toEqual(first.map((h) => h.score));
  });

  it('text: places whose name, tags or description match', async () => {
    expect(ids(await search.search('text', textPlacesQuery('tiles', lisbon), 10))).toEqual(['e']);
    expect(ids(await search.search('text', textPlacesQuery('tiles', { city: 'Porto' }), 10))).toEqual([]);
  });

  it('the stored script scores the inner query: weights.query × _score plus the member terms', async () => {
    const inner = trendingPlacesQuery(lisbon, undefined, 5);
    const plain = await search.search('trending', inner, 10);
    const same = await search.search('scored', withTasteScore(inner, params({ query: 1 })), 10);
    expect(same.map((h) => h.score)).toEqual(plain.map((h) => h.score));
    // curated weight 1 alone: 1 for a and f, 0 for b and e.
    const curated = await search.search('scored', withTasteScore(inner, params({ curated: 1 })), 10);
    expect(Object.fromEntries(curated.map((h) => [h.id, h.score]))).toEqual({ a: 1, f: 1, b: 0, e: 0 });
    // taste weight 2 with taste = axis 0: 2 × (1 + cosine) / 2.
    const taste = await search.search('scored', withTasteScore(inner, params({ taste: 2 })), 10);
    expect(Object.fromEntries(taste.map((h) => [h.id, Math.round(h.score * 1e4) / 1e4]))).toEqual({
      a: 2,
      b: Math.round((1 + Math.SQRT1_2) * 1e4) / 1e4,
      e: 1,
      f: 1,
    });
  });

  it('reads a traveler profile, or nothing for an unknown member', async () => {
    const profile = await search.travelerProfile('ana');
    expect(profile).toEqual({
      id: 'ana',
      city: 'Lisbon',
      country: 'PT',
      location: sampleMember().location,
      interests: ['coffee'],
      tasteEmbedding: sampleMember().tasteEmbedding,
    });
    expect((await search.travelerProfile('new'))?.tasteEmbedding).toBeUndefined();
    expect(await search.travelerProfile('nobody')).toBeUndefined();
  });

  it('reads several traveler profiles with one _mget, the same as one by one, leaving unknown members out', async () => {
    const profiles = await search.travelerProfiles(['ana', 'nobody', 'new', 'ana']);
    expect([...profiles.keys()]).toEqual(['ana', 'new']);
    expect(profiles.get('ana')).toEqual(await search.travelerProfile('ana'));
    expect(profiles.get('new')).toEqual(await search.travelerProfile('new'));
    expect(await search.travelerProfiles([])).toEqual(new Map());
  });

  it('reads places by id, leaving unknown ids out', async () => {
    const found = await search.placesByIds(['e', 'zzz', 'a', 'e']);
    expect(found.map((p) => p.id).sort()).toEqual(['a', 'e']);
    expect(Object.keys(found[0]).sort()).toEqual([...FEED_PLACE_FIELDS].sort());
    expect(await search.placesByIds([])).toEqual([]);
  });

  it('fails with a SearchEngineError naming what it was doing', async () => {
    const error = await search
      .search('taste source', knnPlacesQuery([1, 0, 0], 5, lisbon), 5)
      .catch((e) => e);
    expect(error).toBeInstanceOf(SearchEngineError);
    expect((error as Error).message).toMatch(/^taste source failed: 400/);
  });

  it('refuses to start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('time is up'));
    await expect(
      search.search('knn', knnPlacesQuery(axis(0), 1, lisbon), 1, { signal: controller.signal }),
    ).rejects.toThrow('knn failed');
  });
});
