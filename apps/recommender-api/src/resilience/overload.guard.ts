import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { errorBody } from '../common/api-error';
import { RejectionReason, ResilienceMetrics } from '../observability/resilience.metrics';
import { InFlightLimit } from './in-flight-limit';
import { ShutdownCoordinator } from './shutdown-coordinator';

/** Probes and scrapes must answer however busy the service is (and say why it is not ready). */
const EXEMPT_PREFIXES = ['/health', '/metrics'];

export function isExemptFromLimit(url: string): boolean {
  return EXEMPT_PREFIXES.some(
    (prefix) => url === prefix || url.startsWith(`${prefix}/`) || url.startsWith(`${prefix}?`),
  );
}

export interface InFlightHookOptions {
  readonly limit: InFlightLimit;
  readonly isDraining: () => boolean;
  readonly onRejected?: (reason: RejectionReason) => void;
}

/**
 * A fastify onRequest hook (it runs before the body is read): past the in-flight bound, or while shutting down, the
 * request gets 503 with `Retry-After: 1` at once rather than queueing into timeouts. Admitted requests leave the count
 * when their response is closed (sent, or the client gone).
 */
export function inFlightHook(options: InFlightHookOptions) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    if (isExemptFromLimit(request.url)) return done();
    const reason: RejectionReason | undefined = options.isDraining()
      ? 'shutdown'
      : options.limit.tryEnter()
        ? undefined
        : 'overload';
    if (reason === undefined) {
      reply.raw.once('close', () => options.limit.leave());
      return done();
    }
    options.onRejected?.(reason);
    if (reason === 'shutdown') reply.header('Connection', 'close');
    void reply
      .code(503)
      .header('Retry-After', '1')
      .send(
        errorBody(
          503,
          reason === 'shutdown'
            ? 'the service is shutting down; retry on another instance'
            : 'too many requests in flight; retry shortly',
        ),
      );
  };
}

/** Installs the in-flight bound (MAX_IN_FLIGHT) on the HTTP server, before it listens. */
@Injectable()
export class OverloadGuard implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly limit: InFlightLimit,
    private readonly shutdown: ShutdownCoordinator,
    private readonly metrics: ResilienceMetrics,
  ) {}

  onModuleInit(): void {
    // The CLI runs the same modules without an HTTP server.
    if (!this.adapterHost.httpAdapter) return;
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook(
      'onRequest',
      inFlightHook({
        limit: this.limit,
        isDraining: () => this.shutdown.isDraining,
        onRejected: (reason) => this.metrics.rejectedRequest(reason),
      }),
    );
  }
}
