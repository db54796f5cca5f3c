import { HttpException, HttpStatus } from '@nestjs/common';
import { ApiErrorWithHeaders, errorBody } from '../common/api-error';
import { ApiScope } from './api-scope';
import { API_KEY_HEADER } from './presented-api-key';

/** How a client learns where the key goes (RFC 7235 wants a challenge on every 401). */
const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="recommender-api"' };

/** 401: no key, or none this service knows. The message names the headers, never a configured key. */
export class ApiKeyRequiredException extends ApiErrorWithHeaders {
  constructor(reason: 'missing' | 'conflicting' | { invalidIn: string }) {
    super(HttpStatus.UNAUTHORIZED, messageOf(reason), CHALLENGE);
  }
}

function messageOf(reason: 'missing' | 'conflicting' | { invalidIn: string }): string {
  if (reason === 'missing') {
    return `an API key is required: send it in the ${API_KEY_HEADER} header (or as Authorization: Bearer <key>)`;
  }
  if (reason === 'conflicting') {
    return `the ${API_KEY_HEADER} and Authorization headers carry different keys: send one key`;
  }
  return `the API key in the ${reason.invalidIn} header is not valid`;
}

/** 403: a known key without the scope the request needs. */
export class ScopeRequiredException extends HttpException {
  constructor(keyName: string, header: string, needed: string) {
    super(
      errorBody(
        HttpStatus.FORBIDDEN,
        `the API key ${keyName} (${header} header) lacks the scope this request needs: ${needed}`,
      ),
      HttpStatus.FORBIDDEN,
    );
  }
}

/** 429: the key's bucket for a scope is empty; `Retry-After` is whole seconds, rounded up. */
export class RateLimitedException extends ApiErrorWithHeaders {
  constructor(keyName: string, scopes: readonly ApiScope[], retryAfterMs: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(
      HttpStatus.TOO_MANY_REQUESTS,
      `the API key ${keyName} is over its rate limit for ${scopes.join(' and ')}: retry after ${seconds} s`,
      { 'Retry-After': String(seconds) },
    );
  }
}
