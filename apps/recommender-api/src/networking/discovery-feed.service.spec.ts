import { MemberHit, MemberSearch, MemberSearchRequest } from '@app/search';
import { InMemorySignalStore } from '@app/signals';
import { NotFoundException } from '@nestjs/common';
import { DependencyUnavailableException, InvalidInputException } from '../common/api-error';
import { DiscoveryFeedService } from './discovery-feed.service';
import { NOW, asCandidate, member } from './networking.spec-helpers';

const SECRET = 'a test secret that is at least 32 bytes long';

/** An engine of a viewer and ten others, every one of them a hit of every knn. */
function fakeSearch(options: { failKnn?: boolean } = {}): MemberSearch {
  const viewer = member('viewer', { tasteEmbedding: [1, 0], profileEmbedding: [0, 1] });
  const others = Array.from({ length: 10 }, (_, i) =>
    member(`m${i}`, { industries: [i % 2 ? 'film' : 'music'] }),
  );
  return {
    getMember: async (id: string) => (id === 'viewer' ? viewer : undefined),
    relationsOf: async () => ({ blocked: [], connected: [] }),
    connectionsOf: async () => [],
    search: async (request: MemberSearchRequest): Promise<MemberHit[]> => {
      if (request.retrieval.kind !== 'knn') return [];
      if (options.failKnn) throw new Error('engine down');
      return others.map((m, i) => ({ id: m.id, score: 2 - i / 10, member: asCandidate(m) }));
    },
  } as unknown as MemberSearch;
}

describe('DiscoveryFeedService', () => {
  const service = (search = fakeSearch(), store = new InMemorySignalStore({ clock: () => NOW })) =>
    new DiscoveryFeedService(search, store, { cursorSecret: SECRET, clock: () => NOW });

  it('serves a page, its cursor and, after serving, its impressions', async () => {
    const store = new InMemorySignalStore({ clock: () => NOW });
    const feed = service(fakeSearch(), store);
    const first = await feed.page('viewer', { limit: 4 });
    expect(first.body.items).toHaveLength(4);
    expect(first.body.page).toBe(1);
    await first.afterServe();
    const second = await feed.page('viewer', { limit: 4, cursor: first.body.nextCursor! });
    expect(second.body.page).toBe(2);
    const shown = [...first.body.items, ...second.body.items].map((i) => i.id);
    expect(new Set(shown).size).toBe(8);
    const exposure = await store.exposure(
      'member',
      first.body.items.map((i) => i.id),
      1,
      NOW,
    );
    expect([...exposure.values()].map((e) => e.impressions)).toEqual([1, 1, 1, 1]);
  });

  it('explains on request, with the context step first', async () => {
    const { body } = await service().page('viewer', { limit: 2, explain: true });
    expect(body.explanation!.items.map((i) => i.position)).toEqual([1, 2]);
    expect(body.explanation!.request.steps[0].name).toBe('Context');
    expect(body.explanation!.request.steps).not.toContainEqual(
      expect.objectContaining({ removedIds: expect.anything() }),
    );
  });

  it('answers 404 for an unknown member, 400 naming the cursor or the parameter, 503 when the taste source fails', async () => {
    await expect(service().page('nobody')).rejects.toBeInstanceOf(NotFoundException);
    const badCursor = service().page('viewer', { cursor: 'not-a-cursor' });
    await expect(badCursor).rejects.toBeInstanceOf(InvalidInputException);
    await expect(badCursor).rejects.toMatchObject({ response: { errors: [{ field: 'cursor' }] } });
    await expect(
      service().page('viewer', { overrides: { 'networking.taste.quota': 10_000 } }),
    ).rejects.toMatchObject({
      response: { errors: [{ field: 'networking.taste.quota' }] },
    });
    await expect(service(fakeSearch({ failKnn: true })).page('viewer')).rejects.toBeInstanceOf(
      DependencyUnavailableException,
    );
  });
});
