import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../engine';

/** `_scripts`: put (compiled at once), get, delete, OpenSearch's bodies, and durability across a restart. */
describe('stored scripts API', () => {
  let dataDir: string;
  let engine: Engine;
  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'engine-scripts-'));
    engine = await Engine.open({ dataDir });
  });
  afterEach(async () => {
    await engine.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const send = async (method: string, path: string, body?: unknown) => {
    const answer = await engine.handle({
      method,
      path,
      query: {},
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: answer.status, body: answer.body === '' ? undefined : JSON.parse(answer.body) };
  };

  it('puts, gets and deletes a script, with 404 bodies for unknown ids', async () => {
    const script = { lang: 'painless', source: "doc['rating'].value * params.factor" };
    expect(await send('PUT', '/_scripts/rating', { script })).toEqual({
      status: 200,
      body: { acknowledged: true },
    });
    expect(await send('GET', '/_scripts/rating')).toEqual({
      status: 200,
      body: { _id: 'rating', found: true, script },
    });
    expect(await send('DELETE', '/_scripts/rating')).toEqual({ status: 200, body: { acknowledged: true } });
    expect(await send('GET', '/_scripts/rating')).toEqual({
      status: 404,
      body: { _id: 'rating', found: false },
    });
    const missing = await send('DELETE', '/_scripts/rating');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({
      type: 'resource_not_found_exception',
      reason: 'stored script [rating] does not exist',
    });
  });

  it('refuses a script that does not compile, with the script stack and position', async () => {
    const source = 'double x = 1.0;\nreturn x +;';
    const response = await send('PUT', '/_scripts/broken/score', { script: { lang: 'painless', source } });
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({
      type: 'script_exception',
      reason: 'compile error',
      script: source,
      lang: 'painless',
      position: { offset: 26, start: 1, end: 27 },
      caused_by: { type: 'illegal_argument_exception', reason: "invalid sequence of tokens near [';']." },
    });
    expect(response.body.error.script_stack).toEqual([
      '... ouble x = 1.0;\nreturn x +;',
      '                             ^---- HERE',
    ]);
    expect((await send('GET', '/_scripts/broken')).status).toBe(404);
  });

  it('names what is missing or unsupported', async () => {
    const reasons = async (body: unknown) => (await send('PUT', '/_scripts/x', body)).body.error.reason;
    expect(await reasons({ script: { source: '1' } })).toBe('must specify lang for stored script');
    expect(await reasons({ script: { lang: 'painless' } })).toBe('must specify source for stored script');
    expect(await reasons({ script: { lang: 'painless', source: '' } })).toBe('source cannot be empty');
    expect(await reasons({ script: { lang: 'groovy', source: '1' } })).toBe(
      'unable to put stored script with unsupported lang [groovy]',
    );
    expect(
      (await send('PUT', '/_scripts/x/nope', { script: { lang: 'painless', source: '1' } })).body.error
        .reason,
    ).toBe('Unknown context [nope]');
  });

  it.each([
    ['from the log', 1024 * 1024 * 1024],
    ['from a snapshot', 1],
  ])('keeps stored scripts across a restart (%s)', async (_label, snapshotThresholdBytes) => {
    await engine.close();
    engine = await Engine.open({ dataDir, snapshotThresholdBytes });
    await send('PUT', '/_scripts/kept', { script: { lang: 'painless', source: 'params.a * 2' } });
    await send('PUT', '/_scripts/dropped', { script: { lang: 'painless', source: '1' } });
    await send('DELETE', '/_scripts/dropped');
    await engine.close();
    engine = await Engine.open({ dataDir, snapshotThresholdBytes });
    expect((await send('GET', '/_scripts/kept')).body).toEqual({
      _id: 'kept',
      found: true,
      script: { lang: 'painless', source: 'params.a * 2' },
    });
    expect((await send('GET', '/_scripts/dropped')).status).toBe(404);
  });

  it('prints a stored script in a script_score explanation as Script#toString, its params previewed', async () => {
    await send('PUT', '/_scripts/scaled', {
      script: { lang: 'painless', source: "doc['rating'].value * params.f" },
    });
    await send('PUT', '/places', { mappings: { properties: { rating: { type: 'float' } } } });
    await send('PUT', '/places/_doc/p1', { rating: 4 });
    await send('POST', '/places/_refresh');
    const params = { f: 0.5, v: [1, 2.5] };
    const answer = await send('POST', '/places/_search', {
      explain: true,
      query: { script_score: { query: { match_all: {} }, script: { id: 'scaled', params } } },
    });
    expect(answer.status).toBe(200);
    const hit = answer.body.hits.hits[0];
    expect(hit._score).toBe(2);
    expect(hit._explanation.description).toBe(
      "script score function, computed with script:\"Script{type=stored, lang='null', idOrCode='scaled', options={}, " +
        'params={f=0.5, v=[1, 2.5]}}"',
    );
  });
});
