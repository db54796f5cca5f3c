import { MemberHit, MemberSearch, MemberSearchRequest } from '@app/search';
import { InMemorySignalStore } from '@app/signals';
import { MemberRetriever, isNewMember, mutualScoreParamsOf, toRetrieved } from './member-retriever';
import { DAY_MS, NOW, asCandidate, context, member } from './networking.spec-helpers';

const taste = Array.from({ length: 64 }, (_, i) => (i === 1 ? 1 : 0));
const profile = Array.from({ length: 64 }, (_, i) => (i === 2 ? 1 : 0));

describe('mutualScoreParamsOf', () => {
  it("passes the viewer's features and the score knobs to the script", () => {
    const viewer = member('viewer', { tasteEmbedding: taste, profileEmbedding: profile });
    const params = mutualScoreParamsOf(
      context({ viewer, params: { 'networking.score.distanceScaleKm': 50 } }),
    );
    expect(params).toEqual({
      viewerTaste: taste,
      viewerProfile: profile,
      viewerIndustries: ['film'],
      viewerInterests: ['surfing', 'jazz'],
      origin: '38.7169,-9.1399',
      distanceScale: '50km',
      now: '2025-06-01T12:00:00.000Z',
      weights: { mutual: 1, overlap: 0.3, distance: 0.3, activity: 0.2 },
    });
  });

  it('lets a viewer without history search with their profile, and one without embeddings weigh mutual 0', () => {
    const newcomer = member('viewer', { profileEmbedding: profile, tasteEmbedding: undefined });
    expect(mutualScoreParamsOf(context({ viewer: newcomer })).viewerTaste).toBe(profile);
    const bare = member('viewer', { profileEmbedding: undefined, tasteEmbedding: undefined });
    const params = mutualScoreParamsOf(context({ viewer: bare }));
    expect(params.weights.mutual).toBe(0);
    expect(params.viewerTaste).toHaveLength(64);
  });
});

describe('toRetrieved', () => {
  it('gives each hit its features and reasons', () => {
    const ctx = context({
      connected: ['c1', 'c2'],
      mutual: [
        ['c1', 'x'],
        ['c2', 'x'],
      ],
    });
    const x = member('x', {
      industries: ['film', 'music'],
      interests: ['jazz'],
      location: { lat: 38.7169, lon: -9.0399 },
      createdAt: new Date(NOW - 2 * DAY_MS).toISOString(),
    });
    const hit: MemberHit = { id: 'x', score: 1.25, member: asCandidate(x) };
    const retrieved = toRetrieved(hit, ctx, 7);
    expect(retrieved).toMatchObject({
      id: 'x',
      score: 1.25,
      features: {
        mutualConnections: 2,
        impressionsToday: 7,
        sharedIndustries: 1,
        sharedInterests: 1,
        isNew: 1,
      },
      reasons: ['2 mutual connections', 'You both work in film', 'New here'],
    });
    // 0.1° of longitude at 38.7169°N: 0.1 × 111.195 km × cos(38.7169°) = 8.675 km.
    expect(retrieved.features!.distanceKm).toBeCloseTo(8.675, 2);
  });
});

describe('isNewMember', () => {
  it('is true within the new-members window', () => {
    const ctx = context({ params: { 'networking.newMembers.maxAgeDays': 3 } });
    expect(isNewMember({ createdAt: new Date(NOW - 3 * DAY_MS).toISOString() }, ctx)).toBe(true);
    expect(isNewMember({ createdAt: new Date(NOW - 3 * DAY_MS - 1).toISOString() }, ctx)).toBe(false);
  });
});

describe('MemberRetriever', () => {
  it("searches under the hard filters, then reads the hits' impressions of the day", async () => {
    const requests: MemberSearchRequest[] = [];
    const search = {
      search: async (request: MemberSearchRequest) => {
        requests.push(request);
        return [
          { id: 'a', score: 2, member: asCandidate(member('a')) },
          { id: 'b', score: 1, member: asCandidate(member('b')) },
        ];
      },
    } as unknown as MemberSearch;
    const signals = new InMemorySignalStore({ clock: () => NOW });
    const impression = (id: string, n: number) => ({
      id: `i-${id}-${n}`,
      type: 'impression' as const,
      memberId: 'someone',
      target: { kind: 'member' as const, id },
      at: NOW - 1000,
    });
    await signals.record([impression('a', 1), impression('a', 2), impression('b', 1)]);
    const ctx = context({ blocked: ['z'] });
    const retrieved = await new MemberRetriever(search, signals).retrieve(
      ctx,
      { kind: 'ids', ids: ['a', 'b'] },
      5,
    );
    expect(requests[0]).toMatchObject({
      retrieval: { kind: 'ids', ids: ['a', 'b'] },
      filters: { viewer: ctx.viewer, excludedIds: ['viewer', 'z'] },
      size: 5,
    });
    expect(retrieved.map((r) => [r.id, r.features!.impressionsToday])).toEqual([
      ['a', 2],
      ['b', 1],
    ]);
  });
});
