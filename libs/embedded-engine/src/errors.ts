/**
 * Errors answered the way OpenSearch answers them:
 * `{"error":{"root_cause":[...],"type":"...","reason":"...",...},"status":N}`
 * (OpenSearchException#generateFailureXContent, BytesRestResponse).
 */
export type ErrorMetadata = Record<string, string | number | boolean | string[] | Record<string, number>>;

export class OpenSearchError extends Error {
  /**
   * Raised while a shard builds or runs a query (QueryShardContext#toQuery): the search answers it as a shard
   * failure (search_phase_execution_exception, "all shards failed"), not as a malformed request.
   */
  shardLevel = false;

  constructor(
    readonly status: number,
    readonly type: string,
    readonly reason: string,
    readonly metadata: ErrorMetadata = {},
    readonly causedBy?: OpenSearchError,
    /** Wrapper exceptions (e.g. search phase failures) report the causes of their parts instead of themselves. */
    readonly rootCauses?: OpenSearchError[],
  ) {
    super(reason);
    this.name = type;
  }

  /** The exception as one JSON object, with its chain of causes. */
  toJSON(): Record<string, unknown> {
    const body: Record<string, unknown> = { type: this.type, reason: this.reason, ...this.metadata };
    if (this.causedBy) body.caused_by = this.causedBy.toJSON();
    return body;
  }

  /** The whole response body: root causes, the exception, and the status. */
  toResponseBody(): Record<string, unknown> {
    const roots = this.rootCauses ?? [this];
    return {
      error: {
        root_cause: roots.map((e) => ({ type: e.type, reason: e.reason, ...e.metadata })),
        ...this.toJSON(),
      },
      status: this.status,
    };
  }
}

export const illegalArgument = (reason: string, causedBy?: OpenSearchError): OpenSearchError =>
  new OpenSearchError(400, 'illegal_argument_exception', reason, {}, causedBy);

export const parseException = (reason: string, causedBy?: OpenSearchError): OpenSearchError =>
  new OpenSearchError(400, 'parse_exception', reason, {}, causedBy);

export const mapperParsing = (reason: string, causedBy?: OpenSearchError): OpenSearchError =>
  new OpenSearchError(400, 'mapper_parsing_exception', reason, {}, causedBy);

export const actionRequestValidation = (problems: string[]): OpenSearchError =>
  new OpenSearchError(
    400,
    'action_request_validation_exception',
    `Validation Failed: ${problems.map((p, i) => `${i + 1}: ${p};`).join('')}`,
  );

export const indexNotFound = (index: string): OpenSearchError =>
  new OpenSearchError(404, 'index_not_found_exception', `no such index [${index}]`, {
    index,
    'resource.id': index,
    'resource.type': 'index_or_alias',
    index_uuid: '_na_',
  });

export const resourceNotFound = (reason: string): OpenSearchError =>
  new OpenSearchError(404, 'resource_not_found_exception', reason);

export const invalidIndexName = (index: string, why: string): OpenSearchError =>
  new OpenSearchError(400, 'invalid_index_name_exception', `Invalid index name [${index}], ${why}`, {
    index,
    index_uuid: '_na_',
  });

export const versionConflict = (
  id: string,
  detail: string,
  index: string,
  indexUuid: string,
): OpenSearchError =>
  new OpenSearchError(409, 'version_conflict_engine_exception', `[${id}]: version conflict, ${detail}`, {
    index,
    shard: '0',
    index_uuid: indexUuid,
  });

export const documentMissing = (id: string, index: string, indexUuid: string): OpenSearchError =>
  new OpenSearchError(404, 'document_missing_exception', `[${id}]: document missing`, {
    index,
    shard: '0',
    index_uuid: indexUuid,
  });

/** Turns anything thrown into an OpenSearchError; unexpected errors become a 500 without a stack trace. */
export function asOpenSearchError(error: unknown): OpenSearchError {
  if (error instanceof OpenSearchError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new OpenSearchError(500, 'exception', message);
}
