import { TrendingNearbySource } from './trending-nearby.source';
import { FakePlaceSearch, context, fetchOptions, hit, query, request } from './travel.spec-helpers';

describe('TrendingNearbySource', () => {
  it('asks for popular places near the origin, "Popular nearby this week"', async () => {
    const search = new FakePlaceSearch([hit('a', 3)]);
    const source = new TrendingNearbySource(search.asPlaceSearch());
    const c = context();
    expect(source.quota(query(c))).toBe(c.params['travel.trending.quota']);
    expect(source.quota(query(c, { servedCount: 20 }))).toBe(c.params['travel.trending.quota'] + 20);
    const found = await source.fetch(query(c), fetchOptions(30));
    expect(found[0].reasons).toEqual(['Popular nearby this week']);
    const fs = search.last.inner.function_score as { functions: { field_value_factor?: unknown }[] };
    expect(fs.functions[0]).toEqual({
      field_value_factor: { field: 'popularity', modifier: 'log1p', factor: 1, missing: 0 },
    });
    expect(fs.functions).toHaveLength(2);
    expect((search.last.params.weights as { query: number }).query).toBe(
      c.params['travel.trending.queryWeight'],
    );
  });

  it('names the city when there is no origin', async () => {
    const search = new FakePlaceSearch([hit('a', 3)]);
    const found = await new TrendingNearbySource(search.asPlaceSearch()).fetch(
      query(context({ request: request({ area: { kind: 'city', city: 'Porto' } }) })),
      fetchOptions(30),
    );
    expect(found[0].reasons).toEqual(['Popular in Porto this week']);
    expect((search.last.inner.function_score as { functions: unknown[] }).functions).toHaveLength(1);
  });
});
