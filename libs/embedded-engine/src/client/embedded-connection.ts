import { Connection } from '@opensearch-project/opensearch';
import { Readable } from 'node:stream';
import { gunzipSync, inflateSync } from 'node:zlib';
import type { EngineHandler } from './worker-engine';

/** What the client's Transport hands a connection (Connection#request params). */
interface TransportRequestParams {
  method: string;
  path: string;
  querystring?: string;
  body?: string | Buffer | NodeJS.ReadableStream | null;
  headers?: Record<string, string | string[] | undefined>;
}

type ResponseCallback = (error: Error | null, response: Readable | null) => void;

/**
 * A response stream shaped like http.IncomingMessage, as the Transport reads it. The body is pushed when first read,
 * after the Transport's `setEncoding('utf8')`, so that the text reaches it as it is: pushed earlier, it would be
 * encoded to UTF-8 bytes and decoded back.
 */
class InProcessResponse extends Readable {
  private body: string | undefined;

  constructor(
    readonly statusCode: number,
    readonly headers: Record<string, string>,
    body: string,
  ) {
    super();
    this.body = body;
  }

  override _read(): void {
    if (this.body === undefined) return;
    const body = this.body;
    this.body = undefined;
    this.push(body, 'utf8');
    this.push(null);
  }
}

async function readBody(
  body: TransportRequestParams['body'],
  encoding: string | undefined,
): Promise<string | undefined> {
  if (body === undefined || body === null) return undefined;
  let bytes: Buffer;
  if (typeof body === 'string') {
    if (!encoding) return body;
    bytes = Buffer.from(body);
  } else if (Buffer.isBuffer(body)) {
    bytes = body;
  } else {
    const chunks: Buffer[] = [];
    for await (const chunk of body as AsyncIterable<Buffer | string>) chunks.push(Buffer.from(chunk));
    bytes = Buffer.concat(chunks);
  }
  if (encoding === 'gzip') bytes = gunzipSync(bytes);
  else if (encoding === 'deflate') bytes = inflateSync(bytes);
  return bytes.toString('utf8');
}

function parseQuery(querystring: string | undefined): Record<string, string> {
  const query: Record<string, string> = {};
  if (!querystring) return query;
  for (const [k, v] of new URLSearchParams(querystring)) query[k] = v;
  return query;
}

/**
 * A client Connection class whose requests are answered by an in-process engine: no sockets, no HTTP,
 * the same request and response bytes as over the wire.
 */
export function embeddedConnectionClass(
  engine: Promise<Pick<EngineHandler, 'handle'>>,
  onClose: () => Promise<void>,
): typeof Connection {
  // The base class keeps the pool's bookkeeping (id, status, roles); requests and close are ours.
  const Base = Connection as unknown as new (options: unknown) => object;
  return class EmbeddedConnection extends Base {
    request(params: TransportRequestParams, callback: ResponseCallback) {
      let aborted = false;
      const headers = params.headers ?? {};
      const encoding = headers['content-encoding'] ?? headers['Content-Encoding'];
      (async () => {
        const body = await readBody(params.body, typeof encoding === 'string' ? encoding : undefined);
        const answer = await (
          await engine
        ).handle({
          method: params.method,
          path: params.path,
          query: parseQuery(params.querystring),
          body,
          headers,
        });
        return new InProcessResponse(answer.status, answer.headers, answer.body);
      })().then(
        (response) => {
          if (!aborted) callback(null, response);
        },
        (error: unknown) => {
          if (!aborted) callback(error instanceof Error ? error : new Error(String(error)), null);
        },
      );
      return {
        abort: () => {
          aborted = true;
        },
      };
    }

    close(callback: () => void = () => undefined): void {
      onClose().then(callback, callback);
    }
  } as unknown as typeof Connection;
}
