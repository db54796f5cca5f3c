import { mkdir, open, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** Data directories locked by this process (a second engine here on the same directory is refused too). */
const heldHere = new Set<string>();

/**
 * One process at a time on an embedded engine's data directory: two would both append to its log. The lock is a
 * file next to the directory (`<dir>.lock`) holding the owner's pid; a lock whose process is gone is taken over.
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const path = `${resolve(dataDir)}.lock`;
  if (heldHere.has(path)) throw new Error(`${dataDir} is already open in this process`);
  await mkdir(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(path, 'wx');
      await file.writeFile(`${process.pid}\n`);
      await file.close();
      heldHere.add(path);
      return async () => {
        heldHere.delete(path);
        await unlink(path).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new Error(
          `the engine data in ${dataDir} is in use by process ${owner} (the API or another command): stop it first, ` +
            `or point this one at another DATA_DIR`,
        );
      }
      // The owner is gone (a crash): take the lock over.
      await writeFile(path, '').catch(() => undefined);
      await unlink(path).catch(() => undefined);
    }
  }
  throw new Error(`could not lock ${path}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
