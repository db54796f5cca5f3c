import { TasteSource } from './taste.source';
import { FakePlaceSearch, context, fetchOptions, hit, profile, query, vector } from './travel.spec-helpers';

describe('TasteSource', () => {
  it('asks knn on the member taste with the shared filter, scored by the stored script', async () => {
    const search = new FakePlaceSearch([hit('a', 3.2), hit('b', 2.9)]);
    const source = new TasteSource(search.asPlaceSearch());
    const c = context({ params: context().params });
    const q = query(c);
    expect(source.quota(q)).toBe(c.params['travel.taste.quota']);

    const found = await source.fetch(q, fetchOptions(80));
    expect(found).toEqual([
      { id: 'a', item: hit('a', 0).place, score: 3.2, reasons: ['Picked for your taste'] },
      { id: 'b', item: hit('b', 0).place, score: 2.9, reasons: ['Picked for your taste'] },
    ]);
    const { inner, params, size } = search.last;
    expect(size).toBe(80);
    expect(inner).toEqual({
      knn: {
        embedding: {
          vector: vector(1, 1),
          k: 80,
          filter: expect.objectContaining({ bool: expect.anything() }),
        },
      },
    });
    expect(params).toEqual({
      ...c.scoring,
      weights: { ...c.scoring.weights, query: c.params['travel.taste.queryWeight'] },
    });
  });

  it('asks for as many more as earlier pages served', () => {
    const source = new TasteSource(new FakePlaceSearch().asPlaceSearch());
    const c = context();
    expect(source.quota(query(c, { servedCount: 40 }))).toBe(c.params['travel.taste.quota'] + 40);
    expect(source.quota(query(c, { servedCount: 5000 }))).toBe(1000);
  });

  it('is skipped for a member without a taste embedding', async () => {
    const search = new FakePlaceSearch([hit('a', 1)]);
    const source = new TasteSource(search.asPlaceSearch());
    const q = query(context({ member: profile({ tasteEmbedding: undefined }) }));
    expect(source.quota(q)).toBe(0);
    expect(await source.fetch(q, fetchOptions(10))).toEqual([]);
    expect(search.searches).toEqual([]);
  });
});
