import { errors } from '@opensearch-project/opensearch';

/** What the engine said about a failed request: its HTTP status and OpenSearch's error type and reason. */
export interface EngineFailure {
  /** HTTP status; undefined when no answer came back (connection refused, timeout) */
  status: number | undefined;
  /** OpenSearch's `error.type` (e.g. `illegal_argument_exception`), or the client's error name */
  type: string;
  reason: string;
}

/** Statuses that say "try again later": too many requests, bad gateway, unavailable, gateway timeout. */
const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);

/** The alias has no write index: a reindex froze writes while it copies the last changes (see reindexer). */
const FROZEN_ALIAS_REASON = 'no write index is defined for alias';

export function describeEngineFailure(error: unknown): EngineFailure {
  if (error instanceof errors.ResponseError) {
    const body = error.meta?.body as { error?: unknown } | string | undefined;
    const status = error.meta?.statusCode ?? undefined;
    if (body && typeof body === 'object' && body.error !== undefined) {
      return { status, ...describeErrorObject(body.error) };
    }
    return { status, type: 'response_error', reason: typeof body === 'string' ? body : error.message };
  }
  if (error instanceof errors.OpenSearchClientError) {
    return { status: undefined, type: error.name, reason: error.message };
  }
  if (error instanceof Error) return { status: undefined, type: error.name, reason: error.message };
  return { status: undefined, type: 'unknown', reason: String(error) };
}

/** `error` of an OpenSearch answer: an object with type and reason (root_cause left out), or a bare string. */
export function describeErrorObject(error: unknown): { type: string; reason: string } {
  if (error && typeof error === 'object') {
    const e = error as { type?: unknown; reason?: unknown; caused_by?: { type?: unknown; reason?: unknown } };
    const type = typeof e.type === 'string' ? e.type : 'unknown';
    let reason = typeof e.reason === 'string' ? e.reason : JSON.stringify(error);
    if (e.caused_by && typeof e.caused_by.reason === 'string')
      reason += ` (caused by: ${e.caused_by.reason})`;
    return { type, reason };
  }
  return { type: 'unknown', reason: String(error) };
}

/** Worth retrying with backoff: no answer at all, or an answer that says the engine is busy or starting. */
export function isTransientEngineError(error: unknown): boolean {
  if (error instanceof errors.ResponseError) return TRANSIENT_STATUSES.has(error.meta?.statusCode ?? 0);
  return (
    error instanceof errors.ConnectionError ||
    error instanceof errors.TimeoutError ||
    error instanceof errors.NoLivingConnectionsError
  );
}

/** The engine could not be reached or did not answer in time. */
export function isEngineUnreachable(error: unknown): boolean {
  return (
    error instanceof errors.ConnectionError ||
    error instanceof errors.TimeoutError ||
    error instanceof errors.NoLivingConnectionsError
  );
}

export function isFrozenAliasFailure(failure: { type: string; reason: string }): boolean {
  return failure.type === 'illegal_argument_exception' && failure.reason.includes(FROZEN_ALIAS_REASON);
}

/** A failed step of this library, naming what it was doing and what the engine answered. */
export class SearchEngineError extends Error {
  readonly failure: EngineFailure;

  constructor(
    readonly action: string,
    cause: unknown,
  ) {
    const failure = describeEngineFailure(cause);
    super(`${action} failed: ${failure.status ?? 'no answer'} ${failure.type}: ${failure.reason}`, { cause });
    this.name = 'SearchEngineError';
    this.failure = failure;
  }

  /** True when the engine was unreachable or busy: the same step may succeed later. */
  get transient(): boolean {
    return isTransientEngineError(this.cause);
  }
}
