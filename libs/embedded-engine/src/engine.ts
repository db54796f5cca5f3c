import { clusterRoutes, NodeIdentity } from './cluster/cluster.api';
import { bulkRoutes } from './documents/bulk.api';
import { documentRoutes } from './documents/documents.api';
import { EngineState, randomUuid } from './engine-state';
import { asOpenSearchError, OpenSearchError } from './errors';
import { indexRoutes } from './indices/indices.api';
import { applyFilterPath } from './rest/filter-path';
import { prettyJson, stringifyResponse } from './rest/json';
import { EngineRequest, EngineResponse } from './rest/request';
import { Route, Router } from './rest/router';
import { DataDirectory } from './storage/data-directory';
import { templateRoutes } from './templates/templates.api';
import { aliasRoutes } from './aliases/aliases.api';
import { knnWarmupRoutes } from './search/knn-warmup.api';
import { searchRoutes } from './search/search.api';
import { scriptRoutes } from './scripts/scripts.api';

export interface EngineOptions {
  /** Where the engine keeps its data; omitted: in memory only (tests). */
  dataDir?: string;
  clusterName?: string;
  nodeName?: string;
  /** Called with recovery warnings (a torn last log record) and background snapshot failures. */
  onWarning?: (message: string) => void;
  /** Start a background snapshot once this many bytes were logged since the last one (default 64 MiB). */
  snapshotThresholdBytes?: number;
}

/** A response ready to send: status, headers and the body text (empty for HEAD). */
export interface RenderedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const RECOVERY_REFRESH_EVERY = 10_000;

/** Route groups beyond the index API (search, scripts) register here. */
export type RouteModule = (state: EngineState) => Route[];

/**
 * The embedded OpenSearch-compatible engine: the REST subset, answered in-process.
 * `Engine.open` recovers from the data directory; `handle` answers one request; `close` flushes and stops.
 */
export class Engine {
  private readonly router = new Router();
  private snapshotRunning: Promise<void> | undefined;
  private closed = false;

  private constructor(
    readonly state: EngineState,
    private readonly directory: DataDirectory | undefined,
    private readonly options: EngineOptions,
    node: NodeIdentity,
    modules: RouteModule[],
  ) {
    this.router.add(
      ...clusterRoutes(state, node),
      ...templateRoutes(state),
      ...aliasRoutes(state),
      ...bulkRoutes(state),
      ...documentRoutes(state),
      ...indexRoutes(state),
      ...searchRoutes(state),
      ...knnWarmupRoutes(state),
      ...scriptRoutes(state),
    );
    for (const module of modules) this.router.add(...module(state));
  }

  static async open(options: EngineOptions = {}, modules: RouteModule[] = []): Promise<Engine> {
    const state = new EngineState();
    const node: NodeIdentity = {
      clusterName: options.clusterName ?? 'opensearch',
      clusterUuid: randomUuid(),
      nodeName: options.nodeName ?? 'embedded-node',
    };
    let directory: DataDirectory | undefined;
    if (options.dataDir) {
      let replayed = 0;
      const opened = await DataDirectory.open(
        {
          dir: options.dataDir,
          snapshotThresholdBytes: options.snapshotThresholdBytes,
          onRecord: (record) => {
            state.apply(record);
            // Publish as we go, so parsed fields wait in memory for a bounded number of documents.
            if (++replayed % RECOVERY_REFRESH_EVERY === 0) state.refreshAll();
          },
        },
        options.onWarning,
      );
      directory = opened.directory;
      state.refreshAll();
      directory.setStateSource(() => state.stateRecords());
      state.changeLog = directory;
    }
    return new Engine(state, directory, options, node, modules);
  }

  /** Answers one request; never throws: failures become OpenSearch error responses. */
  async handle(request: EngineRequest): Promise<RenderedResponse> {
    let response: EngineResponse;
    try {
      if (this.closed) throw new OpenSearchError(503, 'node_closed_exception', 'node closed');
      response = await this.router.dispatch(request);
      this.maybeSnapshot();
    } catch (error) {
      const e = asOpenSearchError(error);
      if (e.status >= 500)
        this.options.onWarning?.(`request ${request.method} ${request.path} failed: ${e.reason}`);
      response = { status: e.status, body: e.toResponseBody() };
    }
    return render(request, response);
  }

  /** Waits for pending writes and a running snapshot, then closes the data directory. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.snapshotRunning;
    for (const index of this.state.indices.values()) index.close();
    await this.directory?.close();
  }

  private maybeSnapshot(): void {
    if (!this.directory || this.snapshotRunning || !this.directory.wantsSnapshot()) return;
    this.snapshotRunning = this.directory
      .snapshot()
      .catch((error: unknown) => this.options.onWarning?.(`snapshot failed: ${String(error)}`))
      .finally(() => {
        this.snapshotRunning = undefined;
      });
  }
}

function render(request: EngineRequest, response: EngineResponse): RenderedResponse {
  const headers: Record<string, string> = { ...(response.headers ?? {}) };
  if (request.method.toUpperCase() === 'HEAD' || response.body === undefined) {
    headers['content-type'] = 'application/json; charset=UTF-8';
    return { status: response.status, headers, body: '' };
  }
  if (typeof response.body === 'string') {
    headers['content-type'] = response.contentType ?? 'text/plain; charset=UTF-8';
    return { status: response.status, headers, body: response.body };
  }
  let body: unknown = response.body;
  const filterPath = request.query.filter_path;
  if (filterPath !== undefined && filterPath !== '') body = applyFilterPath(body, filterPath);
  let text = stringifyResponse(body);
  if (request.query.pretty !== undefined && request.query.pretty !== 'false') {
    text = prettyJson(text);
  }
  headers['content-type'] = response.contentType ?? 'application/json; charset=UTF-8';
  return { status: response.status, headers, body: text };
}
