import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { Engine } from '../engine';

export interface HttpFrontOptions {
  port: number;
  host?: string;
  /** One line per request (method, path, status, ms), e.g. a debug logger. */
  log?: (line: string) => void;
}

/** Largest request body accepted (http.max_content_length, 100mb in OpenSearch). */
const MAX_CONTENT_LENGTH = 100 * 1024 * 1024;

async function readRequestBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_CONTENT_LENGTH) throw new Error('content too long');
    chunks.push(chunk as Buffer);
  }
  if (chunks.length === 0) return undefined;
  let bytes = Buffer.concat(chunks);
  if (req.headers['content-encoding'] === 'gzip') bytes = gunzipSync(bytes);
  return bytes.toString('utf8');
}

/** Serves the engine's REST subset over HTTP, for curl and any OpenSearch client. */
export async function serveHttp(engine: Engine, options: HttpFrontOptions): Promise<Server> {
  const server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    readRequestBody(req)
      .then((body) =>
        engine.handle({ method: req.method ?? 'GET', path: url.pathname, query, body, headers: req.headers }),
      )
      .catch((error: unknown) => ({
        status: 413,
        headers: { 'content-type': 'application/json; charset=UTF-8' },
        body: JSON.stringify({ error: String(error instanceof Error ? error.message : error), status: 413 }),
      }))
      .then((answer) => {
        const body = Buffer.from(answer.body, 'utf8');
        res.writeHead(answer.status, { ...answer.headers, 'content-length': String(body.length) });
        res.end(req.method === 'HEAD' ? undefined : body);
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        options.log?.(`${req.method} ${req.url} ${answer.status} ${ms.toFixed(1)}ms`);
      });
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  return server;
}

export function serverPort(server: Server): number {
  return (server.address() as AddressInfo).port;
}
