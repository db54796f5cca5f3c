import { Client } from '@opensearch-project/opensearch';
import { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { Engine } from '../src/engine';
import { createEmbeddedClient } from '../src/client/create-embedded-client';
import { serveHttp, serverPort } from '../src/http/http-front';

/**
 * Where the conformance suite sends its requests. By default an in-process engine, reached both through the official
 * client (in-process connection) and over HTTP (the `apps/search-engine` front). With OPENSEARCH_URL set, a real
 * OpenSearch 3.x cluster: the same assertions must hold there.
 */
/** Response bodies are asserted field by field, as untyped JSON. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Target {
  name: string;
  client: Client;
  /** A request through the official client (in-process or over HTTP); error statuses are returned, not thrown. */
  request(
    method: string,
    path: string,
    body?: unknown,
    query?: Record<string, string | number | boolean>,
  ): Promise<ClientResponse>;
  /** A raw call, for what a client would not send (malformed JSON, a body with no trailing newline). */
  raw(method: string, path: string, body?: string | object, contentType?: string): Promise<RawResponse>;
  /** A fresh index name, unique per call, so runs against a shared cluster never collide. */
  indexName(prefix?: string): string;
  close(): Promise<void>;
}

export interface ClientResponse {
  status: number;
  body: Json;
}

/** Sends through the client's transport, so the request takes the very path the app's requests take. */
async function clientRequest(
  client: Client,
  method: string,
  path: string,
  body?: unknown,
  query?: Record<string, string | number | boolean>,
): Promise<ClientResponse> {
  const querystring = query
    ? Object.entries(query)
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
        .join('&')
    : undefined;
  const isNdjson = typeof body === 'string' && path.includes('_bulk');
  try {
    const response = await client.transport.request(
      isNdjson
        ? { method, path, querystring, bulkBody: body as string }
        : { method, path, querystring, body: body as never },
    );
    return { status: response.statusCode as number, body: response.body };
  } catch (error) {
    const meta = (error as { meta?: { statusCode?: number; body?: unknown } }).meta;
    if (meta?.statusCode === undefined) throw error;
    return { status: meta.statusCode, body: meta.body };
  }
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: Json;
}

const REAL_CLUSTER = process.env.OPENSEARCH_URL;

export const TRANSPORTS: ('client' | 'http')[] = REAL_CLUSTER ? ['http'] : ['client', 'http'];

async function rawCall(
  base: string,
  method: string,
  path: string,
  body?: string | object,
  contentType?: string,
): Promise<RawResponse> {
  const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const response = await fetch(`${base}${path}`, {
    method,
    body: text,
    headers: text === undefined ? {} : { 'content-type': contentType ?? 'application/json' },
  });
  const responseText = await response.text();
  let json: unknown;
  try {
    json = responseText === '' ? undefined : JSON.parse(responseText);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text: responseText, json };
}

export async function openTarget(transport: 'client' | 'http'): Promise<Target> {
  const run = randomBytes(3).toString('hex');
  let counter = 0;
  const indexName = (prefix = 'conf') => `${prefix}-${run}-${counter++}`;
  if (REAL_CLUSTER) {
    const client = new Client({ node: REAL_CLUSTER });
    return {
      name: `opensearch ${REAL_CLUSTER}`,
      client,
      request: (m, p, b, q) => clientRequest(client, m, p, b, q),
      raw: (m, p, b, c) => rawCall(REAL_CLUSTER, m, p, b, c),
      indexName,
      close: () => client.close(),
    };
  }
  const engine = await Engine.open({});
  let server: Server | undefined;
  let base = '';
  if (transport === 'http') {
    server = await serveHttp(engine, { port: 0 });
    base = `http://127.0.0.1:${serverPort(server)}`;
  }
  const client = transport === 'http' ? new Client({ node: base }) : createEmbeddedClient({ engine });
  const inProcessRaw = async (method: string, path: string, body?: string | object): Promise<RawResponse> => {
    const url = new URL(path, 'http://localhost');
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    const answer = await engine.handle({
      method,
      path: url.pathname,
      query,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    let json: unknown;
    try {
      json = answer.body === '' ? undefined : JSON.parse(answer.body);
    } catch {
      json = undefined;
    }
    return { status: answer.status, headers: new Headers(answer.headers), text: answer.body, json };
  };
  return {
    name: `embedded engine via ${transport}`,
    client,
    request: (m, p, b, q) => clientRequest(client, m, p, b, q),
    raw: transport === 'http' ? (m, p, b, c) => rawCall(base, m, p, b, c) : inProcessRaw,
    indexName,
    close: async () => {
      await client.close();
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await engine.close();
    },
  };
}

/** The error part of an OpenSearch error response, for terse assertions. */
export function errorOf(json: Json): { type: string; reason: string; status: number } {
  return { type: json?.error?.type, reason: json?.error?.reason, status: json?.status };
}

/** An NDJSON body for _bulk: one JSON object a line, with the final newline. */
export const ndjson = (...lines: object[]): string => lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
