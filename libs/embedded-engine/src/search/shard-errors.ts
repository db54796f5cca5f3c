import { OpenSearchError } from '../errors';

/**
 * Marks an error raised while a shard builds or runs a query (QueryShardContext#toQuery): the search answers it as a
 * shard failure (search_phase_execution_exception, "all shards failed"), even a ParsingException.
 */
export function shardFailure(error: OpenSearchError): OpenSearchError {
  error.shardLevel = true;
  return error;
}

/** A QueryShardException: a query that cannot be built against this index's mappings. */
export function queryShardError(reason: string, index: string, cause?: OpenSearchError): OpenSearchError {
  return shardFailure(
    new OpenSearchError(400, 'query_shard_exception', reason, { index, index_uuid: '_na_' }, cause),
  );
}

/**
 * QueryShardContext#toQuery wraps anything but ParsingException / QueryShardException thrown while building the query
 * as query_shard_exception "failed to create query: <message>", with the exception as its cause.
 */
export function failedToCreateQuery(indexName: string, cause: OpenSearchError): OpenSearchError {
  return queryShardError(`failed to create query: ${cause.reason}`, indexName, cause);
}
