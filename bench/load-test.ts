import { ChildProcess, fork } from 'node:child_process';
import autocannon from 'autocannon';
import { apiKeyEntry, generateApiKey } from '../apps/recommender-api/src/access/api-key-list';
import { API_SCOPES } from '../apps/recommender-api/src/access/api-scope';

/** Load tests of an HTTP endpoint (autocannon), as the feed benchmarks run them. */

/**
 * GET requests cycling through `paths` on `connections` concurrent connections for `seconds`, with `apiKey` in
 * `x-api-key` (the feeds need one; health ignores it). Each connection sends its next request as soon as the last is
 * answered: a closed loop, which measures the most the server answers (its latency is then only how long
 * `connections` requests queue). Latency at a given load is `offeredLoad`'s (offered-load.ts).
 */
export function load(
  port: number,
  seconds: number,
  paths: string[],
  connections: number,
  apiKey?: string,
): Promise<autocannon.Result> {
  let next = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    headers: apiKey === undefined ? {} : { 'x-api-key': apiKey },
    requests: [
      { method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) },
    ],
  });
}

/** "p50 … ms · p99 … ms · … req/s", and the failed requests when there were some. */
export function describeLoad(result: autocannon.Result): string {
  const failed = result.non2xx + result.errors;
  return (
    `p50 ${result.latency.p50} ms · p99 ${result.latency.p99} ms · ${Math.round(result.requests.average)} req/s` +
    (failed > 0 ? ` · ${failed} failed` : '')
  );
}

/**
 * A server the feed benchmarks run in a child process (so that autocannon does not share its event loop): forked
 * from `file` with `args`, it answers `ready` once serving, the counters on `'count'`, and stops on `'stop'`.
 */
export interface BenchServer<R, C> {
  ready: R;
  /** The child's counters since the last call (it resets them). */
  count(): Promise<C>;
  /** Sends the child a message of the bench's own (an object) and waits for its answer (see `serveBenchParent`). */
  ask<A>(message: object): Promise<A>;
  stop(): Promise<void>;
}

export async function startBenchServer<R, C>(
  file: string,
  args: string[],
  /** Node options for the child (e.g. `--cpu-prof`); its threads inherit them. */
  execArgv: string[] = [],
): Promise<BenchServer<R, C>> {
  const child: ChildProcess = fork(file, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  const stop = async (): Promise<void> => {
    if (child.connected) child.send('stop');
    await new Promise((resolve) => {
      child.once('exit', resolve);
      setTimeout(() => {
        child.kill();
        resolve(undefined);
      }, 5_000);
    });
  };
  try {
    const ready = await new Promise<R>((resolve, reject) => {
      child.once('message', (message) => resolve(message as R));
      child.once('exit', (code) => reject(new Error(`the bench server (${file}) exited (${code})`)));
    });
    const ask = <A>(message: unknown) =>
      new Promise<A>((resolve, reject) => {
        const exited = (code: number | null) => reject(new Error(`the bench server exited (${code})`));
        child.once('exit', exited);
        child.once('message', (answer) => {
          child.off('exit', exited);
          resolve(answer as A);
        });
        child.send(message as object);
      });
    return { ready, count: () => ask<C>('count'), ask, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * In the child: reports `ready`, answers `'count'` with the counters (then sets them back to 0), answers a message
 * that is an object with what `answer` makes of it (when given), closes on `'stop'`.
 */
export function serveBenchParent<R, C extends { [K in keyof C]: number }>(
  ready: R,
  counters: C,
  close: () => Promise<void>,
  answer?: (message: object) => Promise<unknown>,
): void {
  process.send!(ready);
  process.on('message', (message) => {
    if (message === 'count') {
      process.send!({ ...counters });
      for (const key of Object.keys(counters)) (counters as Record<string, number>)[key] = 0;
    } else if (answer && typeof message === 'object' && message !== null) {
      answer(message).then(
        (reply) => process.send!(reply ?? {}),
        (error: unknown) => process.send!({ error: error instanceof Error ? error.message : String(error) }),
      );
    } else void close().then(() => process.exit(0));
  });
}

/** A fixed shuffle (multiplicative hashing of the position), so that consecutive requests do not share a city. */
export function shuffled<T>(items: readonly T[]): T[] {
  return items
    .map((item, i) => ({ item, key: (i * 2654435761) % 4294967296 }))
    .sort((a, b) => a.key - b.key)
    .map(({ item }) => item);
}

/**
 * Access control for a bench server: one key with every scope (returned, for the load's header) and limits no bench
 * reaches, so that the guard and its bucket are paid for on every request but never refuse one.
 */
export function benchAccess(): {
  apiKey: string;
  config: { apiKeys: string; rateLimitCapacity: number; rateLimitRefillPerSecond: number };
} {
  const apiKey = generateApiKey();
  return {
    apiKey,
    config: {
      apiKeys: apiKeyEntry('bench', API_SCOPES, apiKey),
      rateLimitCapacity: 10_000_000,
      rateLimitRefillPerSecond: 10_000_000,
    },
  };
}
