import { createEmbeddedClient } from '../client/create-embedded-client';
import { CachedFilterClause, filterClauseKey, inFilterContext } from './filter-clause-cache';
import { DocSet, Query, Searcher } from './types';

describe('filter clause cache', () => {
  it('keys compound clauses by their text, and leaves out leaves and anything that varies per request', () => {
    const bool = { bool: { filter: [{ term: { city: 'Lisbon' } }] } };
    expect(filterClauseKey(bool)).toBe(`clause:${JSON.stringify(bool)}`);
    expect(filterClauseKey({ term: { city: 'Lisbon' } })).toBeUndefined(); // leaves have their own keys
    expect(filterClauseKey({ bool: { filter: [{ range: { at: { gte: 'now-7d/d' } } }] } })).toBeUndefined();
    expect(
      filterClauseKey({ function_score: { functions: [{ random_score: {} }], min_score: 0.5 } }),
    ).toBeUndefined();
    expect(filterClauseKey({ bool: { filter: [{ script: { script: 'true' } }] } })).toBeUndefined();
  });

  it('runs a clause once per reader state, then answers from the cache', () => {
    let runs = 0;
    const inner: Query = {
      execute: (): DocSet => {
        runs++;
        return { docs: Int32Array.from([1, 4]), scores: new Float32Array(2) };
      },
      explain: () => ({ value: 0, description: 'inner', details: [] }),
    };
    const cache = new Map<string, DocSet>();
    const searcher = {
      reader: {
        cachedFilter: (k: string) => cache.get(k),
        cacheFilter: (k: string, s: DocSet) => cache.set(k, s),
      },
    } as unknown as Searcher;
    const clause = inFilterContext({ bool: { filter: [{ term: { a: 1 } }] } }, inner);
    expect(clause).toBeInstanceOf(CachedFilterClause);
    expect([...clause.execute(searcher).docs]).toEqual([1, 4]);
    expect([...clause.execute(searcher).docs]).toEqual([1, 4]);
    expect(runs).toBe(1);
    expect(inFilterContext({ term: { a: 1 } }, inner)).toBe(inner);
  });

  it('sees documents written after a cached search once they are refreshed', async () => {
    const client = createEmbeddedClient();
    await client.indices.create({
      index: 'p',
      body: { mappings: { properties: { city: { type: 'keyword' }, rating: { type: 'float' } } } },
    });
    const filter: Record<string, unknown> = {
      bool: {
        filter: [{ term: { city: 'Porto' } }],
        must_not: [
          {
            function_score: {
              query: { match_all: {} },
              functions: [{ field_value_factor: { field: 'rating' } }],
              min_score: 4,
              boost_mode: 'replace',
            },
          },
        ],
      },
    };
    const ids = async () =>
      (
        await client.search({
          index: 'p',
          body: { query: { bool: { filter: [filter] } }, sort: ['_doc'] } as Record<string, unknown>,
        })
      ).body.hits.hits.map((h) => h._id);
    await client.index({ index: 'p', id: 'a', body: { city: 'Porto', rating: 3 }, refresh: true });
    await client.index({ index: 'p', id: 'b', body: { city: 'Porto', rating: 4.5 }, refresh: true });
    expect(await ids()).toEqual(['a']);
    expect(await ids()).toEqual(['a']); // from the cache
    await client.index({ index: 'p', id: 'c', body: { city: 'Porto', rating: 2 }, refresh: true });
    await client.index({ index: 'p', id: 'a', body: { city: 'Porto', rating: 5 }, refresh: true });
    expect(await ids()).toEqual(['c']);
    await client.close();
  });
});
