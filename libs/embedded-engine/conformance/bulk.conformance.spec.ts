import { errorOf, openTarget, Target, TRANSPORTS, ndjson } from './target';

describe.each(TRANSPORTS)('_bulk (%s)', (transport) => {
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
      mappings: { properties: { n: { type: 'integer' }, tag: { type: 'keyword' } } },
    });
  });

  it('answers every action on its own, with errors flagged', async () => {
    await t.request('PUT', `/${index}/_doc/existing`, { n: 1 });
    const { status, body } = await t.request(
      'POST',
      '/_bulk',
      ndjson(
        { index: { _index: index, _id: 'a' } },
        { n: 1, tag: 'x' },
        { create: { _index: index, _id: 'existing' } },
        { n: 2 },
        { index: { _index: index, _id: 'bad' } },
        { n: 'not a number' },
        { update: { _index: index, _id: 'a' } },
        { doc: { tag: 'y' } },
        { delete: { _index: index, _id: 'missing' } },
        { delete: { _index: index, _id: 'existing' } },
      ),
      { refresh: 'true' },
    );
    expect(status).toBe(200);
    expect(body.errors).toBe(true);
    expect(typeof body.took).toBe('number');
    const summary = body.items.map(
      (item: Record<string, { status: number; result?: string; error?: { type: string } }>) => {
        const [action, r] = Object.entries(item)[0];
        return [action, r.status, r.result ?? r.error?.type];
      },
    );
    expect(summary).toEqual([
      ['index', 201, 'created'],
      ['create', 409, 'version_conflict_engine_exception'],
      ['index', 400, 'mapper_parsing_exception'],
      ['update', 200, 'updated'],
      ['delete', 404, 'not_found'],
      ['delete', 200, 'deleted'],
    ]);
    expect(body.items[0].index).toMatchObject({
      _index: index,
      _id: 'a',
      _version: 1,
      result: 'created',
      forced_refresh: true,
      _shards: { total: 1, successful: 1, failed: 0 },
      _primary_term: 1,
      status: 201,
    });
    expect(body.items[2].index.error).toEqual({
      type: 'mapper_parsing_exception',
      reason:
        "failed to parse field [n] of type [integer] in document with id 'bad'. Preview of field's value: 'not a number'",
      caused_by: expect.objectContaining({ type: expect.any(String) }),
    });
    expect((await t.request('GET', `/${index}/_count`)).body.count).toBe(1);
    expect((await t.request('GET', `/${index}/_doc/a`)).body._source).toEqual({ n: 1, tag: 'y' });
  });

  it('takes the index from the path', async () => {
    const { body } = await t.request('POST', `/${index}/_bulk`, ndjson({ index: { _id: '1' } }, { n: 5 }));
    expect(body.errors).toBe(false);
    expect(body.items[0].index._index).toBe(index);
  });

  it('through the client helper API', async () => {
    const response = await t.client.bulk({
      refresh: true,
      body: [
        { index: { _index: index, _id: 'h1' } },
        { n: 1 },
        { index: { _index: index, _id: 'h2' } },
        { n: 2 },
      ],
    });
    expect(response.body.errors).toBe(false);
    expect((await t.client.count({ index })).body.count).toBe(2);
  });

  it('refuses a body without the final newline', async () => {
    const { status, json } = await t.raw(
      'POST',
      '/_bulk',
      `${JSON.stringify({ index: { _index: index, _id: '1' } })}\n${JSON.stringify({ n: 1 })}`,
      'application/x-ndjson',
    );
    expect(status).toBe(400);
    expect(errorOf(json)).toEqual({
      type: 'illegal_argument_exception',
      reason: 'The bulk request must be terminated by a newline [\\n]',
      status: 400,
    });
  });

  it('refuses an unknown action, naming the line', async () => {
    const { status, json } = await t.raw(
      'POST',
      '/_bulk',
      ndjson({ upsert: { _index: index } }, { n: 1 }),
      'application/x-ndjson',
    );
    expect(status).toBe(400);
    expect(errorOf(json).reason).toBe(
      'Malformed action/metadata line [1], expected one of [create, delete, index, update] but found [upsert]',
    );
  });

  it('refuses an unknown action parameter', async () => {
    const { status, json } = await t.raw(
      'POST',
      '/_bulk',
      ndjson({ index: { _index: index, _idd: '1' } }, { n: 1 }),
      'application/x-ndjson',
    );
    expect(status).toBe(400);
    expect(errorOf(json).reason).toBe('Action/metadata line [1] contains an unknown parameter [_idd]');
  });

  it('concurrent bulk requests all land, each id once', async () => {
    const batches = Array.from({ length: 8 }, (_, b) =>
      ndjson(
        ...Array.from({ length: 50 }, (_, i) => [
          { index: { _index: index, _id: `${b}-${i}` } },
          { n: i },
        ]).flat(),
      ),
    );
    const results = await Promise.all(batches.map((body) => t.request('POST', '/_bulk', body)));
    expect(results.every((r) => r.body.errors === false)).toBe(true);
    await t.request('POST', `/${index}/_refresh`);
    expect((await t.request('GET', `/${index}/_count`)).body.count).toBe(400);
    const seqNos = results.flatMap((r) =>
      r.body.items.map((i: { index: { _seq_no: number } }) => i.index._seq_no),
    );
    expect(new Set(seqNos).size).toBe(400);
  });
});
