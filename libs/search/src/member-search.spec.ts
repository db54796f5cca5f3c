import { Member, MemberEdge } from '@app/catalog';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CatalogRepository } from './catalog.repository';
import { SearchEngineError } from './engine-errors';
import {
  MemberHardFilters,
  MemberSearch,
  MutualScoreParams,
  memberHardFilterQuery,
  memberSearchBody,
} from './member-search';
import { openTestEngine, sampleMember, TestEngine, testEmbedding } from './search.spec-helpers';

const SCRIPT = readFileSync(resolve(__dirname, '../../../painless/members-mutual-score-v1.painless'), 'utf8');
const LISBON = { lat: 38.7169, lon: -9.1399 };
/** 0.1° of longitude east of LISBON: 8.68 km away. */
const EAST = { lat: 38.7169, lon: -9.0399 };
const SOFT = { industries: false, languages: false, maxDistanceKm: false };
const hard = (h: Partial<typeof SOFT>) => ({ ...SOFT, ...h });

function member(id: string, overrides: Partial<Member> = {}): Member {
  return sampleMember({
    id,
    industries: ['film'],
    languages: ['pt', 'en'],
    location: LISBON,
    profileEmbedding: testEmbedding(id.length * 7 + id.charCodeAt(0)),
    tasteEmbedding: testEmbedding(id.length * 11 + id.charCodeAt(id.length - 1)),
    preferences: { industries: [], languages: [], hard: { ...SOFT } },
    stats: { impressions7d: 0, likesReceived7d: 0, passesReceived7d: 0, connectionCount: 0 },
    ...overrides,
  });
}

/** A member whose hard preference keeps to others within `km` of `location`. */
function withinKm(id: string, location: Member['location'], km: number): Member {
  return member(id, {
    location,
    preferences: { industries: [], languages: [], maxDistanceKm: km, hard: hard({ maxDistanceKm: true }) },
  });
}

const viewer = member('viewer');
const MEMBERS: Member[] = [
  viewer,
  member('ok'),
  member('hidden', { visibility: 'hidden' }),
  member('paused', { visibility: 'paused' }),
  member('excluded'),
  member('wants-music', {
    preferences: { industries: ['music'], languages: [], hard: hard({ industries: true }) },
  }),
  member('wants-film', {
    preferences: { industries: ['film'], languages: [], hard: hard({ industries: true }) },
  }),
  member('wants-german', {
    preferences: { industries: [], languages: ['de'], hard: hard({ languages: true }) },
  }),
  member('wants-english', {
    preferences: { industries: [], languages: ['en'], hard: hard({ languages: true }) },
  }),
  withinKm('within-10km', EAST, 10),
  withinKm('within-8km', EAST, 8),
  member('hard-distance-unset', {
    location: EAST,
    preferences: { industries: [], languages: [], hard: hard({ maxDistanceKm: true }) },
  }),
  // limits of hundreds of km, 120 km and 503 km away
  withinKm('within-150km', { lat: 38.72, lon: -7.758 }, 150),
  withinKm('within-100km', { lat: 38.72, lon: -7.758 }, 100),
  withinKm('madrid-within-1200km', { lat: 40.4168, lon: -3.7038 }, 1200),
  withinKm('madrid-within-400km', { lat: 40.4168, lon: -3.7038 }, 400),
  member('musician', { industries: ['music'], languages: ['de'], location: EAST }),
  member('newcomer', {
    createdAt: '2025-05-30T00:00:00Z',
    lastActiveAt: '2025-05-30T00:00:00Z',
    tasteEmbedding: undefined,
  }),
  member('seen-newcomer', {
    createdAt: '2025-05-29T00:00:00Z',
    lastActiveAt: '2025-05-30T00:00:00Z',
    stats: { impressions7d: 50, likesReceived7d: 0, passesReceived7d: 0, connectionCount: 0 },
  }),
];
const ELIGIBLE_FOR_VIEWER = [
  'hard-distance-unset',
  'madrid-within-1200km',
  'musician',
  'newcomer',
  'ok',
  'seen-newcomer',
  'wants-english',
  'wants-film',
  'within-10km',
  'within-150km',
];

const SCORE: MutualScoreParams = {
  viewerTaste: viewer.tasteEmbedding!,
  viewerProfile: viewer.profileEmbedding!,
  viewerIndustries: viewer.industries,
  viewerInterests: viewer.interests,
  origin: `${LISBON.lat},${LISBON.lon}`,
  distanceScale: '25km',
  now: '2025-06-01T00:00:00Z',
  weights: { mutual: 1, overlap: 0.3, distance: 0.3, activity: 0.2 },
};
const FILTERS: MemberHardFilters = { viewer, excludedIds: ['excluded'] };
const ALL_IDS = MEMBERS.map((m) => m.id);

describe('memberHardFilterQuery', () => {
  it("writes the viewer's hard preferences as filters and the candidates' as exclusions", () => {
    const strict = member('strict', {
      preferences: {
        industries: ['music'],
        languages: ['de'],
        maxDistanceKm: 5,
        hard: hard({ industries: true, languages: true, maxDistanceKm: true }),
      },
    });
    const query = memberHardFilterQuery({ viewer: strict, excludedIds: ['a', 'strict'] }) as {
      bool: { filter: object[]; must_not: object[] };
    };
    expect(query.bool.filter).toEqual([
      { term: { visibility: 'visible' } },
      { terms: { industries: ['music'] } },
      { terms: { languages: ['de'] } },
      { geo_distance: { distance: '5km', location: LISBON } },
    ]);
    expect(query.bool.must_not[0]).toEqual({ ids: { values: ['strict', 'a'] } });
    // Those with a hard industry preference, less those who accept the viewer's industry.
    expect(query.bool.must_not[1]).toEqual({
      bool: {
        filter: [{ term: { 'preferences.hard.industries': true } }],
        must_not: [{ terms: { 'preferences.industries': ['film'] } }],
      },
    });
    expect(query.bool.must_not).toHaveLength(4);
  });

  it('says "nothing matches" for an empty list rather than sending an empty terms', () => {
    const noLanguages = member('v', { languages: [] });
    const query = memberHardFilterQuery({ viewer: noLanguages, excludedIds: [] }) as {
      bool: { must_not: object[] };
    };
    expect(query.bool.must_not[2]).toMatchObject({ bool: { must_not: [{ match_none: {} }] } });
  });
});

describe('memberSearchBody', () => {
  it('puts the hard filters inside the knn (efficient filtering) and ranks by the stored script', () => {
    const body = memberSearchBody({
      retrieval: { kind: 'knn', field: 'tasteEmbedding', vector: [1, 0] },
      filters: FILTERS,
      score: SCORE,
      size: 7,
    });
    expect(body).toEqual({
      size: 7,
      track_total_hits: false,
      _source: expect.arrayContaining(['id', 'displayName', 'location', 'preferences']),
      query: {
        script_score: {
          query: {
            knn: { tasteEmbedding: { vector: [1, 0], k: 7, filter: memberHardFilterQuery(FILTERS) } },
          },
          script: { id: 'members-mutual-score-v1', params: SCORE },
        },
      },
    });
    expect((body as { _source: string[] })._source).not.toContain('profileEmbedding');
    expect((body as { _source: string[] })._source).not.toContain('email');
  });
});

describe('MemberSearch on the embedded engine', () => {
  let engine: TestEngine;
  let search: MemberSearch;
  beforeAll(async () => {
    engine = await openTestEngine({ scripts: { 'members-mutual-score-v1': SCRIPT } });
    const catalog = new CatalogRepository(engine.client, { names: engine.names });
    await catalog.putMembers(MEMBERS, 'none');
    const edges: MemberEdge[] = [
      { kind: 'block', a: 'viewer', b: 'b1', createdAt: '2025-01-01T00:00:00Z' },
      { kind: 'block', a: 'b2', b: 'viewer', createdAt: '2025-01-01T00:00:00Z' },
      { kind: 'connection', a: 'c1', b: 'viewer', createdAt: '2025-01-01T00:00:00Z' },
      { kind: 'connection', a: 'viewer', b: 'c2', createdAt: '2025-01-01T00:00:00Z' },
      { kind: 'connection', a: 'c1', b: 'x', createdAt: '2025-01-01T00:00:00Z' },
      { kind: 'connection', a: 'c2', b: 'y', createdAt: '2025-01-01T00:00:00Z' },
      { kind: 'block', a: 'c1', b: 'z', createdAt: '2025-01-01T00:00:00Z' },
      { kind: 'connection', a: 'other', b: 'someone', createdAt: '2025-01-01T00:00:00Z' },
    ];
    await catalog.putEdges(edges, 'none', false);
    await catalog.refresh(['members', 'member_edges']);
    search = new MemberSearch(engine.client, { names: engine.names, edgePageSize: 2 });
  });
  afterAll(() => engine.close());

  const idsOf = async (filters: MemberHardFilters, ids = ALL_IDS) =>
    (await search.search({ retrieval: { kind: 'ids', ids }, filters, score: SCORE, size: 100 }))
      .map((h) => h.id)
      .sort();

  it('returns only members eligible both ways: visible, not excluded, meeting and accepting preferences', async () => {
    // Out: the viewer, hidden, paused, excluded; wants-music (the viewer works in film); wants-german (the viewer
    // speaks pt and en); within-8km (8.68 km away), within-100km (120 km away), madrid-within-400km (503 km away).
    // In: within-10km, within-150km, madrid-within-1200km, hard distance without a number.
    expect(await idsOf(FILTERS)).toEqual(ELIGIBLE_FOR_VIEWER);
  });

  it("applies the viewer's own hard preferences", async () => {
    const wantsMusicians = member('viewer', {
      preferences: { industries: ['music'], languages: [], hard: hard({ industries: true }) },
    });
    expect(await idsOf({ viewer: wantsMusicians, excludedIds: [] })).toEqual(['musician']);
    const nearOnly = member('viewer', {
      preferences: { industries: [], languages: [], maxDistanceKm: 5, hard: hard({ maxDistanceKm: true }) },
    });
    expect(await idsOf({ viewer: nearOnly, excludedIds: ['excluded'] })).toEqual([
      'newcomer',
      'ok',
      'seen-newcomer',
      'wants-english',
      'wants-film',
    ]);
  });

  it('ranks by the stored script: with only the distance weight, 1 at the origin and 0.786 at 8.7 km', async () => {
    const hits = await search.search({
      retrieval: { kind: 'ids', ids: ['ok', 'musician'] },
      filters: FILTERS,
      score: { ...SCORE, weights: { mutual: 0, overlap: 0, distance: 1, activity: 0 } },
      size: 10,
    });
    expect(hits.map((h) => h.id)).toEqual(['ok', 'musician']);
    expect(hits[0].score).toBeCloseTo(1, 5);
    // exp(ln 0.5 × 8.675 / 25) = 0.7861
    expect(hits[1].score).toBeCloseTo(0.7861, 3);
    expect(hits[0].member).toMatchObject({
      id: 'ok',
      city: 'Lisbon',
      location: LISBON,
      visibility: 'visible',
    });
    expect(hits[0].member).not.toHaveProperty('email');
    expect(hits[0].member).not.toHaveProperty('profileEmbedding');
  });

  it('finds the k nearest among the eligible only', async () => {
    const hidden = MEMBERS.find((m) => m.id === 'hidden')!;
    const hits = await search.search({
      retrieval: { kind: 'knn', field: 'profileEmbedding', vector: hidden.profileEmbedding! },
      filters: FILTERS,
      score: SCORE,
      size: 3,
    });
    expect(hits).toHaveLength(3);
    for (const hit of hits) expect(ELIGIBLE_FOR_VIEWER).toContain(hit.id);
  });

  it('finds recently joined members with few impressions, all or the nearest', async () => {
    const retrieval = { kind: 'joinedSince' as const, since: '2025-05-25T00:00:00Z', maxImpressions7d: 20 };
    const all = await search.search({ retrieval, filters: FILTERS, score: SCORE, size: 10 });
    expect(all.map((h) => h.id)).toEqual(['newcomer']);
    const near = await search.search({
      retrieval: { ...retrieval, maxImpressions7d: 100, nearTo: viewer.tasteEmbedding! },
      filters: FILTERS,
      score: SCORE,
      size: 1,
    });
    expect(near).toHaveLength(1);
    expect(['newcomer', 'seen-newcomer']).toContain(near[0].id);
  });

  it('lists every relation of a member across pages: blocks both ways, connections', async () => {
    const relations = await search.relationsOf('viewer');
    expect([...relations.blocked].sort()).toEqual(['b1', 'b2']);
    expect([...relations.connected].sort()).toEqual(['c1', 'c2']);
    expect(await search.relationsOf('nobody')).toEqual({ blocked: [], connected: [] });
  });

  it('lists the connections of connections, up to a maximum', async () => {
    const edges = await search.connectionsOf(['c1', 'c2'], 100);
    expect(edges.map((e) => `${e.a}-${e.b}`).sort()).toEqual(['c1-viewer', 'c1-x', 'c2-viewer', 'c2-y']);
    expect(await search.connectionsOf(['c1', 'c2'], 3)).toHaveLength(3);
    expect(await search.connectionsOf([], 100)).toEqual([]);
  });

  it("reads a member's whole document, or undefined", async () => {
    expect(await search.getMember('viewer')).toMatchObject({ id: 'viewer', preferences: viewer.preferences });
    expect(await search.getMember('nobody')).toBeUndefined();
  });

  it('reads several whole member documents with one _mget, leaving unknown ids out', async () => {
    const members = await search.getMembers(['nobody', 'viewer', 'musician']);
    expect([...members.keys()]).toEqual(['viewer', 'musician']);
    expect(members.get('viewer')).toEqual(await search.getMember('viewer'));
    expect(members.get('musician')).toEqual(await search.getMember('musician'));
  });

  it('fails with a SearchEngineError naming the step when the engine refuses', async () => {
    const broken = new MemberSearch(engine.client, { names: engine.names });
    await expect(
      broken.search({
        retrieval: { kind: 'knn', field: 'profileEmbedding', vector: [1, 2, 3] },
        filters: FILTERS,
        score: SCORE,
        size: 3,
      }),
    ).rejects.toThrow(SearchEngineError);
  });
});
