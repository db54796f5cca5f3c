import { openTarget, Target, TRANSPORTS, ndjson } from './target';

describe.each(TRANSPORTS)('_search response shape (%s)', (transport) => {
  let t: Target;
  let index: string;
  beforeAll(async () => {
    t = await openTarget(transport);
    index = t.indexName('search');
    await t.request('PUT', `/${index}`, {
      settings: { number_of_replicas: 0 },
      mappings: {
        properties: { city: { type: 'keyword' }, n: { type: 'integer' }, meta: { type: 'object' } },
      },
    });
    await t.request(
      'POST',
      `/${index}/_bulk`,
      ndjson(
        { index: { _id: 'a' } },
        { city: 'Lisbon', n: 1, meta: { x: 1, y: 2 } },
        { index: { _id: 'b' } },
        { city: 'Porto', n: 2, meta: { x: 3, y: 4 } },
        { index: { _id: 'c' } },
        { city: 'Lisbon', n: 3 },
      ),
      { refresh: 'true' },
    );
  });
  afterAll(() => t.close());

  it('answers with took, timed_out, _shards and hits as OpenSearch does', async () => {
    const { status, body } = await t.request('POST', `/${index}/_search`, {
      query: { term: { city: 'Lisbon' } },
    });
    expect(status).toBe(200);
    expect(typeof body.took).toBe('number');
    expect(body.timed_out).toBe(false);
    expect(body._shards).toEqual({ total: 1, successful: 1, skipped: 0, failed: 0 });
    expect(body.hits.total).toEqual({ value: 2, relation: 'eq' });
    expect(body.hits.max_score).toBe(1);
    expect(body.hits.hits[0]).toEqual({
      _index: index,
      _id: 'a',
      _score: 1,
      _source: { city: 'Lisbon', n: 1, meta: { x: 1, y: 2 } },
    });
  });

  it('writes scores as Java floats', async () => {
    const raw = await t.raw('POST', `/${index}/_search`, { query: { match_all: { boost: 0.1 } }, size: 1 });
    // (float) 0.1 is written with float digits, not as the double 0.10000000149011612.
    expect(raw.text).toContain('"max_score":0.1,');
    expect(raw.text).toContain('"_score":0.1,');
  });

  it('filters _source from the body and the URL', async () => {
    const body = await t.request('POST', `/${index}/_search`, {
      _source: ['meta.x'],
      query: { ids: { values: ['a'] } },
    });
    expect(body.body.hits.hits[0]._source).toEqual({ meta: { x: 1 } });
    const none = await t.request(
      'POST',
      `/${index}/_search`,
      { query: { ids: { values: ['a'] } } },
      { _source: false },
    );
    expect(none.body.hits.hits[0]._source).toBeUndefined();
    const excludes = await t.request('POST', `/${index}/_search`, {
      _source: { excludes: ['meta'] },
      query: { ids: { values: ['b'] } },
    });
    expect(excludes.body.hits.hits[0]._source).toEqual({ city: 'Porto', n: 2 });
  });

  it('adds _version, _seq_no and _primary_term on request', async () => {
    const { body } = await t.request('POST', `/${index}/_search`, {
      query: { ids: { values: ['b'] } },
      version: true,
      seq_no_primary_term: true,
    });
    expect(body.hits.hits[0]).toMatchObject({ _id: 'b', _version: 1, _seq_no: 1, _primary_term: 1 });
  });

  it('leaves out the total with track_total_hits=false and gives a number with rest_total_hits_as_int', async () => {
    const off = await t.request('POST', `/${index}/_search`, { track_total_hits: false });
    expect(off.body.hits.total).toBeUndefined();
    const asInt = await t.request('POST', `/${index}/_search`, {}, { rest_total_hits_as_int: true });
    expect(asInt.body.hits.total).toBe(3);
  });

  it('explains scores', async () => {
    const { body } = await t.request('POST', `/${index}/_search`, {
      explain: true,
      query: { bool: { must: [{ term: { city: 'Lisbon' } }], filter: [{ term: { n: 1 } }] } },
    });
    const hit = body.hits.hits[0];
    expect(hit._shard).toBe(`[${index}][0]`);
    expect(typeof hit._node).toBe('string');
    expect(hit._explanation.value).toBe(1);
    expect(hit._explanation.description).toBe('sum of:');
    expect(hit._explanation.details[0]).toMatchObject({ value: 1, details: [] });
  });

  it('searches several indices, patterns and filtered aliases', async () => {
    const other = t.indexName('search');
    await t.request('PUT', `/${other}`, {
      settings: { number_of_replicas: 0 },
      mappings: { properties: { city: { type: 'keyword' } } },
    });
    await t.request('PUT', `/${other}/_doc/z`, { city: 'Lisbon' }, { refresh: 'true' });
    const both = await t.request('POST', `/${index},${other}/_search`, {
      query: { term: { city: 'Lisbon' } },
    });
    expect(both.body.hits.total.value).toBe(3);
    expect(both.body._shards.total).toBe(2);
    const alias = `${index}-lisbon`;
    await t.request('POST', '/_aliases', {
      actions: [{ add: { index, alias, filter: { term: { city: 'Lisbon' } } } }],
    });
    const filtered = await t.request('POST', `/${alias}/_search`, { sort: [{ n: 'asc' }] });
    expect(filtered.body.hits.hits.map((h: { _id: string }) => h._id)).toEqual(['a', 'c']);
    expect((await t.request('POST', `/${alias}/_count`)).body.count).toBe(2);
  });

  it('sees a write after a refresh, not before (refresh_interval -1)', async () => {
    const name = t.indexName('nrt');
    await t.request('PUT', `/${name}`, { settings: { refresh_interval: '-1', number_of_replicas: 0 } });
    await t.request('PUT', `/${name}/_doc/1`, { a: 1 });
    expect((await t.request('POST', `/${name}/_search`)).body.hits.total.value).toBe(0);
    await t.request('POST', `/${name}/_refresh`);
    expect((await t.request('POST', `/${name}/_search`)).body.hits.total.value).toBe(1);
    await t.request('DELETE', `/${name}/_doc/1`);
    await t.request('PUT', `/${name}/_doc/2`, { a: 2 });
    await t.request('POST', `/${name}/_refresh`);
    const after = await t.request('POST', `/${name}/_search`);
    expect(after.body.hits.hits.map((h: { _id: string }) => h._id)).toEqual(['2']);
  });

  it('a missing index is 404, and ignore_unavailable skips it', async () => {
    const missing = await t.request('POST', `/${index}-nope/_search`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.type).toBe('index_not_found_exception');
    const skipped = await t.request(
      'POST',
      `/${index},${index}-nope/_search`,
      {},
      { ignore_unavailable: true },
    );
    expect(skipped.body.hits.total.value).toBe(3);
  });

  it('searches through the official client API', async () => {
    const response = await t.client.search({ index, body: { query: { term: { city: 'Porto' } } } as never });
    expect(response.body.hits.hits.map((h) => h._id)).toEqual(['b']);
  });
});
