import { ConsoleLogger, LoggerService, LogLevel as NestLogLevel } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module';
import { ApiExceptionFilter } from './common/api-exception.filter';
import { ApiValidationPipe } from './common/api-validation.pipe';
import { ApiConfig, LOG_LEVELS, LogLevel } from './config/api-config';

/** The Nest log levels at and above `level`. */
export function logLevelsFrom(level: LogLevel): NestLogLevel[] {
  return [...LOG_LEVELS]
    .reverse()
    .slice(LOG_LEVELS.length - 1 - LOG_LEVELS.indexOf(level))
    .reverse() as NestLogLevel[];
}

export interface CreateApiAppOptions {
  logger?: LoggerService | false;
}

/**
 * The HTTP service on fastify, configured (validation, errors, body limit) but not listening: main() listens,
 * tests use `inject` or listen on port 0, the CLI's demo loads data through it first.
 */
export async function createApiApp(
  config: ApiConfig,
  options: CreateApiAppOptions = {},
): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    // Ids are case-sensitive, and `/v1/events/` is not another route than `/v1/events`.
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: true },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), adapter, {
    logger: options.logger ?? new ConsoleLogger({ logLevels: logLevelsFrom(config.logLevel) }),
    abortOnError: false,
  });
  app.useGlobalPipes(new ApiValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter(app.get(HttpAdapterHost)));
  app.enableShutdownHooks();
  return app;
}
