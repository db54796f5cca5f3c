import { parseArgs } from 'node:util';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface EngineServerConfig {
  port: number;
  host: string;
  /** Empty: in memory only. */
  dataDir: string | undefined;
  logLevel: LogLevel;
}

/**
 * Reads the command line (`--port`, `--host`, `--data-dir`, `--log-level`, `--in-memory`) over the environment
 * (`ENGINE_PORT`, `ENGINE_HOST`, `DATA_DIR`, `LOG_LEVEL`), once, with clear errors.
 */
export function readConfig(argv: string[], env: NodeJS.ProcessEnv): EngineServerConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'in-memory': { type: 'boolean' },
      'log-level': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  const portText = values.port ?? env.ENGINE_PORT ?? '9200';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port / ENGINE_PORT must be an integer between 0 and 65535, got [${portText}]`);
  }
  const logLevel = (values['log-level'] ?? env.LOG_LEVEL ?? 'info') as LogLevel;
  if (!LEVELS.includes(logLevel)) {
    throw new Error(`--log-level / LOG_LEVEL must be one of ${LEVELS.join(', ')}, got [${logLevel}]`);
  }
  const dataDir = values['in-memory'] ? undefined : (values['data-dir'] ?? env.DATA_DIR ?? './data/engine');
  return {
    port,
    host: values.host ?? env.ENGINE_HOST ?? '127.0.0.1',
    dataDir: dataDir || undefined,
    logLevel,
  };
}

export function logger(level: LogLevel) {
  const enabled = (l: LogLevel) => LEVELS.indexOf(l) >= LEVELS.indexOf(level);
  const write = (l: LogLevel, msg: string) => {
    if (enabled(l))
      process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level: l, msg })}\n`);
  };
  return {
    debug: (msg: string) => write('debug', msg),
    info: (msg: string) => write('info', msg),
    warn: (msg: string) => write('warn', msg),
    error: (msg: string) => write('error', msg),
  };
}
