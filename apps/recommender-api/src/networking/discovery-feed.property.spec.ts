import {
  GeoLocation,
  MEMBER_INDUSTRIES,
  Member,
  MemberEdge,
  MemberIndustry,
  MemberVisibility,
} from '@app/catalog';
import { Source } from '@app/pipeline';
import { CatalogRepository, MemberCandidate, MemberSearch } from '@app/search';
import { InMemorySignalStore, SignalEvent } from '@app/signals';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  openTestEngine,
  sampleMember,
  testEmbedding,
  TestEngine,
} from '../../../../libs/search/src/search.spec-helpers';
import { DiscoveryContext, DiscoveryContextLoader } from './discovery-context';
import { DISCOVERY_DEFAULTS, discoveryFeedStages, networkingParameters } from './discovery-feed.pipeline';
import { DiscoveryFeedService, DiscoveryVariant } from './discovery-feed.service';

/**
 * Privacy and safety, over random worlds: random members (visibility, places, industries, languages, hard
 * preferences, with or without history), a random graph of blocks and connections, random likes and passes. For a
 * random viewer, no page of the feed (full or relevance-only, explained or not, any page size), and no source on its
 * own (straight from the engine, before the pipeline's own Eligibility filter), ever serves the viewer, a member
 * blocked either way, a hidden or paused member, a connection, a member the viewer liked or passed within the window,
 * or anyone the hard preferences of either side exclude. The oracle below is written apart from the code it checks.
 */

const SCRIPT = readFileSync(
  resolve(__dirname, '../../../../painless/members-mutual-score-v1.painless'),
  'utf8',
);
const NOW = Date.parse('2025-06-01T12:00:00Z');
const DAY_MS = 86_400_000;
const WINDOW_DAYS = 30;
const SECRET = 'a test secret that is at least 32 bytes long';
const PLACES: GeoLocation[] = [
  { lat: 38.7169, lon: -9.1399 }, // Lisbon
  { lat: 38.7369, lon: -9.1699 }, // 3.4 km away
  { lat: 38.8, lon: -9.3 }, // 16 km away
  { lat: 41.1496, lon: -8.611 }, // Porto, 274 km away
];
const INDUSTRIES: MemberIndustry[] = ['film', 'music', 'design'];
const LANGUAGES = ['pt', 'en', 'de'];

interface WorldMember {
  visibility: MemberVisibility;
  place: number;
  industries: MemberIndustry[];
  languages: string[];
  prefs: { industries: MemberIndustry[]; languages: string[]; maxDistanceKm: number | null };
  hard: { industries: boolean; languages: boolean; maxDistanceKm: boolean };
  hasTaste: boolean;
  isNew: boolean;
  seed: number;
}

const someOf = <T>(values: readonly T[]) => fc.subarray([...values], { minLength: 1 });
const memberArb: fc.Arbitrary<WorldMember> = fc.record({
  visibility: fc.constantFrom<MemberVisibility>('visible', 'visible', 'visible', 'hidden', 'paused'),
  place: fc.nat({ max: PLACES.length - 1 }),
  industries: someOf(INDUSTRIES),
  languages: someOf(LANGUAGES),
  prefs: fc.record({
    industries: fc.subarray(INDUSTRIES),
    languages: fc.subarray(LANGUAGES),
    maxDistanceKm: fc.option(fc.constantFrom(2, 10, 50, 500), { nil: null }),
  }),
  hard: fc.record({ industries: fc.boolean(), languages: fc.boolean(), maxDistanceKm: fc.boolean() }),
  hasTaste: fc.boolean(),
  isNew: fc.boolean(),
  seed: fc.nat({ max: 1000 }),
});

interface World {
  members: WorldMember[];
  viewer: number;
  /** [a, b]: a blocked b */
  blocks: [number, number][];
  connections: [number, number][];
  /** [target, type, days ago] of the viewer */
  decisions: [number, 'like' | 'pass' | 'hide', number][];
  /** members who liked the viewer */
  admirers: number[];
  variant: DiscoveryVariant;
  limit: number;
  explain: boolean;
}

const worldArb: fc.Arbitrary<World> = fc
  .array(memberArb, { minLength: 4, maxLength: 16 })
  .chain((members) => {
    const index = fc.nat({ max: members.length - 1 });
    const pair = fc.tuple(index, index).filter(([a, b]) => a !== b);
    return fc.record({
      members: fc.constant(members),
      viewer: index,
      blocks: fc.array(pair, { maxLength: 8 }),
      connections: fc.array(pair, { maxLength: 6 }),
      decisions: fc.array(
        fc.tuple(
          index,
          fc.constantFrom<'like' | 'pass' | 'hide'>('like', 'pass', 'hide'),
          fc.oneof(fc.integer({ min: 1, max: 25 }), fc.integer({ min: 35, max: 80 })),
        ),
        { maxLength: 5 },
      ),
      admirers: fc.array(index, { maxLength: 5 }),
      variant: fc.constantFrom<DiscoveryVariant>('full', 'relevanceOnly'),
      limit: fc.integer({ min: 1, max: 6 }),
      explain: fc.boolean(),
    });
  });

const idOf = (i: number) => `m${i}`;

function toMember(m: WorldMember, i: number): Member {
  return sampleMember({
    id: idOf(i),
    industries: m.industries,
    languages: m.languages,
    location: PLACES[m.place],
    visibility: m.visibility,
    createdAt: new Date(NOW - (m.isNew ? 2 : 300) * DAY_MS).toISOString(),
    lastActiveAt: new Date(NOW - DAY_MS).toISOString(),
    profileEmbedding: testEmbedding(m.seed),
    tasteEmbedding: m.hasTaste ? testEmbedding(m.seed + 5000) : undefined,
    preferences: {
      industries: m.prefs.industries,
      languages: m.prefs.languages,
      ...(m.prefs.maxDistanceKm !== null && { maxDistanceKm: m.prefs.maxDistanceKm }),
      hard: m.hard,
    },
    stats: { impressions7d: 0, likesReceived7d: 0, passesReceived7d: 0, connectionCount: 0 },
  });
}

/** Haversine on the mean Earth radius, written again here so that the oracle does not share code with the feed. */
function km(a: GeoLocation, b: GeoLocation): number {
  const r = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * r) / 2) ** 2 +
    Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(((b.lon - a.lon) * r) / 2) ** 2;
  return 2 * 6371.0087714 * Math.asin(Math.sqrt(h));
}

/** Does `holder` accept `other`, by holder's hard preferences? */
function accepts(holder: WorldMember, other: WorldMember): boolean {
  if (holder.hard.industries && !other.industries.some((i) => holder.prefs.industries.includes(i)))
    return false;
  if (holder.hard.languages && !other.languages.some((l) => holder.prefs.languages.includes(l))) return false;
  const limit = holder.prefs.maxDistanceKm;
  if (holder.hard.maxDistanceKm && limit !== null && km(PLACES[holder.place], PLACES[other.place]) > limit)
    return false;
  return true;
}

/** Everyone the viewer must never be shown, by the rules. */
function forbidden(world: World): Set<string> {
  const v = world.viewer;
  const out = new Set<string>([idOf(v)]);
  world.members.forEach((m, i) => {
    if (m.visibility !== 'visible') out.add(idOf(i));
    if (!accepts(world.members[v], m) || !accepts(m, world.members[v])) out.add(idOf(i));
  });
  for (const [a, b] of world.blocks) {
    if (a === v) out.add(idOf(b));
    if (b === v) out.add(idOf(a));
  }
  for (const [a, b] of world.connections) {
    if (a === v) out.add(idOf(b));
    if (b === v) out.add(idOf(a));
  }
  for (const [target, , daysAgo] of world.decisions) if (daysAgo <= WINDOW_DAYS) out.add(idOf(target));
  return out;
}

describe('discovery feed safety (property-based, embedded engine)', () => {
  let engine: TestEngine;
  let catalog: CatalogRepository;
  let search: MemberSearch;
  let previous: { members: string[]; edges: MemberEdge[] } = { members: [], edges: [] };

  beforeAll(async () => {
    engine = await openTestEngine({ scripts: { 'members-mutual-score-v1': SCRIPT } });
    catalog = new CatalogRepository(engine.client, { names: engine.names });
    search = new MemberSearch(engine.client, { names: engine.names });
  });
  afterAll(() => engine.close());

  async function load(world: World): Promise<InMemorySignalStore> {
    await catalog.deleteMembers(previous.members, 'none');
    await catalog.deleteEdges(previous.edges, 'none');
    const members = world.members.map(toMember);
    const edges: MemberEdge[] = [
      ...world.blocks.map(([a, b]): MemberEdge => ({
        kind: 'block',
        a: idOf(a),
        b: idOf(b),
        createdAt: '2025-01-01T00:00:00Z',
      })),
      ...world.connections.map(([a, b]): MemberEdge => ({
        kind: 'connection',
        a: idOf(a),
        b: idOf(b),
        createdAt: '2025-01-01T00:00:00Z',
      })),
    ];
    await catalog.putMembers(members, 'none');
    await catalog.putEdges(edges, 'none', false);
    await catalog.refresh(['members', 'member_edges']);
    previous = { members: members.map((m) => m.id), edges };

    const store = new InMemorySignalStore({ clock: () => NOW });
    const viewerId = idOf(world.viewer);
    const events: SignalEvent[] = [
      ...world.decisions.map(([target, type, daysAgo], i): SignalEvent => ({
        id: `d${i}`,
        type,
        memberId: viewerId,
        target: { kind: 'member', id: idOf(target) },
        at: NOW - daysAgo * DAY_MS,
      })),
      ...world.admirers.map((a, i): SignalEvent => ({
        id: `a${i}`,
        type: 'like',
        memberId: idOf(a),
        target: { kind: 'member', id: viewerId },
        at: NOW - DAY_MS,
      })),
    ];
    if (events.length > 0) await store.record(events);
    return store;
  }

  it('never serves a forbidden member, on any page, from any source, in any mode', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, async (world) => {
        const store = await load(world);
        const banned = forbidden(world);
        const viewerId = idOf(world.viewer);

        // Every page of the feed.
        const feed = new DiscoveryFeedService(search, store, {
          cursorSecret: SECRET,
          clock: () => NOW,
          variant: world.variant,
        });
        let cursor: string | undefined;
        for (let page = 0; page < 20; page++) {
          const served = await feed.page(viewerId, { limit: world.limit, cursor, explain: world.explain });
          for (const item of served.body.items)
            expect(banned.has(item.id) ? item.id : undefined).toBeUndefined();
          await served.afterServe();
          if (served.body.nextCursor === null) break;
          cursor = served.body.nextCursor;
        }

        // Every source straight from the engine, before any filter of the pipeline.
        const params = networkingParameters.resolve(DISCOVERY_DEFAULTS);
        const context = await new DiscoveryContextLoader(search, store).load(viewerId, params, NOW);
        const stages = discoveryFeedStages(search, store);
        const sources: Source<DiscoveryContext, MemberCandidate>[] = [
          stages.knnTaste,
          stages.knnReciprocal,
          stages.secondDegree,
          stages.likedYou,
          stages.newMembers,
        ];
        const q = {
          requestId: 'p',
          memberId: viewerId,
          context,
          limit: 20,
          page: 1,
          seed: 1,
          servedCount: 0,
          explain: false,
        };
        for (const source of sources) {
          const hits = await source.fetch(q, { quota: 50, signal: new AbortController().signal });
          for (const hit of hits)
            expect(banned.has(hit.id) ? `${source.name}: ${hit.id}` : undefined).toBeUndefined();
        }
      }),
      { numRuns: 60 },
    );
  });

  it('still serves the members nobody forbids (the filters are not simply empty answers)', async () => {
    // A world where nothing is forbidden but the viewer: everyone visible, soft preferences, no relations.
    const open: World = {
      members: Array.from({ length: 6 }, (_, i) => ({
        visibility: 'visible',
        place: 0,
        industries: [MEMBER_INDUSTRIES[i % 3]],
        languages: ['pt'],
        prefs: { industries: [], languages: [], maxDistanceKm: null },
        hard: { industries: false, languages: false, maxDistanceKm: false },
        hasTaste: true,
        isNew: false,
        seed: i + 1,
      })),
      viewer: 0,
      blocks: [],
      connections: [],
      decisions: [],
      admirers: [],
      variant: 'full',
      limit: 20,
      explain: false,
    };
    const store = await load(open);
    const feed = new DiscoveryFeedService(search, store, { cursorSecret: SECRET, clock: () => NOW });
    const { body } = await feed.page('m0', { limit: 20 });
    expect(body.items.map((i) => i.id).sort()).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
  });
});
