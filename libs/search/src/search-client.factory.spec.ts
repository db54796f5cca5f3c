import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engineRequest } from './engine-request';
import { openSearchClient, pingSearchEngine } from './search-client.factory';

describe('openSearchClient', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'client-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('answers in-process in embedded mode, and keeps data across a close and a reopen', async () => {
    const dataDir = join(root, 'engine');
    const first = await openSearchClient({ engine: 'embedded', dataDir, requestTimeoutMs: 5_000 });
    expect(await pingSearchEngine(first.client, 1_000)).toEqual({
      status: expect.stringMatching(/green|yellow/),
    });
    await engineRequest(first.client, { method: 'PUT', path: '/kept/_doc/1', body: { a: 1 } });
    expect(existsSync(`${dataDir}.lock`)).toBe(true);
    await first.close();
    await first.close(); // closing twice is harmless
    expect(existsSync(`${dataDir}.lock`)).toBe(false);

    const second = await openSearchClient({ engine: 'embedded', dataDir, requestTimeoutMs: 5_000 });
    try {
      const doc = await engineRequest<{ found: boolean }>(second.client, {
        method: 'GET',
        path: '/kept/_doc/1',
      });
      expect(doc.body.found).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('refuses a data directory another client of this process holds', async () => {
    const dataDir = join(root, 'engine');
    const first = await openSearchClient({ engine: 'embedded', dataDir, requestTimeoutMs: 5_000 });
    try {
      await expect(
        openSearchClient({ engine: 'embedded', dataDir, requestTimeoutMs: 5_000 }),
      ).rejects.toThrow('already open in this process');
    } finally {
      await first.close();
    }
  });

  it('gives an HTTP client for OpenSearch that fails clearly when nothing listens', async () => {
    const { client, close } = await openSearchClient({
      engine: 'opensearch',
      url: 'http://127.0.0.1:1',
      requestTimeoutMs: 500,
    });
    try {
      await expect(pingSearchEngine(client, 500)).rejects.toThrow();
    } finally {
      await close();
    }
  });
});
