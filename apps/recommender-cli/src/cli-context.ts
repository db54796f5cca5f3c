import { ConsoleLogger, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ApiConfig, ConfigError, loadApiConfig } from '../../recommender-api/src/config/api-config';
import { logLevelsFrom } from '../../recommender-api/src/create-api-app';
import { CliModule } from './cli.module';

/** Thrown for a failure already explained to the operator; main() exits with `exitCode` without a stack. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliFailure';
  }
}

/**
 * The CLI's configuration: the service's, from the same environment variables, with the boot-time install off
 * (commands install explicitly when they need to).
 */
export function cliConfig(env: Record<string, string | undefined>): ApiConfig {
  try {
    const config = loadApiConfig(env);
    config.installOnBoot = false;
    return config;
  } catch (error) {
    if (error instanceof ConfigError) throw new CliFailure(error.message, 2);
    throw error;
  }
}

/**
 * The service's providers without HTTP. The Nest log shows warnings and errors at most (LOG_LEVEL=error: errors only);
 * the command prints the rest.
 */
export async function openCliContext(config: ApiConfig): Promise<INestApplicationContext> {
  const logLevels = logLevelsFrom(config.logLevel).filter((level) => level === 'error' || level === 'warn');
  return NestFactory.createApplicationContext(CliModule.register(config), {
    logger: new ConsoleLogger({ logLevels }),
    abortOnError: false,
  });
}

/** Runs `work` on a fresh context and closes it (flushing an embedded engine), whatever happens. */
export async function withCliContext<T>(
  config: ApiConfig,
  work: (context: INestApplicationContext) => Promise<T>,
): Promise<T> {
  const context = await openCliContext(config);
  try {
    return await work(context);
  } finally {
    await context.close();
  }
}
