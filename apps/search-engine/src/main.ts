import { Engine, serveHttp, serverPort } from '@app/embedded-engine';
import { logger, readConfig } from './config';

/** `npm run engine -- --port 9200 --data-dir ./data/engine`: the embedded engine over HTTP. */
async function main(): Promise<void> {
  let config;
  try {
    config = readConfig(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`search-engine: ${(error as Error).message}\n`);
    process.exit(2);
  }
  const log = logger(config.logLevel);
  const started = Date.now();
  const engine = await Engine.open({ dataDir: config.dataDir, onWarning: (m) => log.warn(m) });
  const indices = engine.state.indices.size;
  const server = await serveHttp(engine, {
    port: config.port,
    host: config.host,
    log: (line) => log.debug(line),
  });
  log.info(
    `embedded OpenSearch-compatible engine listening on http://${config.host}:${serverPort(server)} ` +
      `(${config.dataDir ? `data in ${config.dataDir}` : 'in memory'}, ${indices} indices recovered in ${Date.now() - started} ms)`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal}: closing`);
    server.close();
    server.closeIdleConnections();
    engine
      .close()
      .then(() => {
        log.info('closed');
        process.exit(0);
      })
      .catch((error: unknown) => {
        log.error(`close failed: ${String(error)}`);
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `search-engine: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
