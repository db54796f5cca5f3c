import { Client, errors } from '@opensearch-project/opensearch';

/** `unreachable`: every request fails as a refused connection; `slow`: every request waits `ms` first. */
export type EngineFault = { readonly kind: 'unreachable' } | { readonly kind: 'slow'; readonly ms: number };

type TransportRequest = Client['transport']['request'];
/** The client's errors carry the response they got; an injected fault got none. */
const NO_ANSWER = {} as ConstructorParameters<typeof errors.TimeoutError>[1];
type RequestPromise = Promise<unknown> & { abort(): void };

/**
 * A test-only seam (the API's resilience e2e tests, the fault bench): faults injected into one client's transport, so
 * that every caller of the engine — sources, look-ups, health probes — sees an engine that is down or slow while the
 * engine itself keeps its data. Faults honour the request's own timeout, as a real slow engine would.
 */
export class EngineFaults {
  private fault: EngineFault | undefined;

  private constructor() {}

  /** Wraps `client`'s transport; no fault until one is set. */
  static install(client: Client): EngineFaults {
    const faults = new EngineFaults();
    const transport = client.transport;
    const original = transport.request.bind(transport) as (...args: unknown[]) => RequestPromise;
    const wrapped = (params: unknown, options?: { requestTimeout?: number | string }) => {
      const fault = faults.fault;
      if (!fault) return original(params, options);
      return faults.faulty(fault, () => original(params, options), options?.requestTimeout);
    };
    transport.request = wrapped as unknown as TransportRequest;
    return faults;
  }

  set(fault: EngineFault): void {
    this.fault = fault;
  }

  heal(): void {
    this.fault = undefined;
  }

  private faulty(
    fault: EngineFault,
    send: () => RequestPromise,
    requestTimeout: number | string | undefined,
  ): RequestPromise {
    let abort: () => void = () => undefined;
    const promise = new Promise((resolve, reject) => {
      if (fault.kind === 'unreachable') {
        reject(new errors.ConnectionError('injected fault: engine unreachable', NO_ANSWER));
        return;
      }
      const timeoutMs = typeof requestTimeout === 'number' ? requestTimeout : Infinity;
      let inner: RequestPromise | undefined;
      const timer = setTimeout(
        () => {
          if (timeoutMs <= fault.ms) {
            reject(new errors.TimeoutError('injected fault: request timed out', NO_ANSWER));
            return;
          }
          inner = send();
          inner.then(resolve, reject);
        },
        Math.min(fault.ms, timeoutMs),
      );
      abort = () => {
        clearTimeout(timer);
        inner?.abort();
        reject(new errors.RequestAbortedError('request aborted'));
      };
    }) as unknown as RequestPromise;
    promise.abort = () => abort();
    return promise;
  }
}
