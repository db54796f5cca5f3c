import { Client } from '@opensearch-project/opensearch';
import { BackoffPolicy, DEFAULT_BACKOFF, sleep, withBackoff } from './backoff';
import { EngineAnswer, EngineCall, EngineCallOptions, engineRequest } from './engine-request';
import { describeEngineFailure, isTransientEngineError, SearchEngineError } from './engine-errors';
import { SearchLog, SILENT_LOG } from './search-log';

export interface EngineCallsOptions {
  backoff?: BackoffPolicy;
  log?: SearchLog;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/**
 * Engine calls for operator work (installing, reindexing): each one named, retried with backoff on transient
 * failures, and failing with a SearchEngineError that says which step failed and what the engine answered.
 */
export class EngineCalls {
  private readonly backoff: BackoffPolicy;
  private readonly log: SearchLog;

  constructor(
    readonly client: Client,
    private readonly options: EngineCallsOptions = {},
  ) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.log = options.log ?? SILENT_LOG;
  }

  async send<T>(action: string, call: EngineCall, options: EngineCallOptions = {}): Promise<EngineAnswer<T>> {
    try {
      return await withBackoff(() => engineRequest<T>(this.client, call, options), {
        policy: this.backoff,
        retryable: isTransientEngineError,
        sleep: this.options.sleep ?? sleep,
        random: this.options.random,
        onRetry: (error, retry, delayMs) => {
          const failure = describeEngineFailure(error);
          this.log.warn(`${action}: ${failure.type} (${failure.reason}); retry ${retry} in ${delayMs} ms`);
        },
      });
    } catch (error) {
      throw new SearchEngineError(action, error);
    }
  }
}
