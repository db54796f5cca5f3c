import { errorOf, openTarget, Target, TRANSPORTS } from './target';

describe.each(TRANSPORTS)('cluster and index APIs (%s)', (transport) => {
  let t: Target;
  beforeAll(async () => {
    t = await openTarget(transport);
  });
  afterAll(() => t.close());

  it('GET / names the OpenSearch 3.x distribution, so the official client accepts it', async () => {
    const { status, body } = await t.request('GET', '/');
    expect(status).toBe(200);
    expect(body.version.distribution).toBe('opensearch');
    expect(body.version.number).toMatch(/^3\.\d+\.\d+$/);
    expect(body.tagline).toBe('The OpenSearch Project: https://opensearch.org/');
    const info = await t.client.info();
    expect(info.body.version.distribution).toBe('opensearch');
  });

  it('GET /_cluster/health reports the cluster and its shards', async () => {
    const name = t.indexName();
    await t.request('PUT', `/${name}`, { settings: { number_of_shards: 1, number_of_replicas: 0 } });
    const { status, body } = await t.request('GET', `/_cluster/health/${name}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      status: 'green',
      timed_out: false,
      active_primary_shards: 1,
      unassigned_shards: 0,
    });
    expect(body.number_of_nodes).toBeGreaterThanOrEqual(1);
  });

  it('creates an index and answers as OpenSearch does', async () => {
    const name = t.indexName();
    const created = await t.client.indices.create({
      index: name,
      body: {
        settings: { index: { number_of_shards: 1, number_of_replicas: 0, refresh_interval: '5s' } },
        mappings: { properties: { title: { type: 'text' }, tag: { type: 'keyword' } } },
        aliases: { [`${name}-alias`]: {} },
      },
    });
    expect(created.body).toEqual({ acknowledged: true, shards_acknowledged: true, index: name });

    const { body } = await t.request('GET', `/${name}`);
    const index = body[name];
    expect(index.aliases).toEqual({ [`${name}-alias`]: {} });
    expect(index.mappings).toEqual({ properties: { title: { type: 'text' }, tag: { type: 'keyword' } } });
    expect(index.settings.index).toMatchObject({
      number_of_shards: '1',
      number_of_replicas: '0',
      refresh_interval: '5s',
      provided_name: name,
    });
    expect(index.settings.index.uuid).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(Number(index.settings.index.creation_date)).toBeGreaterThan(1_600_000_000_000);
    expect(index.settings.index.version.created).toMatch(/^\d+$/);

    const flat = await t.request('GET', `/${name}/_settings`, undefined, { flat_settings: true });
    expect(flat.body[name].settings['index.number_of_replicas']).toBe('0');
  });

  it('refuses to create an index twice', async () => {
    const name = t.indexName();
    await t.request('PUT', `/${name}`);
    const { status, body } = await t.request('PUT', `/${name}`);
    expect(status).toBe(400);
    expect(errorOf(body).type).toBe('resource_already_exists_exception');
    expect(errorOf(body).reason).toMatch(
      new RegExp(`^index \\[${name}/[A-Za-z0-9_-]{22}\\] already exists$`),
    );
    expect(body.error.root_cause[0].type).toBe('resource_already_exists_exception');
    expect(body.error.index).toBe(name);
  });

  it.each([
    ['UpperCase', 'Invalid index name [UpperCase], must be lowercase'],
    ['-dash', "Invalid index name [-dash], must not start with '_', '-', or '+'"],
    [
      'a*b',
      'Invalid index name [a*b], must not contain the following characters [ , ", *, \\, <, |, ,, >, /, ?]',
    ],
  ])('refuses the index name %s', async (name, reason) => {
    const { status, json } = await t.raw('PUT', `/${encodeURIComponent(name)}`);
    expect(status).toBe(400);
    expect(errorOf(json)).toEqual({ type: 'invalid_index_name_exception', reason, status: 400 });
  });

  it('refuses unknown settings, naming them', async () => {
    const { status, body } = await t.request('PUT', `/${t.indexName()}`, {
      settings: { number_of_shard: 1 },
    });
    expect(status).toBe(400);
    expect(errorOf(body).type).toBe('illegal_argument_exception');
    expect(errorOf(body).reason).toBe(
      'unknown setting [index.number_of_shard] did you mean [index.number_of_shards]? please check that any required plugins are installed, or check the breaking changes documentation for removed settings',
    );
  });

  it('refuses a bad setting value', async () => {
    const { status, body } = await t.request('PUT', `/${t.indexName()}`, {
      settings: { number_of_shards: 0 },
    });
    expect(status).toBe(400);
    expect(errorOf(body)).toEqual({
      type: 'illegal_argument_exception',
      reason: 'Failed to parse value [0] for setting [index.number_of_shards] must be >= 1',
      status: 400,
    });
  });

  it('HEAD tells whether an index exists', async () => {
    const name = t.indexName();
    expect((await t.client.indices.exists({ index: name })).body).toBe(false);
    await t.request('PUT', `/${name}`);
    expect((await t.client.indices.exists({ index: name })).body).toBe(true);
  });

  it('deletes an index; a missing one is 404 index_not_found_exception', async () => {
    const name = t.indexName();
    await t.request('PUT', `/${name}`);
    expect(await t.request('DELETE', `/${name}`)).toEqual({ status: 200, body: { acknowledged: true } });
    const { status, body } = await t.request('GET', `/${name}`);
    expect(status).toBe(404);
    expect(body.error).toMatchObject({
      type: 'index_not_found_exception',
      reason: `no such index [${name}]`,
      index: name,
      'resource.type': 'index_or_alias',
      'resource.id': name,
      index_uuid: '_na_',
    });
    expect(body.error.root_cause[0].type).toBe('index_not_found_exception');
    expect(body.status).toBe(404);
  });

  it('adds fields with PUT _mapping and refuses changing a field type', async () => {
    const name = t.indexName();
    await t.request('PUT', `/${name}`, { mappings: { properties: { title: { type: 'text' } } } });
    const added = await t.request('PUT', `/${name}/_mapping`, { properties: { rating: { type: 'float' } } });
    expect(added).toEqual({ status: 200, body: { acknowledged: true } });
    const { body } = await t.request('GET', `/${name}/_mapping`);
    expect(body[name].mappings.properties).toEqual({ title: { type: 'text' }, rating: { type: 'float' } });

    const conflict = await t.request('PUT', `/${name}/_mapping`, {
      properties: { title: { type: 'keyword' } },
    });
    expect(conflict.status).toBe(400);
    expect(errorOf(conflict.body)).toEqual({
      type: 'illegal_argument_exception',
      reason: 'mapper [title] cannot be changed from type [text] to [keyword]',
      status: 400,
    });
    const after = await t.request('GET', `/${name}/_mapping`);
    expect(after.body[name].mappings.properties.title).toEqual({ type: 'text' });
  });

  it('refresh makes writes searchable; refresh_interval -1 holds them back until then', async () => {
    const name = t.indexName();
    await t.request('PUT', `/${name}`, { settings: { refresh_interval: '-1', number_of_replicas: 0 } });
    await t.request('PUT', `/${name}/_doc/1`, { a: 1 });
    expect((await t.request('GET', `/${name}/_count`)).body.count).toBe(0);
    // A real-time GET sees it before any refresh.
    expect((await t.request('GET', `/${name}/_doc/1`)).body.found).toBe(true);
    const refreshed = await t.request('POST', `/${name}/_refresh`);
    expect(refreshed).toEqual({ status: 200, body: { _shards: { total: 1, successful: 1, failed: 0 } } });
    expect((await t.request('GET', `/${name}/_count`)).body).toEqual({
      count: 1,
      _shards: { total: 1, successful: 1, skipped: 0, failed: 0 },
    });
  });

  it('the default refresh interval makes a write searchable within about a second', async () => {
    const name = t.indexName();
    await t.request('PUT', `/${name}`);
    await t.request('PUT', `/${name}/_doc/1`, { a: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect((await t.request('GET', `/${name}/_count`)).body.count).toBe(1);
  });

  it('lists indices with _cat/indices?format=json', async () => {
    const name = t.indexName();
    await t.request('PUT', `/${name}`, { settings: { number_of_replicas: 0 } });
    await t.request('PUT', `/${name}/_doc/1`, { a: 1 }, { refresh: 'true' });
    const { status, body } = await t.request('GET', `/_cat/indices/${name}`, undefined, { format: 'json' });
    expect(status).toBe(200);
    expect(body).toHaveLength(1);
    expect(body[0]).toMatchObject({
      health: 'green',
      status: 'open',
      index: name,
      pri: '1',
      rep: '0',
      'docs.count': '1',
    });
    const text = await t.raw('GET', `/_cat/indices/${name}?v&h=index,docs.count`);
    expect(text.text.split('\n')[0].split(/\s+/)).toEqual(['index', 'docs.count']);
    expect(text.text.split('\n')[1].split(/\s+/)).toEqual([name, '1']);
  });

  it('names an unknown URL parameter, with a suggestion', async () => {
    const name = t.indexName();
    await t.request('PUT', `/${name}`);
    const { status, json } = await t.raw('PUT', `/${name}/_doc/1?refrsh=true`, { a: 1 });
    expect(status).toBe(400);
    expect(errorOf(json)).toEqual({
      type: 'illegal_argument_exception',
      reason: `request [/${name}/_doc/1] contains unrecognized parameter: [refrsh] -> did you mean [refresh]?`,
      status: 400,
    });
  });

  it('answers an unknown endpoint with 400 and a wrong method with 405', async () => {
    const unknown = await t.raw('GET', '/_no_such_endpoint/x/y');
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({
      error: 'no handler found for uri [/_no_such_endpoint/x/y] and method [GET]',
    });
    const wrong = await t.raw('DELETE', '/_cluster/health');
    expect(wrong.status).toBe(405);
    expect(wrong.json.error).toMatch(
      /^Incorrect HTTP method for uri \[\/_cluster\/health\] and method \[DELETE\], allowed: \[/,
    );
  });

  it('answers malformed JSON with a 4xx parse error and keeps going', async () => {
    const name = t.indexName();
    const { status, json } = await t.raw('PUT', `/${name}`, '{"settings": {');
    expect(status).toBe(400);
    expect(json.status).toBe(400);
    expect(typeof json.error.type).toBe('string');
    expect((await t.request('GET', '/')).status).toBe(200);
  });

  // k-NN plugin RestKNNWarmupHandler / KNNWarmupTransportAction: a broadcast over the indices' shards
  it('warms up the vector graphs of an index (GET /_plugins/_knn/warmup/{index})', async () => {
    const name = t.indexName();
    await t.request('PUT', `/${name}`, {
      settings: { index: { knn: true, number_of_shards: 1, number_of_replicas: 0 } },
      mappings: {
        properties: {
          v: {
            type: 'knn_vector',
            dimension: 2,
            method: { name: 'hnsw', space_type: 'l2', engine: 'lucene' },
          },
        },
      },
    });
    await t.request('PUT', `/${name}/_doc/1`, { v: [1, 2] }, { refresh: 'true' });
    const { status, body } = await t.request('GET', `/_plugins/_knn/warmup/${name}`);
    expect(status).toBe(200);
    expect(body).toEqual({ _shards: { total: 1, successful: 1, failed: 0 } });
    const missing = await t.request('GET', `/_plugins/_knn/warmup/${name}-missing`);
    expect(missing.status).toBe(404);
    expect(errorOf(missing.body).type).toBe('index_not_found_exception');
  });
});
