import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { pinoHttp } from 'pino-http';
import { LogLevel } from '../config/api-config';
import { pinoHttpOptions } from './logging.module';

/** A server answering `status` to every request, logging through pino-http with our options into `lines`. */
async function loggedServer(level: LogLevel, lines: Record<string, unknown>[]): Promise<Server> {
  const destination = { write: (line: string) => void lines.push(JSON.parse(line)) };
  const log = pinoHttp(pinoHttpOptions({ level, destination }));
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    log(request, response);
    const status = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('status') ?? 200);
    response.statusCode = status;
    response.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('pinoHttpOptions', () => {
  it('maps LOG_LEVEL to pino levels (log is info, verbose is trace)', () => {
    const enabled = (level: LogLevel) => {
      const logger = pinoHttp(pinoHttpOptions({ level, destination: { write: () => undefined } })).logger;
      return ['trace', 'debug', 'info', 'warn', 'error'].filter((l) => logger.isLevelEnabled(l));
    };
    expect(enabled('error')).toEqual(['error']);
    expect(enabled('warn')).toEqual(['warn', 'error']);
    expect(enabled('log')).toEqual(['info', 'warn', 'error']);
    expect(enabled('debug')).toEqual(['debug', 'info', 'warn', 'error']);
    expect(enabled('verbose')).toEqual(['trace', 'debug', 'info', 'warn', 'error']);
  });

  describe('a request', () => {
    const lines: Record<string, unknown>[] = [];
    let server: Server;
    let base: string;
    beforeAll(async () => {
      server = await loggedServer('log', lines);
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));
    beforeEach(() => lines.splice(0));

    async function send(path: string, headers: Record<string, string> = {}): Promise<void> {
      await (await fetch(`${base}${path}`, { headers })).text();
    }

    /** The completion line is written when the response has ended, just after the client has it. */
    async function linesWritten(count: number): Promise<void> {
      for (let i = 0; i < 100 && lines.length < count; i++)
        await new Promise((resolve) => setTimeout(resolve, 5));
    }

    it('gets one JSON line with its id, method, path, status and time; never its query string or headers', async () => {
      await send('/v1/travel/members/ana/places?lat=38.7223&lon=-9.1393', {
        'x-request-id': 'trace-1',
        'x-api-key': 'a-secret-key',
      });
      await linesWritten(1);
      expect(lines).toHaveLength(1);
      const [line] = lines;
      expect(line).toMatchObject({
        level: 'info',
        requestId: 'trace-1',
        req: { method: 'GET', path: '/v1/travel/members/ana/places' },
        res: { statusCode: 200 },
        msg: 'request completed',
      });
      expect(typeof line.responseTime).toBe('number');
      expect(typeof line.time).toBe('string');
      const text = JSON.stringify(line);
      expect(text).not.toContain('38.7223');
      expect(text).not.toContain('a-secret-key');
    });

    it('makes up an id when the header is unsafe, and logs server errors at error level', async () => {
      await send('/v1/events?status=503', { 'x-request-id': 'not a token' });
      await linesWritten(1);
      expect(lines).toHaveLength(1);
      expect(lines[0].level).toBe('error');
      expect(lines[0].requestId).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('leaves out probes and scrapes', async () => {
      await send('/health/ready');
      await send('/metrics');
      await send('/health/live');
      await send('/v1/events');
      await linesWritten(1);
      // Only the last request, which is not a probe, was logged.
      expect(lines.map((line) => (line.req as { path: string }).path)).toEqual(['/v1/events']);
    });
  });
});
