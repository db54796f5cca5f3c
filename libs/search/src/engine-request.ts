import { Client } from '@opensearch-project/opensearch';

/** One call of the OpenSearch REST API, written as in its documentation (`PUT /_component_template/{name}`). */
export interface EngineCall {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  path: string;
  body?: unknown;
  /** newline-delimited JSON (`_bulk`): one entry per line */
  bulkBody?: unknown[];
  querystring?: Record<string, string | number | boolean | undefined>;
}

export interface EngineCallOptions {
  /** statuses answered as a result instead of an error (e.g. 404 for "is it there?") */
  ignore?: number[];
  requestTimeoutMs?: number;
}

export interface EngineAnswer<T> {
  statusCode: number;
  body: T;
}

/**
 * Sends one request through the official client's transport. Statuses of 400 and above throw the client's
 * ResponseError unless listed in `ignore`. Every engine call of this library goes through here.
 */
export async function engineRequest<T>(
  client: Client,
  call: EngineCall,
  options: EngineCallOptions = {},
): Promise<EngineAnswer<T>> {
  const querystring: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(call.querystring ?? {})) {
    if (value !== undefined) querystring[key] = value;
  }
  const response = await client.transport.request(
    {
      method: call.method,
      path: call.path,
      ...(call.body !== undefined && { body: call.body as Record<string, unknown> }),
      ...(call.bulkBody !== undefined && { bulkBody: call.bulkBody as Record<string, unknown>[] }),
      querystring,
    },
    {
      ...(options.ignore && { ignore: options.ignore }),
      ...(options.requestTimeoutMs !== undefined && { requestTimeout: options.requestTimeoutMs }),
    },
  );
  return { statusCode: response.statusCode ?? 0, body: response.body as T };
}

/** A path segment (index, template or document id), escaped for the URL. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}
