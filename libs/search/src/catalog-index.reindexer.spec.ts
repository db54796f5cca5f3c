import { CatalogRepository } from './catalog.repository';
import { CatalogReindexer, ReindexProgress } from './catalog-index.reindexer';
import { engineRequest } from './engine-request';
import { SearchNames } from './search-names';
import { FAST_BACKOFF, openTestEngine, sampleEdge, samplePlace, TestEngine } from './search.spec-helpers';

type AliasAnswer = Record<string, { aliases: Record<string, { is_write_index?: boolean }> }>;

describe('CatalogReindexer', () => {
  let engine: TestEngine;
  let repository: CatalogRepository;
  beforeEach(async () => {
    engine = await openTestEngine();
    repository = new CatalogRepository(engine.client, { names: engine.names });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await engine.close();
  });

  const reindexer = (options: { pageSize?: number; inFlightGraceMs?: number } = {}) =>
    new CatalogReindexer(engine.client, {
      names: engine.names,
      backoff: FAST_BACKOFF,
      pageSize: options.pageSize ?? 100,
      inFlightGraceMs: options.inFlightGraceMs ?? 0,
    });

  const aliasOf = async (alias: string) =>
    (await engineRequest<AliasAnswer>(engine.client, { method: 'GET', path: `/_alias/${alias}` })).body;

  /** id → name of every place behind the alias. */
  const placesBehindAlias = async (): Promise<Map<string, string>> => {
    await repository.refresh(['places']);
    const answer = await engineRequest<{ hits: { hits: { _id: string; _source: { name: string } }[] } }>(
      engine.client,
      {
        method: 'POST',
        path: '/places/_search',
        body: { size: 10_000, sort: ['id'], _source: ['name'] },
      },
    );
    return new Map(answer.body.hits.hits.map((h) => [h._id, h._source.name]));
  };

  const seed = async (count: number) => {
    const places = Array.from({ length: count }, (_, i) =>
      samplePlace({ id: `p${String(i).padStart(4, '0')}`, name: 'v0' }),
    );
    await repository.putPlaces(places, 'immediate');
    return new Map(places.map((p) => [p.id, p.name]));
  };

  it('copies every document into the next version and swaps the alias', async () => {
    const expected = await seed(250);
    const progress: ReindexProgress[] = [];
    const report = await reindexer().reindex('places', { onProgress: (p) => progress.push(p) });
    expect(report).toMatchObject({
      alias: 'places',
      from: 'places_v1',
      to: 'places_v2',
      copied: 250,
      replayed: 0,
    });
    expect(Object.keys(await aliasOf('places'))).toEqual(['places_v2']);
    expect(await placesBehindAlias()).toEqual(expected);
    const copy = progress.filter((p) => p.phase === 'copy');
    expect(copy[0]).toEqual({ phase: 'copy', done: 0, total: 250 });
    expect(copy[copy.length - 1]).toEqual({ phase: 'copy', done: 250, total: 250 });
    expect(progress[progress.length - 1]).toEqual({ phase: 'swap', done: 1, total: 1 });
    // The old index is kept for a rollback, without the alias.
    const old = await engineRequest(engine.client, { method: 'HEAD', path: '/places_v1' }, { ignore: [404] });
    expect(old.statusCode).toBe(200);
    const mapping = await engineRequest<
      Record<string, { mappings: { properties: Record<string, { type: string }> } }>
    >(engine.client, { method: 'GET', path: '/places_v2/_mapping' });
    expect(mapping.body.places_v2.mappings.properties.embedding.type).toBe('knn_vector');
  });

  it('loses no write made while it copies: creates, updates and deletes all land behind the alias', async () => {
    const expected = await seed(400);
    let done = false;
    let writesBeforeSwap = 0;
    let n = 0;
    const writer = (async () => {
      // Keep writing until the reindex is over, and a little after.
      for (let after = 0; after < 20; after += done ? 1 : 0) {
        n++;
        const roll = n % 3;
        if (roll === 0) {
          const id = `new${n}`;
          await repository.putPlaces([samplePlace({ id, name: `created ${n}` })], 'none');
          expected.set(id, `created ${n}`);
        } else if (roll === 1) {
          const id = `p${String((n * 7) % 400).padStart(4, '0')}`;
          await repository.putPlaces([samplePlace({ id, name: `updated ${n}` })], 'none');
          expected.set(id, `updated ${n}`);
        } else {
          const id = `p${String((n * 13) % 400).padStart(4, '0')}`;
          await repository.deletePlaces([id], 'none');
          expected.delete(id);
        }
        if (!done) writesBeforeSwap++;
      }
    })();
    const report = await reindexer({ pageSize: 20, inFlightGraceMs: 5 }).reindex('places');
    done = true;
    await writer;
    expect(writesBeforeSwap).toBeGreaterThan(20);
    expect(report.replayed).toBeGreaterThan(0);
    expect(Object.keys(await aliasOf('places'))).toEqual(['places_v2']);
    expect(await placesBehindAlias()).toEqual(expected);
  });

  it('keeps reads working through the alias the whole time', async () => {
    await seed(300);
    let done = false;
    const counts: number[] = [];
    const reader = (async () => {
      while (!done) {
        counts.push(await repository.count('places'));
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await reindexer({ pageSize: 10, inFlightGraceMs: 50 }).reindex('places');
    done = true;
    await reader;
    expect(counts.length).toBeGreaterThan(5);
    expect(new Set(counts)).toEqual(new Set([300]));
  });

  it('reindexes edges, paging by kind, a and b', async () => {
    const edges = Array.from({ length: 30 }, (_, i) =>
      sampleEdge({ kind: i % 2 ? 'block' : 'connection', a: `m${i}`, b: `n${i}` }),
    );
    await repository.putEdges(edges, 'immediate', false);
    const report = await reindexer({ pageSize: 7 }).reindex('member_edges');
    expect(report).toMatchObject({ from: 'member_edges_v1', to: 'member_edges_v2', copied: 30 });
    expect(await repository.count('member_edges')).toBe(30);
  });

  it('skips a version left by an unfinished run, and can delete the old index', async () => {
    await seed(5);
    await engineRequest(engine.client, { method: 'PUT', path: '/places_v2' });
    const report = await reindexer().reindex('places', { deleteOld: true });
    expect(report).toMatchObject({ from: 'places_v1', to: 'places_v3', oldIndexDeleted: true });
    const old = await engineRequest(engine.client, { method: 'HEAD', path: '/places_v1' }, { ignore: [404] });
    expect(old.statusCode).toBe(404);
  });

  it('on failure releases writes and deletes the unfinished index', async () => {
    await seed(10);
    const original = engine.client.transport.request.bind(engine.client.transport);
    jest.spyOn(engine.client.transport, 'request').mockImplementation(((
      params: { path: string },
      options: never,
    ) => {
      // The refresh of the old index happens while writes are held.
      if (params.path === '/places_v1/_refresh') return Promise.reject(new Error('disk on fire'));
      return original(params as never, options);
    }) as never);
    await expect(reindexer().reindex('places')).rejects.toThrow('refreshing places_v1 failed');
    expect(await aliasOf('places')).toEqual({ places_v1: { aliases: { places: {} } } });
    const unfinished = await engineRequest(
      engine.client,
      { method: 'HEAD', path: '/places_v2' },
      { ignore: [404] },
    );
    expect(unfinished.statusCode).toBe(404);
    expect(await repository.putPlaces([samplePlace({ id: 'after' })], 'none')).toEqual([
      { id: 'after', result: 'created', status: 201 },
    ]);
  });

  it('refuses to start while writes are held by another run', async () => {
    await engineRequest(engine.client, {
      method: 'POST',
      path: '/_aliases',
      body: { actions: [{ add: { index: 'places_v1', alias: 'places', is_write_index: false } }] },
    });
    await expect(reindexer().reindex('places')).rejects.toThrow('writes to places are held');
  });

  it('refuses an alias that does not exist', async () => {
    const other = new CatalogReindexer(engine.client, { names: new SearchNames('nope_') });
    await expect(other.reindex('places')).rejects.toThrow(
      'alias nope_places does not exist: run search:install first',
    );
  });
});
