import { buildIndex, parse, topHits } from './match.spec-helpers';

jest.mock(
  './text-term',
  () => {
    const { Bm25TermQuery } = jest.requireActual('./match-term');
    return {
      textTermQuery: (field: string, term: string, boost: number) => new Bm25TermQuery(field, term, boost),
    };
  },
  { virtual: true },
);

describe('multi_match explanations', () => {
  const { searcher, ctx } = buildIndex({ properties: { a: { type: 'text' }, b: { type: 'text' } } }, [
    { _id: '1', _source: { a: 'red apple', b: 'red' } },
    { _id: '2', _source: { a: 'green', b: 'apple pie' } },
  ]);

  it('best_fields: "max of:" over the per-field queries (fields in name order)', () => {
    const q = parse(ctx, { multi_match: { query: 'red', fields: ['b', 'a'] } });
    const e = q.explain(searcher, 0);
    expect(e.description).toBe('max of:');
    expect(e.details.map((d) => d.description)).toEqual([
      'weight(a:red in 0) [PerFieldSimilarity], result of:',
      'weight(b:red in 0) [PerFieldSimilarity], result of:',
    ]);
    expect(e.value).toBe(Math.max(...e.details.map((d) => d.value)));
    expect(topHits(searcher, q).hits[0]._score).toBe(e.value);
  });

  it('most_fields: "max plus 1.0 times others of:", the sum', () => {
    const q = parse(ctx, { multi_match: { query: 'red apple', fields: ['a', 'b'], type: 'most_fields' } });
    const e = q.explain(searcher, 0);
    expect(e.description).toBe('max plus 1.0 times others of:');
    expect(e.details[0].description).toBe('sum of:');
    expect(e.value).toBe(Math.fround(e.details[0].value + e.details[1].value));
    expect(topHits(searcher, q).hits.find((h) => h._id === '1')?._score).toBe(e.value);
  });

  it('tie_breaker 0.3 and field boosts (boost entry in the BM25 explanation)', () => {
    const q = parse(ctx, { multi_match: { query: 'red', fields: ['a^2', 'b'], tie_breaker: 0.3 } });
    const e = q.explain(searcher, 0);
    expect(e.description).toBe('max plus 0.3 times others of:');
    expect(e.details[0].details[0].details[0]).toEqual({ value: 2, description: 'boost', details: [] });
  });
});
