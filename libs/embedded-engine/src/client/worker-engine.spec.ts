import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedClient, openWorkerEmbeddedClient } from './create-embedded-client';

/** The engine on its own thread answers exactly as the engine in-process does, and keeps what it acknowledged. */
describe('WorkerEngine', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'worker-engine-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  async function scenario(client: import('@opensearch-project/opensearch').Client) {
    await client.indices.create({
      index: 'places',
      body: { mappings: { properties: { name: { type: 'text' }, rating: { type: 'float' } } } },
    });
    await client.bulk({
      refresh: true,
      body: [
        { index: { _index: 'places', _id: 'a' } },
        { name: 'blue harbour cafe', rating: 4.5 },
        { index: { _index: 'places', _id: 'b' } },
        { name: 'harbour museum', rating: 3.9 },
      ],
    });
    const search = await client.search({
      index: 'places',
      body: { query: { match: { name: 'harbour cafe' } }, explain: true },
    });
    const missing = await client
      .search({ index: 'nowhere', body: {} })
      .catch((e: { meta: { body: unknown } }) => e.meta.body);
    return { hits: search.body.hits, missing };
  }

  it('answers a scenario exactly as the in-process engine does', async () => {
    const inline = await openEmbeddedClient();
    const worker = await openWorkerEmbeddedClient();
    try {
      const expected = await scenario(inline.client);
      const actual = await scenario(worker.client);
      expect(actual).toEqual(expected);
      expect(actual.hits.hits.map((h) => h._id)).toEqual(['a', 'b']);
      expect(actual.missing).toMatchObject({ error: { type: 'index_not_found_exception' }, status: 404 });
    } finally {
      await inline.engine.close();
      await worker.engine.close();
    }
  });

  it('keeps acknowledged writes in its data directory across a close and a reopen', async () => {
    const dataDir = tempDir();
    const first = await openWorkerEmbeddedClient({ dataDir });
    await first.client.index({ index: 'notes', id: '1', body: { text: 'kept' } });
    await first.engine.close();
    const again = await openEmbeddedClient({ dataDir });
    const doc = await again.client.get({ index: 'notes', id: '1' });
    expect(doc.body._source).toEqual({ text: 'kept' });
    await again.engine.close();
  });

  it('hands over text beyond ASCII as it was written, and empty bodies', async () => {
    const { client, engine } = await openWorkerEmbeddedClient();
    try {
      const text = 'São Paulo · Zürich · 東京 · 🌍 · "quoted" \\ back';
      await client.index({ index: 'notes', id: 'é', body: { text }, refresh: true });
      const doc = await client.get({ index: 'notes', id: 'é' });
      expect(doc.body._source).toEqual({ text });
      const head = await client.exists({ index: 'notes', id: 'é' });
      expect(head.statusCode).toBe(200);
    } finally {
      await engine.close();
    }
  });

  it('fails to open on a data directory it cannot use, saying why', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'not a directory');
    await expect(openWorkerEmbeddedClient({ dataDir: file })).rejects.toThrow(/a-file/);
  });

  it('fails pending and later requests once its thread is gone, instead of hanging', async () => {
    const { client, engine } = await openWorkerEmbeddedClient();
    await (engine as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
    await expect(client.cluster.health()).rejects.toThrow(/engine worker exited/);
    await engine.close();
  });
});
