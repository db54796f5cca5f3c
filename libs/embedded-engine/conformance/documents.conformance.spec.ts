import { errorOf, ndjson, openTarget, Target, TRANSPORTS } from './target';

describe.each(TRANSPORTS)('document APIs (%s)', (transport) => {
  let t: Target;
  let index: string;
  beforeAll(async () => {
    t = await openTarget(transport);
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    index = t.indexName();
    await t.request('PUT', `/${index}`, {
      settings: { number_of_replicas: 0 },
      mappings: {
        properties: { name: { type: 'text' }, city: { type: 'keyword' }, rating: { type: 'float' } },
      },
    });
  });

  it('indexes, reads, overwrites and deletes a document with versions and sequence numbers', async () => {
    const created = await t.request('PUT', `/${index}/_doc/p1`, {
      name: 'Museu',
      city: 'Lisbon',
      rating: 4.5,
    });
    expect(created).toEqual({
      status: 201,
      body: {
        _index: index,
        _id: 'p1',
        _version: 1,
        result: 'created',
        _shards: { total: 1, successful: 1, failed: 0 },
        _seq_no: 0,
        _primary_term: 1,
      },
    });
    const got = await t.request('GET', `/${index}/_doc/p1`);
    expect(got).toEqual({
      status: 200,
      body: {
        _index: index,
        _id: 'p1',
        _version: 1,
        _seq_no: 0,
        _primary_term: 1,
        found: true,
        _source: { name: 'Museu', city: 'Lisbon', rating: 4.5 },
      },
    });
    const updated = await t.request('PUT', `/${index}/_doc/p1`, { name: 'Museu 2' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ result: 'updated', _version: 2, _seq_no: 1 });

    const deleted = await t.request('DELETE', `/${index}/_doc/p1`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ result: 'deleted', _version: 3, _seq_no: 2 });
    expect(await t.request('GET', `/${index}/_doc/p1`)).toEqual({
      status: 404,
      body: { _index: index, _id: 'p1', found: false },
    });
    const again = await t.request('DELETE', `/${index}/_doc/p1`);
    expect(again.status).toBe(404);
    expect(again.body.result).toBe('not_found');
    // Re-indexing after a delete continues the version (the delete's tombstone is remembered).
    const recreated = await t.request('PUT', `/${index}/_doc/p1`, { name: 'Back' });
    expect(recreated.status).toBe(201);
    expect(recreated.body).toMatchObject({ result: 'created', _version: 5 });
  });

  it('returns _source exactly as it was given', async () => {
    const source = '{"name":"Café","rating":4.0,"tags":["a","b"],"nested":{"x":1.50}}';
    await t.raw('PUT', `/${index}/_doc/raw`, source);
    const got = await t.raw('GET', `/${index}/_doc/raw`);
    expect(got.text).toContain(`"_source":${source}`);
  });

  it('filters _source with _source, _source_includes and _source_excludes', async () => {
    await t.request('PUT', `/${index}/_doc/1`, { name: 'A', city: 'Porto', meta: { a: 1, b: 2 } });
    expect(
      (await t.request('GET', `/${index}/_doc/1`, undefined, { _source: false })).body._source,
    ).toBeUndefined();
    expect(
      (await t.request('GET', `/${index}/_doc/1`, undefined, { _source_includes: 'name,meta.a' })).body
        ._source,
    ).toEqual({
      name: 'A',
      meta: { a: 1 },
    });
    expect(
      (await t.request('GET', `/${index}/_doc/1`, undefined, { _source_excludes: 'meta' })).body._source,
    ).toEqual({
      name: 'A',
      city: 'Porto',
    });
    expect(
      (await t.request('GET', `/${index}/_source/1`, undefined, { _source_includes: 'city' })).body,
    ).toEqual({
      city: 'Porto',
    });
  });

  it('generates ids for POST /_doc', async () => {
    const { status, body } = await t.request('POST', `/${index}/_doc`, { name: 'x' });
    expect(status).toBe(201);
    expect(body._id).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect((await t.request('GET', `/${index}/_doc/${body._id}`)).body._source).toEqual({ name: 'x' });
  });

  it('_create and op_type=create refuse an existing id with 409', async () => {
    await t.request('PUT', `/${index}/_create/1`, { name: 'first' });
    const conflict = await t.request('PUT', `/${index}/_create/1`, { name: 'second' });
    expect(conflict.status).toBe(409);
    expect(conflict.body.error).toMatchObject({
      type: 'version_conflict_engine_exception',
      reason: '[1]: version conflict, document already exists (current version [1])',
      index,
    });
    const viaParam = await t.request('PUT', `/${index}/_doc/1`, { name: 'third' }, { op_type: 'create' });
    expect(viaParam.status).toBe(409);
    expect((await t.request('GET', `/${index}/_doc/1`)).body._source).toEqual({ name: 'first' });
  });

  it('enforces if_seq_no / if_primary_term', async () => {
    await t.request('PUT', `/${index}/_doc/1`, { name: 'v1' });
    await t.request('PUT', `/${index}/_doc/1`, { name: 'v2' });
    const stale = await t.request(
      'PUT',
      `/${index}/_doc/1`,
      { name: 'stale' },
      { if_seq_no: 0, if_primary_term: 1 },
    );
    expect(stale.status).toBe(409);
    expect(errorOf(stale.body)).toEqual({
      type: 'version_conflict_engine_exception',
      reason:
        '[1]: version conflict, required seqNo [0], primary term [1]. current document has seqNo [1] and primary term [1]',
      status: 409,
    });
    const fresh = await t.request(
      'PUT',
      `/${index}/_doc/1`,
      { name: 'fresh' },
      { if_seq_no: 1, if_primary_term: 1 },
    );
    expect(fresh.status).toBe(200);
    expect(fresh.body._seq_no).toBe(2);
    const missing = await t.request('DELETE', `/${index}/_doc/none`, undefined, {
      if_seq_no: 0,
      if_primary_term: 1,
    });
    expect(missing.status).toBe(409);
    expect(errorOf(missing.body).reason).toBe(
      '[none]: version conflict, required seqNo [0], primary term [1]. but no document was found',
    );
  });

  it('updates with doc, detects no-ops, and upserts', async () => {
    await t.request('PUT', `/${index}/_doc/1`, { name: 'A', meta: { a: 1 } });
    const merged = await t.request('POST', `/${index}/_update/1`, { doc: { meta: { b: 2 }, city: 'Faro' } });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ result: 'updated', _version: 2 });
    expect((await t.request('GET', `/${index}/_doc/1`)).body._source).toEqual({
      name: 'A',
      meta: { a: 1, b: 2 },
      city: 'Faro',
    });
    const noop = await t.request('POST', `/${index}/_update/1`, { doc: { city: 'Faro' } });
    expect(noop.body).toMatchObject({
      result: 'noop',
      _version: 2,
      _shards: { total: 0, successful: 0, failed: 0 },
    });

    const missing = await t.request('POST', `/${index}/_update/2`, { doc: { name: 'B' } });
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({
      type: 'document_missing_exception',
      reason: '[2]: document missing',
    });

    const docAsUpsert = await t.request('POST', `/${index}/_update/2`, {
      doc: { name: 'B' },
      doc_as_upsert: true,
    });
    expect(docAsUpsert.status).toBe(201);
    expect(docAsUpsert.body.result).toBe('created');
    const upsert = await t.request('POST', `/${index}/_update/3`, {
      doc: { name: 'C2' },
      upsert: { name: 'C' },
    });
    expect(upsert.body.result).toBe('created');
    expect((await t.request('GET', `/${index}/_doc/3`)).body._source).toEqual({ name: 'C' });

    const empty = await t.request('POST', `/${index}/_update/1`, {});
    expect(empty.status).toBe(400);
    expect(errorOf(empty.body)).toEqual({
      type: 'action_request_validation_exception',
      reason: 'Validation Failed: 1: script or doc is missing;',
      status: 400,
    });
  });

  it('update returns the updated source when asked, from _update and from _bulk', async () => {
    await t.request('PUT', `/${index}/_doc/1`, { name: 'A', city: 'Porto' });
    const single = await t.request('POST', `/${index}/_update/1`, {
      doc: { city: 'Faro' },
      _source: ['city'],
    });
    expect(single.body.get).toEqual({ _seq_no: 1, _primary_term: 1, found: true, _source: { city: 'Faro' } });
    const bulk = await t.request(
      'POST',
      '/_bulk',
      ndjson({ update: { _index: index, _id: '1' } }, { doc: { city: 'Braga' }, _source: true }),
    );
    expect(bulk.body.items[0].update.get).toEqual({
      _seq_no: 2,
      _primary_term: 1,
      found: true,
      _source: { name: 'A', city: 'Braga' },
    });
  });

  it('_mget returns documents in order, found or not', async () => {
    await t.request('PUT', `/${index}/_doc/1`, { name: 'one' });
    await t.request('PUT', `/${index}/_doc/2`, { name: 'two' });
    const { status, body } = await t.request('POST', `/${index}/_mget`, { ids: ['2', 'x', '1'] });
    expect(status).toBe(200);
    expect(body.docs.map((d: { _id: string; found: boolean }) => [d._id, d.found])).toEqual([
      ['2', true],
      ['x', false],
      ['1', true],
    ]);
    const across = await t.request('POST', '/_mget', {
      docs: [
        { _index: index, _id: '1', _source: ['name'] },
        { _index: `${index}-missing`, _id: '1' },
      ],
    });
    expect(across.body.docs[0]._source).toEqual({ name: 'one' });
    expect(across.body.docs[1].error.type).toBe('index_not_found_exception');
    const noIndex = await t.request('POST', '/_mget', { ids: ['1'] });
    expect(noIndex.status).toBe(400);
    expect(errorOf(noIndex.body).reason).toBe('Validation Failed: 1: index is missing for doc 0;');
  });

  it('refuses a value a field cannot take, naming the field, and keeps what was stored', async () => {
    await t.request('PUT', `/${index}/_doc/1`, { rating: 4 });
    const { status, body } = await t.request('PUT', `/${index}/_doc/1`, { rating: 'excellent' });
    expect(status).toBe(400);
    expect(errorOf(body)).toEqual({
      type: 'mapper_parsing_exception',
      reason:
        "failed to parse field [rating] of type [float] in document with id '1'. Preview of field's value: 'excellent'",
      status: 400,
    });
    expect((await t.request('GET', `/${index}/_doc/1`)).body).toMatchObject({
      _version: 1,
      _source: { rating: 4 },
    });
  });

  it('refuses malformed JSON as a mapper_parsing_exception', async () => {
    const { status, json } = await t.raw('PUT', `/${index}/_doc/1`, '{"name": ');
    expect(status).toBe(400);
    expect(json.error.type).toBe('mapper_parsing_exception');
    expect(json.error.reason).toBe('failed to parse');
    expect(json.error.caused_by.type).toBe('json_parse_exception');
  });

  it('creates a missing index on first write, with dynamic mappings', async () => {
    const auto = t.indexName('auto');
    const created = await t.request('PUT', `/${auto}/_doc/1`, {
      title: 'hello',
      count: 3,
      score: 1.5,
      ok: true,
      when: '2024-05-01T10:00:00Z',
    });
    expect(created.status).toBe(201);
    const { body } = await t.request('GET', `/${auto}/_mapping`);
    expect(body[auto].mappings.properties).toEqual({
      title: { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } },
      count: { type: 'long' },
      score: { type: 'float' },
      ok: { type: 'boolean' },
      when: { type: 'date' },
    });
  });

  it('refresh=wait_for answers once the write is searchable', async () => {
    const { status, body } = await t.request(
      'PUT',
      `/${index}/_doc/1`,
      { name: 'x' },
      { refresh: 'wait_for' },
    );
    expect(status).toBe(201);
    expect(body.forced_refresh).toBeUndefined();
    expect((await t.request('GET', `/${index}/_count`)).body.count).toBe(1);
    const forced = await t.request('PUT', `/${index}/_doc/2`, { name: 'y' }, { refresh: 'true' });
    expect(forced.body.forced_refresh).toBe(true);
    expect((await t.request('GET', `/${index}/_count`)).body.count).toBe(2);
  });
});
