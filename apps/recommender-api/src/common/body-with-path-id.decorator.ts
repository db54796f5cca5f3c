import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/**
 * The request body, with the id taken from the path when the body has none, so that `PUT /places/{id}` works with
 * or without repeating the id. Validated like `@Body()` (the pipe validates custom decorators); the controller checks
 * that an id given in both places agrees.
 */
export const BodyWithPathId = createParamDecorator(
  (parameter: string, context: ExecutionContext): unknown => {
    const request = context.switchToHttp().getRequest<{ body?: unknown; params?: Record<string, string> }>();
    const body = request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
    const record = body as Record<string, unknown>;
    return record.id === undefined ? { ...record, id: request.params?.[parameter] } : record;
  },
);
