import { Engine } from '../engine';

/** The text of hits as the engine writes them: OpenSearch's field order, the stored source spliced in as it is. */
describe('search hits as JSON text', () => {
  let engine: Engine;
  const call = async (method: string, path: string, body?: unknown, query: Record<string, string> = {}) =>
    engine.handle({ method, path, query, body: body === undefined ? undefined : JSON.stringify(body) });

  beforeAll(async () => {
    engine = await Engine.open();
    await call('PUT', '/places', {
      mappings: { properties: { name: { type: 'keyword' }, n: { type: 'integer' } } },
    });
    // the source as written, spacing and a decimal 2.0 included
    await engine.handle({
      method: 'PUT',
      path: '/places/_doc/p%221',
      query: { refresh: 'true' },
      body: '{ "name": "caf\\u00e9 \\"x\\"", "n": 2.0 }',
    });
  });
  afterAll(() => engine.close());

  it('writes _index, _id, _version, _seq_no, _primary_term, _score, _source and sort in that order', async () => {
    const answer = await call('POST', '/places/_search', {
      version: true,
      seq_no_primary_term: true,
      track_scores: true,
      sort: [{ n: 'desc' }, '_score'],
      query: { term: { name: 'café "x"' } },
    });
    const hits = answer.body.slice(answer.body.indexOf('"hits":[') + 7, answer.body.lastIndexOf(']'));
    expect(hits).toBe(
      '[{"_index":"places","_id":"p\\"1","_version":1,"_seq_no":0,"_primary_term":1,"_score":1.0,' +
        '"_source":{ "name": "caf\\u00e9 \\"x\\"", "n": 2.0 },"sort":[2,1.0]}',
    );
  });

  it('writes a null score when sorting without scores, and leaves _source out when asked', async () => {
    const answer = await call('POST', '/places/_search', { _source: false, sort: ['_doc'] });
    expect(JSON.parse(answer.body).hits.hits).toEqual([
      { _index: 'places', _id: 'p"1', _score: null, sort: [0] },
    ]);
    const filtered = await call('POST', '/places/_search', { _source: ['n'] });
    expect(filtered.body).toContain('"_source":{"n":2.0}');
  });

  it('applies filter_path inside the hits', async () => {
    const answer = await call('POST', '/places/_search', {}, { filter_path: 'hits.hits._id' });
    expect(JSON.parse(answer.body)).toEqual({ hits: { hits: [{ _id: 'p"1' }] } });
  });
});
