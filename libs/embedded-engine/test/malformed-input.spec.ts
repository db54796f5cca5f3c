import { Engine } from '../src/engine';

/**
 * Bad input gets a 4xx, never a 5xx: every query type, search option and write endpoint fed values of the wrong
 * shape (nulls, numbers, strings, empty and nested arrays and objects), and the stored document still there after.
 */
describe('malformed input', () => {
  let engine: Engine;
  const send = async (method: string, path: string, body?: unknown, query: Record<string, string> = {}) =>
    engine.handle({
      method,
      path,
      query,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });

  beforeAll(async () => {
    engine = await Engine.open({});
    await send('PUT', '/i', {
      settings: { 'index.knn': true },
      mappings: {
        properties: {
          t: { type: 'text' },
          k: { type: 'keyword' },
          n: { type: 'integer' },
          d: { type: 'date' },
          g: { type: 'geo_point' },
          v: { type: 'knn_vector', dimension: 2 },
        },
      },
    });
    await send(
      'PUT',
      '/i/_doc/1',
      { t: 'hello world', k: 'x', n: 1, d: '2024-01-01', g: '1,2', v: [1, 2] },
      { refresh: 'true' },
    );
  });
  afterAll(() => engine.close());

  const weird: unknown[] = [null, 1, 'x', [], {}, [1], { a: null }, true, -1, 1e308, '', { '': {} }, [[]]];
  const queryTypes = [
    'match_all',
    'match_none',
    'term',
    'terms',
    'range',
    'exists',
    'ids',
    'prefix',
    'wildcard',
    'bool',
    'constant_score',
    'dis_max',
    'geo_distance',
    'geo_bounding_box',
    'match',
    'match_phrase',
    'multi_match',
    'function_score',
    'knn',
  ];

  it.each(queryTypes)('%s with values of every wrong shape', async (type) => {
    const failures: string[] = [];
    for (const w of weird) {
      for (const field of ['t', 'k', 'n', 'd', 'g', 'v', 'unmapped']) {
        const bodies = [
          { query: { [type]: w } },
          { query: { [type]: { [field]: w } } },
          {
            query: {
              [type]: {
                field,
                query: w,
                value: w,
                vector: w,
                k: w,
                functions: w,
                filter: w,
                must: w,
                queries: w,
              },
            },
          },
        ];
        for (const body of bodies) {
          const r = await send('POST', '/i/_search', body);
          if (r.status >= 500) failures.push(`${r.status} ${JSON.stringify(body)}: ${r.body.slice(0, 160)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('search options and write endpoints with values of every wrong shape', async () => {
    const failures: string[] = [];
    const options = [
      'size',
      'from',
      'sort',
      'search_after',
      '_source',
      'track_total_hits',
      'min_score',
      'post_filter',
      'explain',
      'timeout',
    ];
    for (const key of options) {
      for (const w of weird) {
        const r = await send('POST', '/i/_search', { [key]: w });
        if (r.status >= 500) failures.push(`${r.status} ${key}=${JSON.stringify(w)}`);
      }
    }
    const paths = [
      '/i/_doc/2',
      '/i/_update/1',
      '/i/_mapping',
      '/_index_template/t',
      '/_component_template/c',
      '/_aliases',
      '/i/_mget',
      '/j',
      '/i/_count',
    ];
    for (const w of weird) {
      for (const path of paths) {
        for (const method of ['PUT', 'POST']) {
          const r = await send(method, path, w);
          if (r.status >= 500) failures.push(`${r.status} ${method} ${path} ${JSON.stringify(w)}`);
        }
      }
      const bulk = await send(
        'POST',
        '/_bulk',
        `${JSON.stringify({ index: { _index: 'i', _id: 'b' } })}\n${JSON.stringify(w)}\n`,
      );
      if (bulk.status >= 500 || /"status":5\d\d/.test(bulk.body)) failures.push(`bulk ${JSON.stringify(w)}`);
    }
    expect(failures).toEqual([]);
    const stored = await send('GET', '/i/_doc/1');
    expect(JSON.parse(stored.body)._source).toEqual({
      t: 'hello world',
      k: 'x',
      n: 1,
      d: '2024-01-01',
      g: '1,2',
      v: [1, 2],
    });
  });
});
