import { HttpStatus } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody, InvalidInputException } from './api-error';

/**
 * Deepest nesting of a request body. Our bodies nest 4 levels at most (`items[3].location.lat`); class-transformer
 * and class-validator recurse once per level, so a body of `[[[[…` thousands deep, well within the size limit,
 * would overflow the stack (a 500) instead of being refused.
 */
export const MAX_BODY_DEPTH = 32;

/**
 * Strict JSON bodies: only `application/json` is parsed (fastify's own parser, which refuses `__proto__` and
 * `constructor.prototype` keys), and no deeper than MAX_BODY_DEPTH. Fastify's `text/plain` parser goes, so a body of
 * any other type is refused with 415 before a guard, pipe or handler sees it (Nest's own parsers, which would add
 * `application/x-www-form-urlencoded`, are turned off in createApiApp).
 */
export function useStrictJsonBodies(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parseJson(request, body as string, (error: Error | null, value?: unknown) => {
      if (error) return done(error as FastifyError, undefined);
      if (nestsDeeperThan(value, MAX_BODY_DEPTH)) {
        const message = `the request body nests deeper than ${MAX_BODY_DEPTH} levels`;
        // An HttpException passes Nest's mapping of parser errors as it is: a 400 in the API's shape.
        return done(
          new InvalidInputException([{ field: '', message }]) as unknown as FastifyError,
          undefined,
        );
      }
      done(null, value);
    });
  });
}

/** Whether arrays and objects nest deeper than `max` (1: a flat object); iterative, so any depth is safe to check. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const stack: [object, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > max) return true;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/**
 * Errors fastify's router answers before any Nest code runs (a malformed percent-encoding, a path segment over
 * fastify's 100 characters), in the API's error shape instead of fastify's, without echoing the URL.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status = error.statusCode ?? HttpStatus.BAD_REQUEST;
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'a path segment is too long'
      : error.code === 'FST_ERR_BAD_URL'
        ? 'the URL is malformed (percent-encoding)'
        : 'the request cannot be routed';
  void reply.code(status).send(errorBody(status, message));
}
