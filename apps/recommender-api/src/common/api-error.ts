import { FieldError } from '@app/catalog';
import { HttpException, HttpStatus } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

/**
 * The body of every error answer: the status, its name, one sentence, and for bad input one entry per problem
 * naming the field (dotted path, `items[3].location.lat`; '' for the body itself). Never a stack trace.
 */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  errors?: FieldError[];
}

export function errorBody(statusCode: number, message: string, errors?: FieldError[]): ApiErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, ...(errors && { errors }) };
}

/** A 400 listing field problems; the message joins them, so a client that only logs `message` still learns all. */
export class InvalidInputException extends HttpException {
  constructor(errors: FieldError[]) {
    super(errorBody(HttpStatus.BAD_REQUEST, summarize(errors), errors), HttpStatus.BAD_REQUEST);
  }
}

export function summarize(errors: FieldError[]): string {
  if (errors.length === 0) return 'invalid request';
  const shown = errors.slice(0, 5).map((e) => e.message);
  const more = errors.length > shown.length ? ` (and ${errors.length - shown.length} more)` : '';
  return shown.join('; ') + more;
}

/** A dependency is down or busy: the client should retry after `retryAfterSeconds`. */
export class DependencyUnavailableException extends HttpException {
  constructor(
    message: string,
    readonly retryAfterSeconds: number = 1,
    /** The library error behind it (the feeds' circuit breaker reads it). */
    cause?: unknown,
  ) {
    super(errorBody(HttpStatus.SERVICE_UNAVAILABLE, message), HttpStatus.SERVICE_UNAVAILABLE, { cause });
  }
}

/** An error answer with headers of its own: `WWW-Authenticate` on a 401, `Retry-After` on a 429. */
export class ApiErrorWithHeaders extends HttpException {
  constructor(
    statusCode: number,
    message: string,
    readonly headers: Readonly<Record<string, string>>,
  ) {
    super(errorBody(statusCode, message), statusCode);
  }
}
