import { Exposure, SignalStore } from '@app/signals';
import { FreshPlacesSource } from './fresh-places.source';
import { DAY_MS, FakePlaceSearch, NOW, context, fetchOptions, hit, query } from './travel.spec-helpers';

function store(impressions: Record<string, number>) {
  const exposure = jest.fn(
    async (_kind: string, ids: string[]) =>
      new Map<string, Exposure>(ids.map((id) => [id, { impressions: impressions[id] ?? 0, likes: 0 }])),
  );
  return { exposure, store: { exposure } as unknown as SignalStore };
}

describe('FreshPlacesSource', () => {
  it('asks for places created within maxAgeDays in the seeded random order', async () => {
    const search = new FakePlaceSearch([hit('n1', 2)]);
    const { store: signals } = store({});
    const source = new FreshPlacesSource(search.asPlaceSearch(), signals);
    const c = context();
    expect(source.quota(query(c))).toBe(c.params['travel.fresh.quota']);
    await source.fetch(query(c), fetchOptions(20));
    const fs = search.last.inner.function_score as {
      query: { bool: { filter: unknown[] } };
      functions: unknown[];
      boost_mode: string;
    };
    const since = new Date(NOW - c.params['travel.freshness.maxAgeDays'] * DAY_MS).toISOString();
    expect(fs.query.bool.filter).toContainEqual({ range: { createdAt: { gte: since } } });
    expect(fs.functions).toEqual([{ random_score: { seed: c.explorationSeed, field: 'id' } }]);
    expect(fs.boost_mode).toBe('replace');
  });

  it('keeps the places shown fewer than maxImpressions times this week, with their impressions', async () => {
    const search = new FakePlaceSearch([hit('unseen', 2), hit('seen-a-bit', 1.9), hit('seen-a-lot', 1.8)]);
    const { store: signals, exposure } = store({ 'seen-a-bit': 12, 'seen-a-lot': 100 });
    const c = context();
    const found = await new FreshPlacesSource(search.asPlaceSearch(), signals).fetch(
      query(c),
      fetchOptions(20),
    );
    expect(exposure).toHaveBeenCalledWith('place', ['unseen', 'seen-a-bit', 'seen-a-lot'], 7, NOW);
    // maxImpressions is 100 by default: 100 is not fewer.
    expect(found.map((r) => [r.id, r.features])).toEqual([
      ['unseen', { impressions7d: 0 }],
      ['seen-a-bit', { impressions7d: 12 }],
    ]);
  });

  it('does not ask for exposure when nothing is new', async () => {
    const { store: signals, exposure } = store({});
    expect(
      await new FreshPlacesSource(new FakePlaceSearch([]).asPlaceSearch(), signals).fetch(
        query(context()),
        fetchOptions(20),
      ),
    ).toEqual([]);
    expect(exposure).not.toHaveBeenCalled();
  });
});
