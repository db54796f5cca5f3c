import { CuratedNearbySource } from './curated-nearby.source';
import { FakePlaceSearch, LISBON, context, fetchOptions, hit, query, request } from './travel.spec-helpers';

describe('CuratedNearbySource', () => {
  it('asks for curated places by rating and nearness, with the reason "Editor\'s pick"', async () => {
    const search = new FakePlaceSearch([hit('a', 2.5, { curated: true })]);
    const source = new CuratedNearbySource(search.asPlaceSearch());
    const c = context();
    expect(source.quota(query(c))).toBe(c.params['travel.curated.quota']);
    const found = await source.fetch(query(c), fetchOptions(20));
    expect(found.map((r) => [r.id, r.score, r.reasons])).toEqual([['a', 2.5, ["Editor's pick"]]]);
    const { inner, params } = search.last;
    const fs = inner.function_score as { query: { bool: { filter: unknown[] } }; functions: unknown[] };
    expect(fs.query.bool.filter).toContainEqual({ term: { curated: true } });
    expect(fs.functions).toEqual([
      { field_value_factor: { field: 'rating', factor: 0.2, missing: 0 } },
      {
        gauss: {
          location: {
            origin: LISBON,
            scale: `${c.params['travel.score.originScaleKm']}km`,
            offset: '0km',
            decay: 0.5,
          },
        },
      },
    ]);
    expect((params.weights as { query: number }).query).toBe(c.params['travel.curated.queryWeight']);
  });

  it('has no geo decay in a city far from home', async () => {
    const search = new FakePlaceSearch([]);
    await new CuratedNearbySource(search.asPlaceSearch()).fetch(
      query(context({ request: request({ area: { kind: 'city', city: 'Porto' } }) })),
      fetchOptions(20),
    );
    const fs = search.last.inner.function_score as { functions: unknown[] };
    expect(fs.functions).toHaveLength(1);
  });
});
