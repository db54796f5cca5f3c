import { SourceFailedError } from '@app/pipeline';
import { SearchEngineError } from '@app/search';
import { errors } from '@opensearch-project/opensearch';
import { NotFoundException } from '@nestjs/common';
import { DependencyUnavailableException } from '../common/api-error';
import { isEngineFailure } from './engine-circuit';

const answered = (statusCode: number) =>
  new errors.ResponseError({ statusCode, body: { error: { type: 't', reason: 'r' } } } as never);

describe('isEngineFailure', () => {
  it('counts no answer, a 5xx, a 429 and a timed-out source as the engine failing', () => {
    expect(isEngineFailure(new SearchEngineError('x', new errors.ConnectionError('refused')))).toBe(true);
    expect(isEngineFailure(new SearchEngineError('x', answered(503)))).toBe(true);
    expect(isEngineFailure(new SearchEngineError('x', answered(429)))).toBe(true);
    expect(isEngineFailure(new SourceFailedError('Taste', 'timedOut', 'after 800 ms'))).toBe(true);
    const failedOnEngine = new SourceFailedError(
      'Taste',
      'failed',
      'x',
      new SearchEngineError('x', answered(500)),
    );
    expect(isEngineFailure(failedOnEngine)).toBe(true);
    // The API's 503 keeps the library error as its cause.
    expect(isEngineFailure(new DependencyUnavailableException('down', 1, failedOnEngine))).toBe(true);
  });

  it('does not count the engine answering a 4xx, a source failing on something else, or API errors', () => {
    expect(isEngineFailure(new SearchEngineError('x', answered(400)))).toBe(false);
    expect(isEngineFailure(new SourceFailedError('Taste', 'failed', 'x', new Error('Redis is away')))).toBe(
      false,
    );
    expect(isEngineFailure(new NotFoundException('member x not found'))).toBe(false);
    expect(isEngineFailure(new DependencyUnavailableException('the signal store is unavailable'))).toBe(
      false,
    );
  });
});
