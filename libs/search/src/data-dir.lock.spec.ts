import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockDataDir } from './data-dir.lock';

describe('lockDataDir', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'lock-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes the pid next to the directory and removes the lock on release', async () => {
    const release = await lockDataDir(join(root, 'engine'));
    expect(readFileSync(join(root, 'engine.lock'), 'utf8').trim()).toBe(String(process.pid));
    await release();
    expect(existsSync(join(root, 'engine.lock'))).toBe(false);
  });

  it('refuses a directory already open in this process', async () => {
    const release = await lockDataDir(join(root, 'engine'));
    await expect(lockDataDir(join(root, 'engine'))).rejects.toThrow('already open in this process');
    await release();
    await (
      await lockDataDir(join(root, 'engine'))
    )();
  });

  it('refuses a directory locked by a live process, naming it', async () => {
    // The parent of this process is alive for as long as the test runs.
    writeFileSync(join(root, 'engine.lock'), `${process.ppid}\n`);
    await expect(lockDataDir(join(root, 'engine'))).rejects.toThrow(`in use by process ${process.ppid}`);
  });

  it('takes over the lock of a process that is gone', async () => {
    writeFileSync(join(root, 'engine.lock'), '999999999\n');
    const release = await lockDataDir(join(root, 'engine'));
    expect(readFileSync(join(root, 'engine.lock'), 'utf8').trim()).toBe(String(process.pid));
    await release();
  });
});
