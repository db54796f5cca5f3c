import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * What an incoming `x-request-id` may be to be kept: a short token of letters, digits and `_ . : -` (a UUID, a trace
 * id, a gateway's id). Anything else (too long, spaces, control characters) is replaced by a fresh id, so that a
 * client cannot write arbitrary text into the logs.
 */
const SAFE_REQUEST_ID = /^[A-Za-z0-9_.:-]{1,64}$/;

export function isSafeRequestId(value: unknown): value is string {
  return typeof value === 'string' && SAFE_REQUEST_ID.test(value);
}

/** Ids already given, so that fastify and pino-http (which each ask for the raw request's id) agree on one. */
const given = new WeakMap<IncomingMessage, string>();

/** The request's id: the client's `x-request-id` when it is safe, else a new UUID; the same on every call. */
export function requestIdOf(request: IncomingMessage): string {
  let id = given.get(request);
  if (id === undefined) {
    const header = request.headers[REQUEST_ID_HEADER];
    id = isSafeRequestId(header) ? header : randomUUID();
    given.set(request, id);
  }
  return id;
}

/** Returns every request's id in the `x-request-id` response header (errors and unknown routes included). */
export function echoRequestId(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
}
