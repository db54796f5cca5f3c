import { isEngineUnreachable, isTransientEngineError, SearchEngineError } from '@app/search';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiErrorBody, ApiErrorWithHeaders, DependencyUnavailableException, errorBody } from './api-error';

/** What fastify's body parsing says, in words a client can act on. */
const FASTIFY_MESSAGES: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'the request body is not valid JSON',
  FST_ERR_CTP_INVALID_JSON: 'the request body is not valid JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'the request body is empty but content-type is application/json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'the request body is too large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported content-type: send application/json',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'content-length does not match the body',
};

/**
 * Every error leaves as JSON in one shape (ApiErrorBody): 4xx name the field and the problem, unknown routes are
 * 404s, malformed JSON is a 400, a dependency that is down is a 503 with Retry-After, an error with headers of its
 * own (401, 429) sends them. Nothing internal leaks: a stack trace or an unexpected error's message is logged, never
 * sent.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const { httpAdapter } = this.adapterHost;
    const context = host.switchToHttp();
    const request = context.getRequest<{ method?: string; url?: string }>();
    const response = context.getResponse();
    const body = this.toBody(exception, `${request.method} ${request.url}`);
    if (exception instanceof ApiErrorWithHeaders) {
      for (const [name, value] of Object.entries(exception.headers))
        httpAdapter.setHeader(response, name, value);
    }
    if (exception instanceof DependencyUnavailableException) {
      httpAdapter.setHeader(response, 'Retry-After', String(exception.retryAfterSeconds));
    } else if (body.statusCode === HttpStatus.SERVICE_UNAVAILABLE) {
      httpAdapter.setHeader(response, 'Retry-After', '1');
    }
    httpAdapter.reply(response, body, body.statusCode);
  }

  private toBody(exception: unknown, route: string): ApiErrorBody {
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = (exception.cause as { code?: unknown } | undefined)?.code;
      if (typeof code === 'string' && FASTIFY_MESSAGES[code])
        return errorBody(status, FASTIFY_MESSAGES[code]);
      const answer = exception.getResponse();
      if (isApiErrorBody(answer)) {
        if (status >= 500) this.logger.warn(`${route}: ${answer.message}`);
        return answer;
      }
      if (status >= 500) {
        this.logger.error(`${route}: ${exception.message}`, exception.stack);
        return errorBody(status, 'internal error');
      }
      return errorBody(status, messageOf(answer, exception.message));
    }
    if (
      exception instanceof SearchEngineError &&
      (isEngineUnreachable(exception.cause) || exception.transient)
    ) {
      this.logger.warn(`${route}: ${exception.message}`);
      return errorBody(HttpStatus.SERVICE_UNAVAILABLE, 'the search engine is unavailable; retry shortly');
    }
    if (isEngineUnreachable(exception) || isTransientEngineError(exception)) {
      this.logger.warn(`${route}: ${(exception as Error).message}`);
      return errorBody(HttpStatus.SERVICE_UNAVAILABLE, 'the search engine is unavailable; retry shortly');
    }
    this.logger.error(
      `${route}: ${describe(exception)}`,
      exception instanceof Error ? exception.stack : undefined,
    );
    return errorBody(HttpStatus.INTERNAL_SERVER_ERROR, 'internal error');
  }
}

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const body = value as Partial<ApiErrorBody>;
  return (
    typeof body.statusCode === 'number' && typeof body.error === 'string' && typeof body.message === 'string'
  );
}

/** Nest's own exceptions answer `{ message: string | string[] }` or a string. */
function messageOf(answer: unknown, fallback: string): string {
  if (typeof answer === 'string') return answer;
  const message = (answer as { message?: unknown } | null)?.message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : fallback;
}

function describe(exception: unknown): string {
  return exception instanceof Error ? `${exception.name}: ${exception.message}` : String(exception);
}
