import { TextSource } from './text.source';
import { FakePlaceSearch, context, fetchOptions, hit, query, request } from './travel.spec-helpers';

describe('TextSource', () => {
  it('matches the free text over name, tags and description within the filter', async () => {
    const search = new FakePlaceSearch([hit('a', 4)]);
    const source = new TextSource(search.asPlaceSearch());
    const c = context({ request: request({ text: 'azulejo tiles' }) });
    expect(source.quota(query(c))).toBe(c.params['travel.text.quota']);
    const found = await source.fetch(query(c), fetchOptions(60));
    expect(found[0].reasons).toEqual(['Matches "azulejo tiles"']);
    const bool = search.last.inner.bool as { must: unknown[]; filter: unknown[] };
    expect(bool.must).toEqual([
      {
        multi_match: {
          query: 'azulejo tiles',
          fields: ['name^3', 'tags.text^2', 'description'],
          type: 'best_fields',
        },
      },
    ]);
    expect(bool.filter).toContainEqual({ term: { status: 'active' } });
    expect((search.last.params.weights as { query: number }).query).toBe(c.params['travel.text.queryWeight']);
  });

  it('is skipped without text', async () => {
    const search = new FakePlaceSearch([hit('a', 4)]);
    const source = new TextSource(search.asPlaceSearch());
    expect(source.quota(query(context()))).toBe(0);
    expect(await source.fetch(query(context()), fetchOptions(60))).toEqual([]);
    expect(search.searches).toEqual([]);
  });
});
