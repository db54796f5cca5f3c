import { Logger } from '@nestjs/common';
import { ConfigError, loadApiConfig } from './config/api-config';
import { createApiApp } from './create-api-app';

/** `npm run api`: reads the configuration once, starts the service, stops cleanly on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadApiConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`recommender-api: ${error.message}\n`);
    process.exit(2);
  }
  const app = await createApiApp(config);
  await app.listen(config.port, config.host);
  new Logger('Api').log(`listening on http://${config.host}:${config.port}`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `recommender-api: failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
