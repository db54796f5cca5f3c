import { DynamicModule, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import pino, { DestinationStream, Level } from 'pino';
import type { Options } from 'pino-http';
import { LogLevel } from '../config/api-config';
import { requestIdOf } from './request-id';

export interface LoggingOptions {
  /** LOG_LEVEL of the configuration. */
  readonly level: LogLevel;
  /** Where the JSON lines go; default stdout. */
  readonly destination?: DestinationStream;
}

/** LOG_LEVEL names Nest's levels; pino calls `log` info and `verbose` trace. */
export const PINO_LEVELS: Readonly<Record<LogLevel, Level>> = {
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** Scraped and probed every few seconds: a line each would drown the requests that matter. */
const QUIET_PATHS = ['/metrics', '/health/'];

/**
 * Structured logs: one JSON line per event, on pino through nestjs-pino. Every request gets a line when it completes
 * (method, path, status, time), and every line logged while a request is handled carries its `requestId` (the
 * `x-request-id` the client sent, or one made up; see requestIdOf), whichever service logs it.
 * Requests are logged by path only: query strings can carry a member's location, and headers their API key.
 */
export function loggingModule(options: LoggingOptions): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: pinoHttpOptions(options),
    // Fastify's middleware paths need a named wildcard (see ../shared/TOOLCHAIN.md).
    forRoutes: [{ path: '*path', method: RequestMethod.ALL }],
  });
}

export function pinoHttpOptions({ level, destination }: LoggingOptions): Options {
  return {
    level: PINO_LEVELS[level],
    stream: destination,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    genReqId: (request) => requestIdOf(request),
    customAttributeKeys: { reqId: 'requestId' },
    // Lines logged during a request carry its id only; the completion line has the request and the response too.
    quietReqLogger: true,
    autoLogging: { ignore: (request) => isQuiet(request) },
    customLogLevel: (_request, response, error) =>
      error !== undefined || response.statusCode >= 500 ? 'error' : 'info',
    serializers: {
      req: (request: { method?: string; url?: string }) => ({
        method: request.method,
        path: pathOf(request.url),
      }),
      res: (response: { statusCode?: number }) => ({ statusCode: response.statusCode }),
    },
  };
}

function pathOf(url: string | undefined): string | undefined {
  return url?.split('?', 1)[0];
}

function isQuiet(request: IncomingMessage): boolean {
  const path = pathOf(request.url) ?? '';
  return QUIET_PATHS.some((quiet) => path === quiet || path.startsWith(quiet));
}
