import { LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { accessSettings } from './access/access-settings';
import { AppModule } from './app.module';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { ApiValidationPipe } from './common/api-validation.pipe';
import { frameworkErrors, useStrictJsonBodies } from './common/strict-json';
import { ApiConfig, LOG_LEVELS, LogLevel } from './config/api-config';
import { LoggingOptions } from './observability/logging.module';
import { echoRequestId, requestIdOf } from './observability/request-id';
import { setupOpenApi } from './openapi/openapi.setup';

/** The Nest log levels at and above `level`. */
export function logLevelsFrom(level: LogLevel): NestLogLevel[] {
  return [...LOG_LEVELS]
    .reverse()
    .slice(LOG_LEVELS.length - 1 - LOG_LEVELS.indexOf(level))
    .reverse() as NestLogLevel[];
}

export interface CreateApiAppOptions {
  /** Left out: JSON lines through pino at LOG_LEVEL. A logger of the caller's instead, or false for none (tests, benches). */
  logger?: LoggerService | false;
  /** Where pino's JSON lines go (default stdout). */
  logDestination?: DestinationStream;
}

/**
 * The HTTP service on fastify, configured (validation, errors, body limit) but not listening: main() listens,
 * tests use `inject` or listen on port 0, the CLI's demo loads data through it first.
 */
export async function createApiApp(
  config: ApiConfig,
  options: CreateApiAppOptions = {},
): Promise<NestFastifyApplication> {
  // Refuses to serve open by accident (no API_KEYS, no AUTH_DISABLED) before anything starts.
  accessSettings(config);
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // Ids are case-sensitive, and `/v1/events/` is not another route than `/v1/events`.
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: true },
    frameworkErrors,
    // One id per request (the client's x-request-id when safe), shared by fastify, the logs and the feeds.
    genReqId: requestIdOf,
  });
  echoRequestId(adapter.getInstance());
  const logging: LoggingOptions | undefined =
    options.logger === undefined
      ? { level: config.logLevel, destination: options.logDestination }
      : undefined;
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config, logging), adapter, {
    logger: options.logger,
    // Boot messages wait for pino rather than go to the console in another format.
    bufferLogs: logging !== undefined,
    abortOnError: false,
    // JSON only (useStrictJsonBodies); Nest's parsers would add application/x-www-form-urlencoded.
    bodyParser: false,
  });
  if (logging) app.useLogger(app.get(PinoNestLogger));
  useStrictJsonBodies(app);
  app.useGlobalPipes(new ApiValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter(app.get(HttpAdapterHost)));
  app.enableShutdownHooks();
  setupOpenApi(app);
  return app;
}
