import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * The id of the request being handled (see requestIdOf), for a controller to pass on to its service: the feeds use it
 * as the pipeline's request id, so that the response, the `x-request-id` header and every log line agree.
 */
export const RequestId = createParamDecorator(
  (_: unknown, context: ExecutionContext): string => context.switchToHttp().getRequest<FastifyRequest>().id,
);
