import { errors } from '@opensearch-project/opensearch';
import { SearchEngineError } from '@app/search';
import { ArgumentsHost, BadRequestException, HttpException, Logger, NotFoundException } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiErrorWithHeaders, DependencyUnavailableException, InvalidInputException } from './api-error';
import { ApiExceptionFilter } from './api-exception.filter';

function run(exception: unknown): { status: number; body: unknown; headers: Record<string, string> } {
  const sent = { status: 0, body: undefined as unknown, headers: {} as Record<string, string> };
  const adapter = {
    reply: (_response: unknown, body: unknown, status: number) => Object.assign(sent, { body, status }),
    setHeader: (_response: unknown, name: string, value: string) => (sent.headers[name] = value),
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ method: 'POST', url: '/x' }), getResponse: () => ({}) }),
  } as unknown as ArgumentsHost;
  new ApiExceptionFilter({ httpAdapter: adapter } as unknown as HttpAdapterHost).catch(exception, host);
  return sent;
}

describe('ApiExceptionFilter', () => {
  beforeAll(() => {
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterAll(() => jest.restoreAllMocks());

  it('sends our own error bodies as they are', () => {
    const { status, body } = run(new InvalidInputException([{ field: 'a', message: 'a must be a string' }]));
    expect(status).toBe(400);
    expect(body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'a must be a string',
      errors: [{ field: 'a', message: 'a must be a string' }],
    });
  });

  it("gives Nest's own exceptions the same shape", () => {
    expect(run(new NotFoundException('Cannot GET /nope')).body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Cannot GET /nope',
    });
    expect(run(new BadRequestException(['a is bad', 'b is bad'])).body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'a is bad; b is bad',
    });
  });

  it('words fastify body errors for clients', () => {
    const cause = Object.assign(new Error('Body is not valid JSON'), {
      code: 'FST_ERR_CTP_INVALID_JSON_BODY',
      statusCode: 400,
    });
    expect(run(new HttpException('Body is not valid JSON', 400, { cause })).body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'the request body is not valid JSON',
    });
  });

  it('answers a dependency that is down with 503 and Retry-After', () => {
    const answer = run(new DependencyUnavailableException('the signal store is unavailable', 3));
    expect(answer.status).toBe(503);
    expect(answer.headers['Retry-After']).toBe('3');
  });

  it('sends the headers an error carries (Retry-After of a 429, WWW-Authenticate of a 401)', () => {
    const answer = run(new ApiErrorWithHeaders(429, 'slow down', { 'Retry-After': '2' }));
    expect(answer).toEqual({
      status: 429,
      body: { statusCode: 429, error: 'Too Many Requests', message: 'slow down' },
      headers: { 'Retry-After': '2' },
    });
    expect(run(new ApiErrorWithHeaders(401, 'who?', { 'WWW-Authenticate': 'Bearer' })).headers).toEqual({
      'WWW-Authenticate': 'Bearer',
    });
  });

  it('answers an unreachable engine with 503', () => {
    const answer = run(new SearchEngineError('writing 1 places', new errors.ConnectionError('refused')));
    expect(answer).toMatchObject({
      status: 503,
      body: { statusCode: 503, message: 'the search engine is unavailable; retry shortly' },
      headers: { 'Retry-After': '1' },
    });
  });

  it('hides anything unexpected behind a 500 without details', () => {
    const answer = run(new TypeError("Cannot read properties of undefined (reading 'x')"));
    expect(answer).toEqual({
      status: 500,
      body: { statusCode: 500, error: 'Internal Server Error', message: 'internal error' },
      headers: {},
    });
  });
});
