import { Injectable } from '@nestjs/common';
import type { Client } from '@opensearch-project/opensearch';
import { performance } from 'node:perf_hooks';
import { Counter, Histogram, Registry } from 'prom-client';
import { LATENCY_BUCKETS_SECONDS } from './metrics-registry';

/** What the client passes with its 'request' and 'response' events (the same object for both). */
interface TransportEvent {
  statusCode?: number | null;
  meta?: { request?: { params?: { method?: string; path?: string } | null } };
}

/**
 * Latency and errors of every request the service sends to the search engine, from the official client's own
 * 'request' and 'response' events: embedded or remote, every call of libs/search is seen, and none is wrapped.
 */
@Injectable()
export class SearchEngineMetrics {
  private readonly duration: Histogram<'method' | 'operation'>;
  private readonly errors: Counter<'operation' | 'error'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'search_engine_request_duration_seconds',
      help: 'Requests to the search engine, by HTTP method and operation (_search, _mget, _bulk, _doc, ...)',
      labelNames: ['method', 'operation'],
      buckets: LATENCY_BUCKETS_SECONDS,
      registers: [registry],
    });
    this.errors = new Counter({
      name: 'search_engine_request_errors_total',
      help: 'Requests to the search engine that failed, by operation and error (ResponseError for a 4xx/5xx answer, TimeoutError, ConnectionError, ...)',
      labelNames: ['operation', 'error'],
      registers: [registry],
    });
  }

  /** Starts measuring the client's requests; returns it. */
  watch(client: Client): Client {
    const started = new WeakMap<object, number>();
    client.on('request', (_error: Error | null, event: TransportEvent) => {
      // A retried request emits 'request' again: its latency counts from the first attempt, as its caller sees it.
      if (!started.has(event)) started.set(event, performance.now());
    });
    client.on('response', (error: Error | null, event: TransportEvent) => {
      const params = event.meta?.request?.params;
      const method = params?.method ?? 'UNKNOWN';
      const operation = engineOperation(params?.path ?? '');
      const since = started.get(event);
      if (since !== undefined) {
        started.delete(event);
        this.duration.observe({ method, operation }, (performance.now() - since) / 1000);
      }
      if (error) this.errors.inc({ operation, error: error.name });
    });
    return client;
  }
}

/**
 * A bounded name for a request path: its first `_`-segment (`/places/_search` is `_search`, `/places/_doc/p1` is
 * `_doc`, `/_cluster/health` is `_cluster`), `index` for a path of index names only (`PUT /places_v3`), `root` for `/`.
 * Index names never start with `_`, and ids never come first, so no id becomes a label.
 */
export function engineOperation(path: string): string {
  const segments = path.split('/').filter((segment) => segment !== '');
  if (segments.length === 0) return 'root';
  return segments.find((segment) => segment.startsWith('_')) ?? 'index';
}
