import { SignalStore } from '@app/signals';
import { MemberStatsRefresher } from '../apps/recommender-api/src/networking/member-stats.refresher';
import { SIGNAL_STORE } from '../apps/recommender-api/src/signals/signal-store.token';
import { CatalogRepository, MemberSearch } from '@app/search';
import { deleteRedisKeys, REDIS_URL, redisPrefix, sampleMember, startApi, TestApi } from './api.e2e-helpers';

const PREFIX = redisPrefix('member-stats');
const DAY_MS = 86_400_000;

/**
 * The members' 7-day counters in the engine (what the networking ranking reads) follow what the service recorded in
 * Redis: impressions it served, likes it was told of.
 */
describe('member stats refresher', () => {
  let api: TestApi;
  let store: SignalStore;
  let catalog: CatalogRepository;

  beforeAll(async () => {
    api = await startApi({ redisUrl: REDIS_URL, redisKeyPrefix: PREFIX, memberStatsRefreshMs: 0 });
    store = api.app.get<SignalStore>(SIGNAL_STORE);
    catalog = api.app.get(CatalogRepository);
    const members = ['a', 'b', 'c'].map((id) => sampleMember({ id }));
    // b arrives with counters of the catalog's own: the service's count replaces them
    members[1] = {
      ...members[1],
      stats: { impressions7d: 50, likesReceived7d: 9, passesReceived7d: 3, connectionCount: 4 },
    };
    expect((await api.request('POST', '/v1/catalog/members:batch', { items: members })).body.stored).toBe(3);
  });
  afterAll(async () => {
    await api.close();
    await deleteRedisKeys(PREFIX);
  });

  const statsOf = async (id: string) =>
    (await catalog.memberCountersPage(undefined, 10)).find((m) => m.id === id);

  it('writes the impressions and likes of the last 7 days, and only where they changed', async () => {
    const now = Date.now();
    const event = (id: string, type: string, memberId: string, target: string, daysAgo: number) => ({
      id,
      type,
      memberId,
      target: { kind: 'member' as const, id: target },
      at: now - daysAgo * DAY_MS,
    });
    await store.record([
      event('i1', 'impression', 'a', 'b', 0),
      event('i2', 'impression', 'c', 'b', 1),
      event('i3', 'impression', 'a', 'c', 2),
      event('l1', 'like', 'a', 'b', 0),
      event('l2', 'like', 'c', 'b', 3),
    ] as never);
    const refresher = api.app.get(MemberStatsRefresher);
    expect(await refresher.refresh(now)).toEqual({ members: 3, updated: 3 });
    expect(await statsOf('a')).toEqual({ id: 'a', impressions7d: 0, likesReceived7d: 0 });
    expect(await statsOf('b')).toEqual({ id: 'b', impressions7d: 2, likesReceived7d: 2 });
    expect(await statsOf('c')).toEqual({ id: 'c', impressions7d: 1, likesReceived7d: 0 });
    // the rest of b's document is left as it was
    const b = await api.app.get(MemberSearch).getMember('b');
    expect(b?.stats).toEqual({ impressions7d: 2, likesReceived7d: 2, passesReceived7d: 3, connectionCount: 4 });
    expect(b?.displayName).toBe(sampleMember({ id: 'b' }).displayName);
    // nothing changed since: nothing written
    expect(await refresher.refresh(now)).toEqual({ members: 3, updated: 0 });
    // eight days on, the window has moved past every event
    expect(await refresher.refresh(now + 8 * DAY_MS)).toEqual({ members: 3, updated: 2 });
    expect(await statsOf('b')).toEqual({ id: 'b', impressions7d: 0, likesReceived7d: 0 });
  });
});
