import { openEmbeddedClient, openWorkerEmbeddedClient } from '@app/embedded-engine';
import { Client } from '@opensearch-project/opensearch';
import { lockDataDir } from './data-dir.lock';

export const SEARCH_ENGINE_KINDS = ['embedded', 'opensearch'] as const;
export type SearchEngineKind = (typeof SEARCH_ENGINE_KINDS)[number];

/**
 * Where the embedded engine runs: `worker`, a thread of its own (its searches off the service's event loop: the
 * service and its engine each use a core), or `inline`, on the caller's thread (one-shot tools, tests of the engine).
 */
export const ENGINE_THREADS = ['worker', 'inline'] as const;
export type EngineThread = (typeof ENGINE_THREADS)[number];

export type SearchClientOptions =
  | {
      engine: 'embedded';
      /** where the engine keeps its data; undefined: in memory only (tests) */
      dataDir: string | undefined;
      requestTimeoutMs: number;
      onWarning?: (message: string) => void;
      /** default `inline` */
      thread?: EngineThread;
    }
  | {
      engine: 'opensearch';
      /** e.g. http://localhost:9200 (credentials may be in the URL) */
      url: string;
      requestTimeoutMs: number;
    };

/** The one engine client of a process, and how to close it (flushing and unlocking an embedded engine). */
export interface SearchClientHandle {
  client: Client;
  close(): Promise<void>;
}

/**
 * The official OpenSearch client, in every mode: answered in-process by the embedded engine (on this thread or its
 * own worker thread; recovering its data
 * directory before this resolves, so a bad directory fails at boot; one process per directory, see lockDataDir), or
 * over HTTP by a cluster. The client does not retry by itself (`maxRetries: 0`): callers decide what is safe to
 * retry, with backoff.
 */
export async function openSearchClient(options: SearchClientOptions): Promise<SearchClientHandle> {
  if (options.engine === 'opensearch') {
    const client = new Client({ node: options.url, requestTimeout: options.requestTimeoutMs, maxRetries: 0 });
    return { client, close: () => client.close() };
  }
  const unlock = options.dataDir ? await lockDataDir(options.dataDir) : async () => undefined;
  try {
    const engineOptions = {
      dataDir: options.dataDir,
      onWarning: options.onWarning,
      client: { requestTimeout: options.requestTimeoutMs, maxRetries: 0 },
    };
    const { client, engine } =
      options.thread === 'worker'
        ? await openWorkerEmbeddedClient(engineOptions)
        : await openEmbeddedClient(engineOptions);
    let closing: Promise<void> | undefined;
    // The client does not own an engine it was given: close both (the engine flushes its log), then unlock.
    const close = () =>
      (closing ??= (async () => {
        try {
          await client.close();
          await engine.close();
        } finally {
          await unlock();
        }
      })());
    return { client, close };
  } catch (error) {
    await unlock();
    throw error;
  }
}

/** Resolves when the engine answers a cluster health request within `timeoutMs`; rejects otherwise. */
export async function pingSearchEngine(client: Client, timeoutMs: number): Promise<{ status: string }> {
  const response = await client.transport.request(
    { method: 'GET', path: '/_cluster/health' },
    { requestTimeout: timeoutMs, maxRetries: 0 },
  );
  const status = (response.body as { status?: unknown }).status;
  return { status: typeof status === 'string' ? status : 'unknown' };
}
