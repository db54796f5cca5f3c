import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { EngineOptions, RenderedResponse } from '../engine';
import { EngineRequest } from '../rest/request';
import type { FromEngineWorker, ToEngineWorker, WorkerEngineOptions } from './engine-worker';

/** What answers the in-process client connection: an engine on this thread, or one on its own thread. */
export interface EngineHandler {
  handle(request: EngineRequest): Promise<RenderedResponse>;
  close(): Promise<void>;
}

/**
 * Run from the TypeScript sources (tests): the worker compiles them with swc as it loads them, as Jest does here.
 * Built (dist/), the worker loads engine-worker.js directly.
 */
const TYPESCRIPT_WORKER = `
const { readFileSync } = require('node:fs');
const { workerData } = require('node:worker_threads');
const swc = require('@swc/core');
require.extensions['.ts'] = (module, filename) => {
  const { code } = swc.transformSync(readFileSync(filename, 'utf8'), {
    filename,
    swcrc: false,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
  });
  module._compile(code, filename);
};
require(workerData.entry);
`;

function startWorker(options: WorkerEngineOptions): Worker {
  const compiled = join(__dirname, 'engine-worker.js');
  if (existsSync(compiled)) return new Worker(compiled, { workerData: options });
  return new Worker(TYPESCRIPT_WORKER, {
    eval: true,
    workerData: { ...options, entry: join(__dirname, 'engine-worker.ts') },
  });
}

/**
 * The embedded engine on a worker thread of its own: searches, scoring and response rendering run beside the HTTP
 * service's event loop instead of on it, so on a machine with two cores the service and its engine each get one.
 * Requests and responses cross as the same strings the in-process connection passes (structured clone copies them);
 * the engine, its data directory and its log live on the worker. If the worker dies, every pending and later
 * request fails (the service reports the engine down) rather than hanging.
 */
export class WorkerEngine implements EngineHandler {
  private readonly pending = new Map<number, (response: RenderedResponse) => void>();
  private readonly failed = new Map<number, (error: Error) => void>();
  private nextId = 1;
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly worker: Worker,
    private readonly onWarning: ((message: string) => void) | undefined,
  ) {}

  /** Starts the worker and resolves once its engine has recovered its data directory (or rejects why it could not). */
  static open(options: EngineOptions = {}): Promise<WorkerEngine> {
    const { onWarning, ...plain } = options;
    const worker = startWorker(plain);
    const engine = new WorkerEngine(worker, onWarning);
    return new Promise((resolve, reject) => {
      const opening = (message: FromEngineWorker) => {
        if (message.kind === 'opened') {
          worker.off('message', opening);
          worker.on('message', (m: FromEngineWorker) => engine.receive(m));
          // idle, the worker does not keep the process alive (as an engine on the caller's thread would not): a
          // process that forgets to close it still ends; handle() holds a reference while an answer is owed
          worker.unref();
          resolve(engine);
        } else if (message.kind === 'failed') {
          reject(new Error(message.message));
          void worker.terminate();
        } else if (message.kind === 'warning') onWarning?.(message.message);
      };
      worker.on('message', opening);
      worker.once('error', (error) => {
        engine.fail(error);
        reject(error);
      });
      worker.once('exit', (code) => {
        const error = new Error(`the engine worker exited (code ${code})`);
        engine.fail(error);
        reject(error);
      });
    });
  }

  handle(request: EngineRequest): Promise<RenderedResponse> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    // the worker keeps the process alive only while it owes an answer (see open)
    if (this.pending.size === 0) this.worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, resolve);
      this.failed.set(id, reject);
      this.worker.postMessage({ kind: 'request', id, request } satisfies ToEngineWorker);
    });
  }

  /** Lets requests in flight finish, closes the engine (it flushes its log), and waits for the worker to end. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.failure) return;
      const closed = new Promise<void>((resolve) => {
        this.worker.on('message', (m: FromEngineWorker) => m.kind === 'closed' && resolve());
        this.worker.once('exit', () => resolve());
      });
      this.worker.ref();
      this.worker.postMessage({ kind: 'close' } satisfies ToEngineWorker);
      await closed;
      await this.worker.terminate();
    })();
    return this.closing;
  }

  private receive(message: FromEngineWorker): void {
    if (message.kind === 'response') {
      this.failed.delete(message.id);
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (this.pending.size === 0) this.worker.unref();
      resolve?.(message.response);
    } else if (message.kind === 'warning') this.onWarning?.(message.message);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    for (const reject of this.failed.values()) reject(this.failure);
    this.pending.clear();
    this.failed.clear();
  }
}
