import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Engine, EngineOptions, RenderedResponse } from '../engine';
import { EngineRequest } from '../rest/request';

/**
 * The entry of the engine's worker thread (see worker-engine.ts): opens the engine from the options it was started
 * with, then answers request messages until it is told to close.
 */

/** The engine's options as a worker receives them: plain data (warnings come back as messages). */
export type WorkerEngineOptions = Omit<EngineOptions, 'onWarning'>;

export type ToEngineWorker = { kind: 'request'; id: number; request: EngineRequest } | { kind: 'close' };

export type FromEngineWorker =
  | { kind: 'opened' }
  | { kind: 'failed'; message: string }
  | { kind: 'response'; id: number; response: RenderedResponse }
  | { kind: 'warning'; message: string }
  | { kind: 'closed' };

async function serveEngine(): Promise<void> {
  const port = parentPort!;
  const post = (message: FromEngineWorker) => port.postMessage(message);
  let engine: Engine;
  try {
    engine = await Engine.open({
      ...(workerData as WorkerEngineOptions),
      onWarning: (message) => post({ kind: 'warning', message }),
    });
  } catch (error) {
    post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  post({ kind: 'opened' });
  port.on('message', (message: ToEngineWorker) => {
    if (message.kind === 'request') {
      // Engine#handle never throws: failures are OpenSearch error responses. The body goes as the string it is:
      // copying a string across threads is a memcpy, where UTF-8 bytes cost an encoding here and a decoding there.
      void engine
        .handle(message.request)
        .then((response) => post({ kind: 'response', id: message.id, response }));
    } else {
      void engine.close().then(() => {
        post({ kind: 'closed' });
        port.close();
      });
    }
  });
}

if (!isMainThread && parentPort) void serveEngine();
