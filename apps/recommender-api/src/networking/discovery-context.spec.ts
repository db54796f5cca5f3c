import { MemberEdge } from '@app/catalog';
import { MemberRelations, MemberSearch } from '@app/search';
import { InMemorySignalStore } from '@app/signals';
import {
  DiscoveryContextLoader,
  UnknownViewerError,
  countMutualConnections,
  decidedWithin,
} from './discovery-context';
import { networkingParameters } from './discovery-feed.pipeline';
import { DAY_MS, NOW, context, emptySignals, member } from './networking.spec-helpers';

const like = (id: string, daysAgo: number) => ({
  type: 'like' as const,
  target: { kind: 'member' as const, id },
  at: NOW - daysAgo * DAY_MS,
});

describe('decidedWithin', () => {
  it('keeps the members liked, passed, hidden, reported or blocked since the cut, and no places', () => {
    const signals = emptySignals('viewer', {
      recentPositives: [
        like('recent-like', 1),
        like('old-like', 40),
        { ...like('place', 1), target: { kind: 'place', id: 'place' } },
      ],
      negatives: [
        { type: 'pass', target: { kind: 'member', id: 'passed' }, at: NOW - 2 * DAY_MS },
        { type: 'hide', target: { kind: 'member', id: 'hidden' }, at: NOW - 3 * DAY_MS },
        { type: 'report', target: { kind: 'member', id: 'reported' }, at: NOW - 3 * DAY_MS },
      ],
    });
    expect([...decidedWithin(signals, NOW - 30 * DAY_MS)].sort()).toEqual([
      'hidden',
      'passed',
      'recent-like',
      'reported',
    ]);
  });
});

describe('countMutualConnections', () => {
  it('counts, per member two steps away, the connections of the viewer they are connected to', () => {
    const edges: MemberEdge[] = [
      // c1 and c2 are the viewer's connections; x knows both, y knows c1, c1 and c2 know each other.
      ['c1', 'x'],
      ['c2', 'x'],
      ['c1', 'y'],
      ['c1', 'c2'],
      ['c1', 'viewer'],
    ].map(([a, b]) => ({ kind: 'connection', a, b, createdAt: '2025-01-01T00:00:00Z' }));
    edges.push({ kind: 'block', a: 'c2', b: 'z', createdAt: '2025-01-01T00:00:00Z' });
    expect(countMutualConnections('viewer', new Set(['c1', 'c2']), edges)).toEqual(
      new Map([
        ['x', 2],
        ['y', 1],
      ]),
    );
  });
});

describe('buildDiscoveryContext', () => {
  it('gathers what every engine query must leave out: the viewer, blocks, connections, recent decisions', () => {
    const ctx = context({
      blocked: ['blocked'],
      connected: ['friend'],
      signals: {
        recentPositives: [like('liked', 3), like('liked-long-ago', 60)],
        likedBy: [
          { memberId: 'admirer', at: NOW - DAY_MS },
          { memberId: 'liked', at: NOW - DAY_MS },
          { memberId: 'blocked', at: NOW - DAY_MS },
        ],
        seen: [{ target: { kind: 'member', id: 'shown' }, count: 4, lastAt: NOW - 1000 }],
        affinities: [
          { category: 'music', score: 1.5 },
          { category: 'finance', score: -0.5 },
        ],
      },
    });
    expect([...ctx.excludedIds].sort()).toEqual(['blocked', 'friend', 'liked', 'viewer']);
    // Someone who liked the viewer and was answered (or blocked) is not "liked you" any more.
    expect(ctx.likedBy).toEqual(['admirer']);
    expect(ctx.seenCounts).toEqual(new Map([['shown', 4]]));
    // Their own industry, then the industries they have shown a liking for.
    expect(ctx.usualIndustries).toEqual(['film', 'music']);
  });

  it('reads the decision window from the parameters', () => {
    const signals = { recentPositives: [like('a', 10)] };
    expect(context({ signals }).decided.has('a')).toBe(true);
    expect(context({ signals, params: { 'networking.decided.windowDays': 7 } }).decided.has('a')).toBe(false);
  });
});

describe('DiscoveryContextLoader', () => {
  const relations: MemberRelations = { blocked: ['b'], connected: ['c1'] };
  const search = (viewer = member('viewer')) =>
    ({
      getMember: jest.fn(async (id: string) => (id === viewer.id ? viewer : undefined)),
      relationsOf: jest.fn(async () => relations),
      connectionsOf: jest.fn(async () => [
        { kind: 'connection', a: 'c1', b: 'x', createdAt: '2025-01-01T00:00:00Z' },
      ]),
    }) as unknown as MemberSearch & { connectionsOf: jest.Mock };

  it('loads the viewer, relations, signals and mutual connections', async () => {
    const fake = search();
    const loader = new DiscoveryContextLoader(fake, new InMemorySignalStore({ clock: () => NOW }));
    const params = networkingParameters.resolve({ 'networking.mutual.maxEdges': 300 });
    const ctx = await loader.load('viewer', params, NOW);
    expect(fake.connectionsOf).toHaveBeenCalledWith(['c1'], 300);
    expect(ctx.blocked).toEqual(new Set(['b']));
    expect(ctx.mutualConnections).toEqual(new Map([['x', 1]]));
    expect(ctx.now).toBe(NOW);
  });

  it('refuses a viewer the catalog does not know', async () => {
    const loader = new DiscoveryContextLoader(search(), new InMemorySignalStore());
    await expect(loader.load('nobody', networkingParameters.resolve(), NOW)).rejects.toBeInstanceOf(
      UnknownViewerError,
    );
  });
});
