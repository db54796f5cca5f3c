import { errors } from '@opensearch-project/opensearch';
import {
  describeEngineFailure,
  isEngineUnreachable,
  isFrozenAliasFailure,
  isTransientEngineError,
  SearchEngineError,
} from './engine-errors';

function responseError(statusCode: number, body: unknown): errors.ResponseError {
  return new errors.ResponseError({ body, statusCode, headers: {}, meta: {} as never, warnings: null });
}

describe('engine errors', () => {
  it('describes an OpenSearch error answer by status, type and reason (with its cause)', () => {
    const error = responseError(400, {
      error: {
        type: 'mapper_parsing_exception',
        reason: 'failed to parse',
        caused_by: { type: 'x', reason: 'bad vector' },
      },
      status: 400,
    });
    expect(describeEngineFailure(error)).toEqual({
      status: 400,
      type: 'mapper_parsing_exception',
      reason: 'failed to parse (caused by: bad vector)',
    });
  });

  it('describes a missing answer by the client error', () => {
    expect(describeEngineFailure(new errors.ConnectionError('connect ECONNREFUSED'))).toEqual({
      status: undefined,
      type: 'ConnectionError',
      reason: 'connect ECONNREFUSED',
    });
  });

  it.each([
    [new errors.ConnectionError('refused'), true],
    [new errors.TimeoutError('timed out', {} as never), true],
    [responseError(429, {}), true],
    [responseError(503, {}), true],
    [responseError(400, {}), false],
    [responseError(404, {}), false],
    [new Error('bug'), false],
  ])('%s is transient: %s', (error, transient) => {
    expect(isTransientEngineError(error)).toBe(transient);
  });

  it('tells unreachable from busy', () => {
    expect(isEngineUnreachable(new errors.ConnectionError('refused'))).toBe(true);
    expect(isEngineUnreachable(responseError(503, {}))).toBe(false);
  });

  it('recognises writes held back by a reindex', () => {
    expect(
      isFrozenAliasFailure({
        type: 'illegal_argument_exception',
        reason: 'no write index is defined for alias [places]. The write index may be explicitly disabled',
      }),
    ).toBe(true);
    expect(isFrozenAliasFailure({ type: 'illegal_argument_exception', reason: 'other' })).toBe(false);
  });

  it('SearchEngineError names the step and keeps the cause', () => {
    const cause = responseError(503, { error: { type: 'cluster_block_exception', reason: 'blocked' } });
    const error = new SearchEngineError('putting index template places', cause);
    expect(error.message).toBe('putting index template places failed: 503 cluster_block_exception: blocked');
    expect(error.transient).toBe(true);
    expect(error.cause).toBe(cause);
  });
});
