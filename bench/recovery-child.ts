import { Engine } from '../libs/embedded-engine/src/engine';

/**
 * Opens a data directory and reports recovery time and resident memory (run by engine-indexing.bench.ts): right after
 * recovery and a full GC, and again once the process has been idle for 2 s (V8 hands back heap it grew during recovery).
 */
async function main(): Promise<void> {
  const started = performance.now();
  const engine = await Engine.open({ dataDir: process.argv[2] });
  const ms = performance.now() - started;
  let docs = 0;
  for (const index of engine.state.indices.values()) docs += index.liveCount;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  await new Promise((resolve) => setTimeout(resolve, 2000));
  gc?.();
  const settledRssMb = process.memoryUsage().rss / 1024 / 1024;
  await engine.close();
  process.stdout.write(`${JSON.stringify({ ms, rssMb, settledRssMb, docs })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
