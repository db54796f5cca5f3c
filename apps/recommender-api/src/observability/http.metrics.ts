import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { Gauge, Histogram, Registry } from 'prom-client';
import { LATENCY_BUCKETS_SECONDS } from './metrics-registry';

/** The route label of requests that matched no route: their URLs are whatever clients send, not a bounded set. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * HTTP request latency by route pattern (`/v1/travel/members/:memberId/places`, never the URL with its ids) and status,
 * and the requests in flight, from fastify's own hooks: they see every answer, errors and unknown routes included.
 */
@Injectable()
export class HttpMetrics implements OnModuleInit {
  private readonly duration: Histogram<'method' | 'route' | 'status_code'>;
  private readonly inFlight: Gauge;

  constructor(
    registry: Registry,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by method, route pattern and status code: time from arrival to the last byte sent',
      labelNames: ['method', 'route', 'status_code'],
      buckets: LATENCY_BUCKETS_SECONDS,
      registers: [registry],
    });
    this.inFlight = new Gauge({
      name: 'http_requests_in_flight',
      help: 'HTTP requests received and not yet answered',
      registers: [registry],
    });
  }

  /** Fastify builds each route's hook list when it starts: hooks added here, before listen, apply to every route. */
  onModuleInit(): void {
    // the CLI runs the same modules without an HTTP server: nothing to measure then
    if (!this.adapterHost.httpAdapter) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', (_request, reply, done) => {
      this.inFlight.inc();
      // 'close' comes once per response, also when the client goes away before the answer.
      reply.raw.once('close', () => this.inFlight.dec());
      done();
    });
    fastify.addHook('onResponse', (request, reply, done) => {
      this.duration.observe(
        {
          method: request.method,
          route: routeLabel(request.routeOptions.url),
          status_code: String(reply.statusCode),
        },
        reply.elapsedTime / 1000,
      );
      done();
    });
  }
}

/** The route as declared (a literal colon is written `\:` in fastify's patterns). */
export function routeLabel(pattern: string | undefined): string {
  return pattern === undefined ? UNMATCHED_ROUTE : pattern.replace(/\\:/g, ':');
}
