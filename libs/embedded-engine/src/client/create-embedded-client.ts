import { Client, ClientOptions } from '@opensearch-project/opensearch';
import { Engine, EngineOptions, RouteModule } from '../engine';
import { embeddedConnectionClass } from './embedded-connection';
import { WorkerEngine } from './worker-engine';

export interface EmbeddedClientOptions extends EngineOptions {
  /** An engine already opened (shared by several clients); otherwise one is opened from these options. */
  engine?: Engine;
  /** Extra route modules (search, scripts) for an engine opened here. */
  modules?: RouteModule[];
  /** Options for the official client (timeouts, retries); `node` and `Connection` are set here. */
  client?: Omit<ClientOptions, 'node' | 'nodes' | 'Connection'>;
}

/** The address the client believes it talks to; nothing listens there. */
const EMBEDDED_NODE = 'http://embedded-engine.local:9200';

/**
 * The official OpenSearch client, answered in-process by the embedded engine.
 * Closing the client closes an engine it opened (flushing its log); a shared engine stays open.
 */
export function createEmbeddedClient(options: EmbeddedClientOptions = {}): Client {
  const engine = options.engine ? Promise.resolve(options.engine) : Engine.open(options, options.modules);
  const ownsEngine = !options.engine;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= ownsEngine ? engine.then((e) => e.close()) : Promise.resolve();
    return closing;
  };
  // Keep a failed open from crashing the process as an unhandled rejection; requests report it.
  engine.catch(() => undefined);
  return new Client({
    ...options.client,
    node: EMBEDDED_NODE,
    Connection: embeddedConnectionClass(engine, close),
  });
}

/**
 * Opens an engine on a worker thread of its own (WorkerEngine) and a client on it: the same requests and answers as
 * in-process, with the engine's work off the caller's event loop. Closing the client does not close the engine.
 */
export async function openWorkerEmbeddedClient(
  options: Omit<EmbeddedClientOptions, 'engine' | 'modules'> = {},
): Promise<{ client: Client; engine: WorkerEngine }> {
  const engine = await WorkerEngine.open(options);
  const client = new Client({
    ...options.client,
    node: EMBEDDED_NODE,
    Connection: embeddedConnectionClass(Promise.resolve(engine), async () => undefined),
  });
  return { client, engine };
}

/** Opens an engine and a client on it; for callers who also need the engine (tests, the HTTP front). */
export async function openEmbeddedClient(
  options: EmbeddedClientOptions = {},
): Promise<{ client: Client; engine: Engine }> {
  const engine = options.engine ?? (await Engine.open(options, options.modules));
  return { client: createEmbeddedClient({ ...options, engine }), engine };
}
