import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { ApiKeyRequiredException } from './access-errors';
import { ACCESS_SETTINGS, AccessSettings } from './access-settings';
import { ApiKeyStore } from './api-key-store';
import { presentedApiKey } from './presented-api-key';

/** A request whose body is yet to be read: a length above 0, or a chunked one. */
export function carriesBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length'];
  if (length !== undefined && length !== '0') return true;
  return headers['transfer-encoding'] !== undefined;
}

/**
 * A fastify onRequest hook: a request that carries a body must present a key this service knows before its body is
 * read, else 401 at once (the same answer as ApiAccessGuard's). Routes that take a body are never open, so no
 * legitimate request is refused here; what it saves is reading and parsing up to BODY_LIMIT_BYTES for a caller with
 * no valid key. Scopes and rate limits stay in the guard, which needs the route and, for events, the body.
 */
export function keyBeforeBodyHook(keys: ApiKeyStore) {
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    if (!carriesBody(request.headers)) return done();
    const presented = presentedApiKey(request.headers);
    const refusal =
      'problem' in presented
        ? new ApiKeyRequiredException(presented.problem)
        : keys.identify(presented.key) === undefined
          ? new ApiKeyRequiredException({ invalidIn: presented.header })
          : undefined;
    if (refusal === undefined) return done();
    // The body is not read: the connection cannot carry another request after this answer.
    void reply
      .code(401)
      .headers({ ...refusal.headers, Connection: 'close' })
      .send(refusal.getResponse());
  };
}

/** Installs the hook on the HTTP server before it listens, unless AUTH_DISABLED. */
@Injectable()
export class KeyBeforeBody implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly keys: ApiKeyStore,
    @Inject(ACCESS_SETTINGS) private readonly settings: AccessSettings,
  ) {}

  onModuleInit(): void {
    // The CLI runs the same modules without an HTTP server.
    if (!this.adapterHost.httpAdapter || this.settings.disabled) return;
    this.adapterHost.httpAdapter
      .getInstance<FastifyInstance>()
      .addHook('onRequest', keyBeforeBodyHook(this.keys));
  }
}
