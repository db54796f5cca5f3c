import { illegalArgument, OpenSearchError, parseException } from '../errors';
import { isPlainObject, parseJson } from './json';

/** One REST call, whether it came over HTTP or through the in-process client connection. */
export interface EngineRequest {
  method: string;
  /** Path without the query string, percent-encoded as sent. */
  path: string;
  /** Query string parameters (last value wins, as OpenSearch's RestUtils does). */
  query: Record<string, string>;
  body?: string;
  headers?: Record<string, string | string[] | undefined>;
}

export interface EngineResponse {
  status: number;
  /** A JSON value (serialized by the caller), a ready text (`_cat` text, NDJSON), or nothing (HEAD). */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
}

/** A matched request: path parameters decoded, query parameters read through typed accessors. */
export class RestCall {
  constructor(
    readonly request: EngineRequest,
    readonly pathParams: Record<string, string>,
  ) {}

  get method(): string {
    return this.request.method;
  }

  param(name: string): string {
    const value = this.pathParams[name];
    if (value === undefined) throw new OpenSearchError(500, 'exception', `missing path parameter [${name}]`);
    return value;
  }

  query(name: string): string | undefined {
    return this.request.query[name];
  }

  /** OpenSearch's Booleans.parseBoolean for request parameters: "" and "true" are true. */
  queryBoolean(name: string, fallback: boolean): boolean {
    const value = this.request.query[name];
    if (value === undefined) return fallback;
    if (value === '' || value === 'true') return true;
    if (value === 'false') return false;
    throw illegalArgument(`Failed to parse value [${value}] as only [true] or [false] are allowed.`);
  }

  queryInteger(name: string, fallback: number): number {
    const value = this.request.query[name];
    if (value === undefined) return fallback;
    if (!/^-?\d+$/.test(value))
      throw illegalArgument(`Failed to parse int parameter [${name}] with value [${value}]`);
    return Number(value);
  }

  queryLong(name: string): number | undefined {
    const value = this.request.query[name];
    if (value === undefined) return undefined;
    if (!/^-?\d+$/.test(value))
      throw illegalArgument(`Failed to parse long parameter [${name}] with value [${value}]`);
    return Number(value);
  }

  queryList(name: string): string[] | undefined {
    const value = this.request.query[name];
    return value === undefined ? undefined : value.split(',').filter((v) => v !== '');
  }

  hasBody(): boolean {
    return this.request.body !== undefined && this.request.body.trim() !== '';
  }

  /** The body as a JSON object; `required` gives OpenSearch's "request body is required". */
  jsonBody(required: boolean): Record<string, unknown> | undefined {
    if (!this.hasBody()) {
      if (required) throw parseException('request body is required');
      return undefined;
    }
    let value: unknown;
    try {
      value = parseJson(this.request.body as string);
    } catch (error) {
      // XContentHelper#convertToMap wraps the parser's error.
      throw parseException('Failed to parse content to map', error as OpenSearchError);
    }
    if (!isPlainObject(value)) {
      throw parseException(`request body must be a JSON object`);
    }
    return value;
  }
}
