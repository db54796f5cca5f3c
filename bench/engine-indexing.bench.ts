import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, writeSync, fsyncSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedClient } from '../libs/embedded-engine/src/client/create-embedded-client';
import { bulkBodies, PLACES_MAPPING } from './places-corpus';
import { BenchSection } from './report';

const DOCS = Number(process.env.BENCH_DOCS ?? 100_000);
const BATCH = 1000;
/** Bulk requests in flight at once, as an indexing pipeline would send them. */
const CONCURRENCY = 4;

async function indexAll(dataDir: string | undefined, bodies: string[]): Promise<number> {
  const client = createEmbeddedClient({ dataDir });
  await client.indices.create({ index: 'places_v1', body: PLACES_MAPPING as never });
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const response = await client.transport.request({ method: 'POST', path: '/_bulk', bulkBody: body });
      if ((response.body as { errors: boolean }).errors) throw new Error('bulk errors');
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await client.indices.refresh({ index: 'places_v1' });
  const seconds = (performance.now() - started) / 1000;
  const count = (await client.count({ index: 'places_v1' })).body.count as number;
  if (count !== DOCS) throw new Error(`indexed ${count} of ${DOCS}`);
  await client.close();
  return DOCS / seconds;
}

/** The floor of any in-memory store: parse every source line and keep it in a Map. */
function parseAndStoreBaseline(bodies: string[]): number {
  const started = performance.now();
  const store = new Map<string, unknown>();
  for (const body of bodies) {
    const lines = body.split('\n');
    for (let i = 0; i + 1 < lines.length; i += 2) {
      const action = JSON.parse(lines[i]) as { index: { _id: string } };
      store.set(action.index._id, JSON.parse(lines[i + 1]));
    }
  }
  if (store.size !== DOCS) throw new Error('baseline lost documents');
  return DOCS / ((performance.now() - started) / 1000);
}

/** The floor of any durable store: append the same bytes to a file with one fsync per bulk request. */
function appendAndFsyncBaseline(bodies: string[]): number {
  const dir = mkdtempSync(join(tmpdir(), 'bench-fsync-'));
  const fd = openSync(join(dir, 'log'), 'a');
  const started = performance.now();
  for (const body of bodies) {
    writeSync(fd, body);
    fsyncSync(fd);
  }
  const seconds = (performance.now() - started) / 1000;
  closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
  return DOCS / seconds;
}

interface RecoveryResult {
  ms: number;
  rssMb: number;
  settledRssMb: number;
  docs: number;
}

/** Opens the data directory in a fresh process: recovery time, and resident memory with 100k documents loaded. */
function recoverInChild(dataDir: string): RecoveryResult {
  const child = spawnSync(process.execPath, ['--expose-gc', join(__dirname, 'recovery-child.js'), dataDir], {
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`recovery child failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() as string) as RecoveryResult;
}

export async function benchIndexing(): Promise<BenchSection> {
  const bodies = bulkBodies('places_v1', DOCS, BATCH);
  const inMemory = await indexAll(undefined, bodies);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-engine-'));
  try {
    const durable = await indexAll(dataDir, bodies);
    const recovery = recoverInChild(dataDir);
    const parseBaseline = parseAndStoreBaseline(bodies);
    const fsyncBaseline = appendAndFsyncBaseline(bodies);
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
    return {
      title: `Embedded engine: bulk indexing and recovery (${DOCS.toLocaleString('en-US')} place documents, 64-d vectors)`,
      command: 'npm run bench',
      rows: [
        [
          'bulk indexing, in memory (official client, in-process, 1,000 docs/request, 4 in flight)',
          `${fmt(inMemory)} docs/s`,
          '≥ 20,000 docs/s',
        ],
        [
          'bulk indexing, durable (write-ahead log, fsync per request)',
          `${fmt(durable)} docs/s`,
          '≥ 10,000 docs/s',
        ],
        [
          'baseline: JSON.parse + Map.set of the same sources',
          `${fmt(parseBaseline)} docs/s`,
          'floor for in memory',
        ],
        [
          'baseline: append the same bytes + fsync per request',
          `${fmt(fsyncBaseline)} docs/s`,
          'floor for durable',
        ],
        ['recovery (restart) with the data directory', `${recovery.ms.toFixed(0)} ms`, '≤ 5,000 ms'],
        [
          'resident memory right after recovery (store and search structures, full GC)',
          `${recovery.rssMb.toFixed(0)} MB`,
          '≤ 400 MB',
        ],
        ['resident memory 2 s later (idle, full GC)', `${recovery.settledRssMb.toFixed(0)} MB`, '≤ 400 MB'],
      ],
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
