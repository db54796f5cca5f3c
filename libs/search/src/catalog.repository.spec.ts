import { errors } from '@opensearch-project/opensearch';
import { CatalogRepository } from './catalog.repository';
import { engineRequest } from './engine-request';
import { openTestEngine, sampleEdge, sampleMember, samplePlace, TestEngine } from './search.spec-helpers';

describe('CatalogRepository', () => {
  let engine: TestEngine;
  let repository: CatalogRepository;
  beforeEach(async () => {
    engine = await openTestEngine();
    repository = new CatalogRepository(engine.client, { names: engine.names, writeRetryMs: 5_000 });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await engine.close();
  });

  const source = async (index: string, id: string) => {
    const answer = await engineRequest<{ found: boolean; _source?: Record<string, unknown> }>(
      engine.client,
      { method: 'GET', path: `/${index}/_doc/${id}` },
      { ignore: [404] },
    );
    return answer.body.found ? answer.body._source : undefined;
  };

  it('with wait_for, returns once the write is visible to searches', async () => {
    await repository.putPlaces([samplePlace({ id: 'a' })], 'wait_for');
    expect(await repository.count('places')).toBe(1);
  });

  it('puts places whole, one result per item in input order; a second put updates', async () => {
    const a = samplePlace({ id: 'a' });
    const b = samplePlace({ id: 'b', name: 'B' });
    expect(await repository.putPlaces([a, b], 'immediate')).toEqual([
      { id: 'a', result: 'created', status: 201 },
      { id: 'b', result: 'created', status: 201 },
    ]);
    expect(await repository.putPlaces([{ ...a, name: 'A2' }], 'immediate')).toEqual([
      { id: 'a', result: 'updated', status: 200 },
    ]);
    expect((await source('places', 'a'))?.name).toBe('A2');
    expect(await repository.count('places')).toBe(2);
  });

  it('deletes idempotently: deleted, then not_found', async () => {
    await repository.putMembers([sampleMember({ id: 'm1' })], 'immediate');
    expect(await repository.deleteMembers(['m1', 'm2'], 'immediate')).toEqual([
      { id: 'm1', result: 'deleted', status: 200 },
      { id: 'm2', result: 'not_found', status: 404 },
    ]);
    expect(await repository.deleteMembers(['m1'], 'immediate')).toEqual([
      { id: 'm1', result: 'not_found', status: 404 },
    ]);
  });

  it('stores members as engine documents: zero stats filled in, private fields kept for the engine', async () => {
    const { stats: _stats, ...withoutStats } = sampleMember({ id: 'm1' });
    await repository.putMembers([withoutStats], 'immediate');
    const stored = await source('members', 'm1');
    expect(stored?.stats).toEqual({
      impressions7d: 0,
      likesReceived7d: 0,
      passesReceived7d: 0,
      connectionCount: 0,
    });
    expect(stored?.email).toBe('ana@example.com');
  });

  it('keeps an existing edge as it is when asked, under one id per pair for connections', async () => {
    const block = sampleEdge({ kind: 'block', a: 'x', b: 'y', createdAt: '2025-01-01T00:00:00Z' });
    expect(await repository.putEdges([block], 'immediate', true)).toEqual([
      { id: 'block:x:y', result: 'created', status: 201 },
    ]);
    expect(
      await repository.putEdges([{ ...block, createdAt: '2025-02-02T00:00:00Z' }], 'immediate', true),
    ).toEqual([{ id: 'block:x:y', result: 'exists', status: 200 }]);
    expect((await source('member_edges', 'block:x:y'))?.createdAt).toBe('2025-01-01T00:00:00Z');
    const connection = sampleEdge({ kind: 'connection', a: 'z', b: 'x' });
    expect(await repository.putEdges([connection], 'immediate', true)).toEqual([
      { id: 'connection:x:z', result: 'created', status: 201 },
    ]);
    expect(await repository.deleteEdges([{ kind: 'connection', a: 'z', b: 'x' }], 'immediate')).toEqual([
      { id: 'connection:x:z', result: 'deleted', status: 200 },
    ]);
  });

  it('reports a document the engine refuses as failed with its reason, and stores the others', async () => {
    const bad = { ...samplePlace({ id: 'bad' }), unknownField: 1 } as never;
    const results = await repository.putPlaces([samplePlace({ id: 'ok' }), bad], 'immediate');
    expect(results[0]).toEqual({ id: 'ok', result: 'created', status: 201 });
    // The mapper copies known fields only, so the document is stored without the unknown field.
    expect(results[1]).toEqual({ id: 'bad', result: 'created', status: 201 });
    const vector = samplePlace({ id: 'short', embedding: [1, 2, 3] });
    const [refused] = await repository.putPlaces([vector], 'immediate');
    expect(refused).toMatchObject({
      id: 'short',
      result: 'failed',
      status: 400,
      error: { type: 'mapper_parsing_exception' },
    });
  });

  it('writes through the alias and never creates an index when the alias is missing', async () => {
    await engineRequest(engine.client, {
      method: 'POST',
      path: '/_aliases',
      body: { actions: [{ remove: { index: 'places_v1', alias: 'places' } }] },
    });
    const [result] = await repository.putPlaces([samplePlace({ id: 'a' })], 'none');
    expect(result).toMatchObject({ result: 'failed', status: 404 });
    const exists = await engineRequest(engine.client, { method: 'HEAD', path: '/places' }, { ignore: [404] });
    expect(exists.statusCode).toBe(404);
  });

  it('waits while a reindex holds writes back, then writes to the new index', async () => {
    await engineRequest(engine.client, {
      method: 'POST',
      path: '/_aliases',
      body: { actions: [{ add: { index: 'places_v1', alias: 'places', is_write_index: false } }] },
    });
    const writing = repository.putPlaces([samplePlace({ id: 'held' })], 'none');
    await new Promise((resolve) => setTimeout(resolve, 150));
    await engineRequest(engine.client, { method: 'PUT', path: '/places_v2' });
    await engineRequest(engine.client, {
      method: 'POST',
      path: '/_aliases',
      body: {
        actions: [
          { remove: { index: 'places_v1', alias: 'places' } },
          { add: { index: 'places_v2', alias: 'places' } },
        ],
      },
    });
    expect(await writing).toEqual([{ id: 'held', result: 'created', status: 201 }]);
    expect(await source('places_v2', 'held')).toBeDefined();
    expect(await source('places_v1', 'held')).toBeUndefined();
  });

  it('gives up on held writes after writeRetryMs with status 503', async () => {
    repository = new CatalogRepository(engine.client, { names: engine.names, writeRetryMs: 100 });
    await engineRequest(engine.client, {
      method: 'POST',
      path: '/_aliases',
      body: { actions: [{ add: { index: 'places_v1', alias: 'places', is_write_index: false } }] },
    });
    const [result] = await repository.putPlaces([samplePlace({ id: 'a' })], 'none');
    expect(result).toMatchObject({
      id: 'a',
      result: 'failed',
      status: 503,
      error: { type: 'illegal_argument_exception' },
    });
  });

  it('resends a request that failed transiently (writes are idempotent)', async () => {
    const original = engine.client.transport.request.bind(engine.client.transport);
    let failures = 1;
    jest.spyOn(engine.client.transport, 'request').mockImplementation(((params: never, options: never) => {
      if (failures-- > 0) return Promise.reject(new errors.TimeoutError('Request timed out', {} as never));
      return original(params, options);
    }) as never);
    expect(await repository.putPlaces([samplePlace({ id: 'a' })], 'immediate')).toEqual([
      { id: 'a', result: 'created', status: 201 },
    ]);
  });

  it('throws a SearchEngineError when the engine stays unreachable', async () => {
    repository = new CatalogRepository(engine.client, { names: engine.names, writeRetryMs: 50 });
    jest
      .spyOn(engine.client.transport, 'request')
      .mockImplementation((() =>
        Promise.reject(new errors.ConnectionError('connect ECONNREFUSED'))) as never);
    await expect(repository.putPlaces([samplePlace({ id: 'a' })], 'none')).rejects.toThrow(
      'writing 1 places failed: no answer ConnectionError',
    );
  });

  it('splits large writes into bulk requests of bulkSize', async () => {
    repository = new CatalogRepository(engine.client, { names: engine.names, bulkSize: 2 });
    const spy = jest.spyOn(engine.client.transport, 'request');
    const places = ['a', 'b', 'c', 'd', 'e'].map((id) => samplePlace({ id }));
    const results = await repository.putPlaces(places, 'none');
    expect(results.map((r) => r.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(spy.mock.calls.filter(([p]) => p.path === '/_bulk')).toHaveLength(3);
  });

  it('looks up categories and industries of the ids it finds', async () => {
    await repository.putPlaces([samplePlace({ id: 'p1', categories: ['cafe', 'bakery'] })], 'immediate');
    await repository.putMembers([sampleMember({ id: 'm1', industries: ['film'] })], 'immediate');
    expect(await repository.placeCategories(['p1', 'nope', 'p1'])).toEqual(
      new Map([['p1', ['cafe', 'bakery']]]),
    );
    expect(await repository.memberIndustries(['m1'])).toEqual(new Map([['m1', ['film']]]));
    expect(await repository.existing('places', ['p1', 'p2'])).toEqual(new Set(['p1']));
  });
});
