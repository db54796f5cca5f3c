import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Engine } from '../src/engine';

const ROOT = resolve(__dirname, '../../..');

/** Runs the writer until it has acknowledged `batches` batches, then kills it with SIGKILL mid-stream. */
function writeThenKill(dataDir: string, batches: number, snapshotThreshold: number): Promise<string[]> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [
        '-r',
        join(ROOT, 'tools/swc-register.js'),
        join(__dirname, 'crash-writer.ts'),
        dataDir,
        String(snapshotThreshold),
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const acknowledged: string[] = [];
    let buffered = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.stdout.on('data', (chunk) => {
      buffered += String(chunk);
      const lines = buffered.split('\n');
      buffered = lines.pop() as string;
      for (const line of lines) acknowledged.push(...line.split(','));
      if (acknowledged.length >= batches * 50 && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolvePromise(acknowledged);
      else reject(new Error(`writer exited with ${code}: ${stderr}`));
    });
  });
}

describe('durability: kill -9 mid-stream, then restart', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'engine-crash-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it.each([
    ['the log alone', 1024 * 1024 * 1024],
    ['snapshots taken while writing', 64 * 1024],
  ])('every acknowledged document survives (%s)', async (_label, snapshotThreshold) => {
    const acknowledged = await writeThenKill(dataDir, 40, snapshotThreshold);
    expect(acknowledged.length).toBeGreaterThanOrEqual(2000);

    const warnings: string[] = [];
    const engine = await Engine.open({ dataDir, onWarning: (w) => warnings.push(w) });
    try {
      const index = engine.state.indices.get('crash');
      expect(index).toBeDefined();
      for (const id of acknowledged) {
        const doc = index?.get(id);
        expect(doc?.id).toBe(id);
      }
      // Consistent: what search sees after recovery is what GET sees, each document once, with its fields.
      const count = await engine.handle({ method: 'GET', path: '/crash/_count', query: {} });
      expect(JSON.parse(count.body).count).toBe(index?.liveCount);
      const [batch, i] = acknowledged[acknowledged.length - 1].split('-').map(Number);
      const last = await engine.handle({ method: 'GET', path: `/crash/_doc/${batch}-${i}`, query: {} });
      expect(JSON.parse(last.body)._source).toEqual({ n: batch * 50 + i, v: [batch, i, 1, 2] });
      // The engine keeps going: new writes after recovery.
      const write = await engine.handle({
        method: 'PUT',
        path: '/crash/_doc/after',
        query: {},
        body: '{"n":1}',
      });
      expect(write.status).toBe(201);
    } finally {
      await engine.close();
    }
  });
});
