import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../src/engine';

/** Everything the engine acknowledged comes back after a restart: indices, mappings, aliases, templates, documents. */
describe('engine state across restarts', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'engine-persist-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const send = async (
    engine: Engine,
    method: string,
    path: string,
    body?: unknown,
    query: Record<string, string> = {},
  ) => {
    const answer = await engine.handle({
      method,
      path,
      query,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: answer.status, body: answer.body === '' ? undefined : JSON.parse(answer.body) };
  };

  it.each([
    ['from the log', 1024 * 1024 * 1024],
    ['from a snapshot', 1],
  ])('recovers %s', async (_label, snapshotThresholdBytes) => {
    let engine = await Engine.open({ dataDir, snapshotThresholdBytes });
    await send(engine, 'PUT', '/_component_template/base', {
      template: { settings: { number_of_replicas: 0 } },
    });
    await send(engine, 'PUT', '/_index_template/places', {
      index_patterns: ['places_*'],
      composed_of: ['base'],
      template: { mappings: { properties: { city: { type: 'keyword' } } } },
      priority: 10,
    });
    await send(engine, 'PUT', '/places_v1', { aliases: { places: {} } });
    await send(engine, 'PUT', '/places/_doc/1', { city: 'Lisbon', added: 5 });
    await send(engine, 'PUT', '/places/_doc/2', { city: 'Porto' });
    await send(engine, 'DELETE', '/places/_doc/2');
    await send(engine, 'POST', '/places/_update/1', { doc: { city: 'Faro' } });
    await send(engine, 'PUT', '/gone', {});
    await send(engine, 'DELETE', '/gone');
    const before = await send(engine, 'GET', '/places_v1');
    await engine.close();

    engine = await Engine.open({ dataDir, snapshotThresholdBytes });
    try {
      const after = await send(engine, 'GET', '/places_v1');
      expect(after.body).toEqual(before.body);
      expect(after.body.places_v1.mappings.properties).toEqual({
        added: { type: 'long' },
        city: { type: 'keyword' },
      });
      expect((await send(engine, 'GET', '/gone')).status).toBe(404);
      expect((await send(engine, 'GET', '/_index_template/places')).status).toBe(200);
      const doc = await send(engine, 'GET', '/places/_doc/1');
      expect(doc.body).toMatchObject({ _version: 2, _seq_no: 3, _source: { city: 'Faro', added: 5 } });
      expect((await send(engine, 'GET', '/places/_doc/2')).status).toBe(404);
      expect((await send(engine, 'GET', '/places/_count')).body.count).toBe(1);
      // Sequence numbers go on after the highest one used, deletes included.
      const next = await send(engine, 'PUT', '/places/_doc/3', { city: 'Braga' });
      expect(next.body._seq_no).toBe(4);
    } finally {
      await engine.close();
    }
  });

  it('a refused write leaves nothing behind after a restart', async () => {
    let engine = await Engine.open({ dataDir });
    await send(engine, 'PUT', '/i', {
      mappings: { dynamic: 'strict', properties: { n: { type: 'integer' } } },
    });
    await send(engine, 'PUT', '/i/_doc/1', { n: 1 });
    expect((await send(engine, 'PUT', '/i/_doc/1', { n: 'x' })).status).toBe(400);
    expect((await send(engine, 'PUT', '/i/_doc/2', { other: 1 })).status).toBe(400);
    await engine.close();
    engine = await Engine.open({ dataDir });
    try {
      expect((await send(engine, 'GET', '/i/_doc/1')).body).toMatchObject({ _version: 1, _source: { n: 1 } });
      expect((await send(engine, 'GET', '/i/_doc/2')).status).toBe(404);
    } finally {
      await engine.close();
    }
  });
});
