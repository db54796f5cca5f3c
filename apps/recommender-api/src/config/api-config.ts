import 'reflect-metadata';
import {
  ENGINE_THREADS,
  EngineThread,
  SEARCH_ENGINE_KINDS,
  SearchEngineKind,
  RefreshPolicy,
} from '@app/search';
import { plainToInstance } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
  validateSync,
  ValidationError,
} from 'class-validator';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ApiKeyListError, parseApiKeyList } from '../access/api-key-list';
import { parseRateLimitList, RateLimitListError } from '../access/rate-limit-policy';

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const REFRESH_POLICIES: readonly RefreshPolicy[] = ['none', 'wait_for', 'immediate'];

/** `DATA_DIR=:memory:` keeps the embedded engine's data in memory only (tests, throwaway runs). */
export const IN_MEMORY_DATA_DIR = ':memory:';

/**
 * The service's configuration, read and validated once at boot; nothing else reads the environment. Each field
 * names its environment variable; `loadApiConfig` refuses a bad value with the variable's name and the problem.
 */
export class ApiConfig {
  /** PORT: HTTP port */
  @IsInt()
  @Min(0)
  @Max(65535)
  port: number = 3000;

  /** HOST: interface to listen on */
  @IsString()
  @MinLength(1)
  host: string = '0.0.0.0';

  /** SEARCH_ENGINE: `embedded` (in-process, data in DATA_DIR) or `opensearch` (OPENSEARCH_URL) */
  @IsIn(SEARCH_ENGINE_KINDS)
  searchEngine: SearchEngineKind = 'embedded';

  /** OPENSEARCH_URL: the cluster, when SEARCH_ENGINE is opensearch */
  @ValidateIf(
    (config: ApiConfig) => config.searchEngine === 'opensearch' || config.opensearchUrl !== undefined,
  )
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: '$property must be the http(s) URL of the cluster, e.g. http://localhost:9200' },
  )
  opensearchUrl?: string;

  /**
   * ENGINE_THREAD: where the embedded engine runs: `worker` (a thread of its own, so that searches do not hold up the
   * HTTP event loop and the service uses two cores) or `inline` (on the service's thread)
   */
  @IsIn(ENGINE_THREADS)
  engineThread: EngineThread = 'worker';

  /** DATA_DIR: the service's data (the embedded engine in `<DATA_DIR>/engine`, demo files), or `:memory:` */
  @IsString()
  @MinLength(1)
  dataDir: string = './data';

  /** REDIS_URL: real-time signals in Redis; unset: in memory (lost on restart, not shared between instances) */
  @IsOptional()
  @IsUrl(
    { protocols: ['redis', 'rediss'], require_protocol: true, require_tld: false },
    { message: '$property must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379' },
  )
  redisUrl?: string;

  /** REDIS_KEY_PREFIX: before every signal key (several deployments or test runs on one Redis) */
  @IsString()
  @MaxLength(100)
  redisKeyPrefix: string = '';

  /** SEARCH_INDEX_PREFIX: before every alias, index and template name (e.g. `staging_`) */
  @IsString()
  @Matches(/^([a-z0-9][a-z0-9_-]*[_-])?$/, {
    message:
      "$property must be lower-case letters, digits, '_' or '-', ending with '_' or '-' (e.g. staging_)",
  })
  searchIndexPrefix: string = '';

  /** ENGINE_REQUEST_TIMEOUT_MS: one engine request */
  @IsInt()
  @Min(100)
  @Max(600_000)
  engineRequestTimeoutMs: number = 10_000;

  /** REDIS_COMMAND_TIMEOUT_MS: one Redis command */
  @IsInt()
  @Min(50)
  @Max(60_000)
  redisCommandTimeoutMs: number = 1_000;

  /** HEALTH_CHECK_TIMEOUT_MS: each dependency's answer to a readiness probe */
  @IsInt()
  @Min(50)
  @Max(60_000)
  healthCheckTimeoutMs: number = 2_000;

  /** CATALOG_WRITE_RETRY_MS: how long catalog writes wait through a reindex's final pass or an engine hiccup */
  @IsInt()
  @Min(0)
  @Max(300_000)
  catalogWriteRetryMs: number = 30_000;

  /** CATALOG_WRITE_REFRESH: when API writes of places and members become searchable (see CatalogIngestionService) */
  @IsIn(REFRESH_POLICIES)
  catalogWriteRefresh: RefreshPolicy = 'wait_for';

  /** BODY_LIMIT_BYTES: largest request body (a batch of 1,000 members with embeddings is about 3 MB) */
  @IsInt()
  @Min(1_024)
  @Max(100 * 1024 * 1024)
  bodyLimitBytes: number = 16 * 1024 * 1024;

  /** INDEX_TEMPLATES_DIR: component and index templates (default: the repository's index-templates/) */
  @IsString()
  @MinLength(1)
  indexTemplatesDir: string = join(repositoryRoot(), 'index-templates');

  /** PAINLESS_DIR: stored scripts and their manifest (default: the repository's painless/) */
  @IsString()
  @MinLength(1)
  painlessDir: string = join(repositoryRoot(), 'painless');

  /** EXPERIMENTS_DIR: the experiment files, checked at boot (default: the repository's experiments/; none there: none run) */
  @IsString()
  @MinLength(1)
  experimentsDir: string = join(repositoryRoot(), 'experiments');

  /** INSTALL_ON_BOOT: install the search artifacts when the service starts (readiness waits for it) */
  @IsBoolean()
  installOnBoot: boolean = true;

  /**
   * CURSOR_SECRET: signs the feeds' paging cursors (at least 32 characters; the same on every instance). Unset: a key
   * made at boot, so cursors stop working after a restart and on other instances (logged).
   */
  @IsOptional()
  @IsString()
  @MinLength(32, { message: '$property must be at least 32 characters' })
  cursorSecret?: string;

  /** BREAKER_FAILURE_THRESHOLD: consecutive failed or timed-out feed engine calls that open the engine's circuit */
  @IsInt()
  @Min(1)
  @Max(1_000)
  breakerFailureThreshold: number = 5;

  /** BREAKER_WINDOW_MS: those failures count as consecutive only within this window of the first */
  @IsInt()
  @Min(100)
  @Max(600_000)
  breakerWindowMs: number = 10_000;

  /** BREAKER_COOL_DOWN_MS: how long the circuit stays open before one probe tries the engine again */
  @IsInt()
  @Min(50)
  @Max(600_000)
  breakerCoolDownMs: number = 2_000;

  /** FALLBACK_REFRESH_MS: how often the feeds' in-memory fallback is refreshed from the engine while it is up */
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  fallbackRefreshMs: number = 15_000;

  /** FALLBACK_MAX_CITIES: cities the fallback keeps (the most recently asked about) */
  @IsInt()
  @Min(1)
  @Max(10_000)
  fallbackMaxCities: number = 200;

  /** FALLBACK_ITEMS_PER_CITY: places and members the fallback keeps per city */
  @IsInt()
  @Min(1)
  @Max(1_000)
  fallbackItemsPerCity: number = 50;

  /**
   * MAX_IN_FLIGHT: requests served at once; past it 503 with Retry-After at once (health and metrics exempt). By
   * Little's law it should hold the peak rate times FEED_DEADLINE_MS: a dependency that hangs keeps each request
   * in flight for up to the deadline before its fallback answers (256 ≈ 128 req/s × 2 s)
   */
  @IsInt()
  @Min(1)
  @Max(100_000)
  maxInFlight: number = 256;

  /**
   * FEED_DEADLINE_MS: a feed page not ready by then is answered from the in-memory fallback (degraded, reason
   * deadline), so that a slow engine or a busy service holds no request longer than this
   */
  @IsInt()
  @Min(100)
  @Max(60_000)
  feedDeadlineMs: number = 2_000;

  /** SHUTDOWN_GRACE_MS: how long a shutdown waits for in-flight requests and their side effects */
  @IsInt()
  @Min(0)
  @Max(600_000)
  shutdownGraceMs: number = 10_000;

  /** PROFILE_CACHE_TTL_MS: how long a member profile read by the feeds is reused (0: no cache) */
  @IsInt()
  @Min(0)
  @Max(600_000)
  profileCacheTtlMs: number = 2_000;

  /** PROFILE_CACHE_SIZE: member profiles the feeds' cache holds */
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  profileCacheSize: number = 10_000;

  /** MEMBER_STATS_REFRESH_MS: how often members' 7-day counters in the engine are recomputed from Redis (0: never) */
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  memberStatsRefreshMs: number = 600_000;

  /** PLACE_EMBEDDING_CACHE_TTL_MS: how long the travel feed reuses a place's embedding (0: read it with every search) */
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  placeEmbeddingCacheTtlMs: number = 60_000;

  /** PLACE_EMBEDDING_CACHE_SIZE: place embeddings the travel feed's cache holds (about 600 bytes each) */
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  placeEmbeddingCacheSize: number = 100_000;

  /** LOG_LEVEL: the lowest level logged */
  @IsIn(LOG_LEVELS)
  logLevel: LogLevel = 'log';

  /**
   * API_KEYS: the client apps' keys, `name:scope+scope:sha256-hex-of-key` separated by commas (scopes: travel,
   * networking, catalog, admin; see access/api-scope.ts). Only the SHA-256 of each key is configured. Unset: the
   * service refuses to start unless AUTH_DISABLED=true (the CLI's other commands, which serve nothing, do not need it).
   */
  @IsOptional()
  @IsString()
  @ParsesWith(parseApiKeyList, ApiKeyListError)
  apiKeys?: string;

  /** AUTH_DISABLED: serve every route without keys or rate limits (development only; logged at boot) */
  @IsBoolean()
  authDisabled: boolean = false;

  /** RATE_LIMIT_CAPACITY: requests a key may make at once per scope (the burst of its token bucket) */
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  rateLimitCapacity: number = 1_000;

  /** RATE_LIMIT_REFILL_PER_SECOND: requests a second a key may keep up per scope (its bucket's refill; decimals ok) */
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.001)
  @Max(10_000_000)
  rateLimitRefillPerSecond: number = 500;

  /** RATE_LIMITS_BY_SCOPE: other limits for some scopes, `scope:capacity:refillPerSecond`, comma separated */
  @IsOptional()
  @IsString()
  @ParsesWith(parseRateLimitList, RateLimitListError)
  rateLimitsByScope?: string;

  /** Where the embedded engine keeps its data; undefined: in memory. */
  get engineDataDir(): string | undefined {
    return this.dataDir === IN_MEMORY_DATA_DIR ? undefined : resolve(this.dataDir, 'engine');
  }

  /** A URL safe to log: without its password. */
  static redact(url: string): string {
    try {
      const parsed = new URL(url);
      if (parsed.password) parsed.password = '***';
      return parsed.toString();
    } catch {
      return '(unparseable URL)';
    }
  }
}

type ConfigField = Exclude<keyof ApiConfig, 'engineDataDir'>;

/** Environment variable of each field. */
export const CONFIG_ENV_NAMES: Readonly<Record<ConfigField, string>> = {
  port: 'PORT',
  host: 'HOST',
  searchEngine: 'SEARCH_ENGINE',
  opensearchUrl: 'OPENSEARCH_URL',
  engineThread: 'ENGINE_THREAD',
  dataDir: 'DATA_DIR',
  redisUrl: 'REDIS_URL',
  redisKeyPrefix: 'REDIS_KEY_PREFIX',
  searchIndexPrefix: 'SEARCH_INDEX_PREFIX',
  engineRequestTimeoutMs: 'ENGINE_REQUEST_TIMEOUT_MS',
  redisCommandTimeoutMs: 'REDIS_COMMAND_TIMEOUT_MS',
  healthCheckTimeoutMs: 'HEALTH_CHECK_TIMEOUT_MS',
  catalogWriteRetryMs: 'CATALOG_WRITE_RETRY_MS',
  catalogWriteRefresh: 'CATALOG_WRITE_REFRESH',
  bodyLimitBytes: 'BODY_LIMIT_BYTES',
  indexTemplatesDir: 'INDEX_TEMPLATES_DIR',
  painlessDir: 'PAINLESS_DIR',
  experimentsDir: 'EXPERIMENTS_DIR',
  installOnBoot: 'INSTALL_ON_BOOT',
  logLevel: 'LOG_LEVEL',
  cursorSecret: 'CURSOR_SECRET',
  apiKeys: 'API_KEYS',
  authDisabled: 'AUTH_DISABLED',
  rateLimitCapacity: 'RATE_LIMIT_CAPACITY',
  rateLimitRefillPerSecond: 'RATE_LIMIT_REFILL_PER_SECOND',
  rateLimitsByScope: 'RATE_LIMITS_BY_SCOPE',
  breakerFailureThreshold: 'BREAKER_FAILURE_THRESHOLD',
  breakerWindowMs: 'BREAKER_WINDOW_MS',
  breakerCoolDownMs: 'BREAKER_COOL_DOWN_MS',
  fallbackRefreshMs: 'FALLBACK_REFRESH_MS',
  fallbackMaxCities: 'FALLBACK_MAX_CITIES',
  fallbackItemsPerCity: 'FALLBACK_ITEMS_PER_CITY',
  maxInFlight: 'MAX_IN_FLIGHT',
  feedDeadlineMs: 'FEED_DEADLINE_MS',
  shutdownGraceMs: 'SHUTDOWN_GRACE_MS',
  profileCacheTtlMs: 'PROFILE_CACHE_TTL_MS',
  profileCacheSize: 'PROFILE_CACHE_SIZE',
  memberStatsRefreshMs: 'MEMBER_STATS_REFRESH_MS',
  placeEmbeddingCacheTtlMs: 'PLACE_EMBEDDING_CACHE_TTL_MS',
  placeEmbeddingCacheSize: 'PLACE_EMBEDDING_CACHE_SIZE',
};

const NUMBER_FIELDS = new Set<ConfigField>([
  'port',
  'engineRequestTimeoutMs',
  'redisCommandTimeoutMs',
  'healthCheckTimeoutMs',
  'catalogWriteRetryMs',
  'bodyLimitBytes',
  'rateLimitCapacity',
  'breakerFailureThreshold',
  'breakerWindowMs',
  'breakerCoolDownMs',
  'fallbackRefreshMs',
  'fallbackMaxCities',
  'fallbackItemsPerCity',
  'maxInFlight',
  'feedDeadlineMs',
  'shutdownGraceMs',
  'profileCacheTtlMs',
  'profileCacheSize',
  'placeEmbeddingCacheTtlMs',
  'placeEmbeddingCacheSize',
  'memberStatsRefreshMs',
]);
const DECIMAL_FIELDS = new Set<ConfigField>(['rateLimitRefillPerSecond']);
const BOOLEAN_FIELDS = new Set<ConfigField>(['installOnBoot', 'authDisabled']);

/** A configuration that cannot start the service; the message lists every problem, one per line. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export type ApiConfigValues = Partial<Pick<ApiConfig, ConfigField>>;

/** Reads the environment (empty variables count as unset) and validates it. */
export function loadApiConfig(env: Record<string, string | undefined>): ApiConfig {
  const values: Record<string, unknown> = {};
  for (const [field, name] of Object.entries(CONFIG_ENV_NAMES) as [ConfigField, string][]) {
    const text = env[name];
    if (text === undefined || text.trim() === '') continue;
    values[field] = NUMBER_FIELDS.has(field)
      ? parseInteger(text)
      : DECIMAL_FIELDS.has(field)
        ? parseDecimal(text)
        : BOOLEAN_FIELDS.has(field)
          ? parseBoolean(text)
          : text.trim();
  }
  // An OPENSEARCH_URL alone means OpenSearch; with SEARCH_ENGINE=embedded it is a contradiction, refused below.
  if (values.searchEngine === undefined && values.opensearchUrl !== undefined)
    values.searchEngine = 'opensearch';
  return resolveApiConfig(values as ApiConfigValues, (field) => CONFIG_ENV_NAMES[field]);
}

/** Fills defaults and validates; `nameOf` says how to call a field in messages (the env variable, by default). */
export function resolveApiConfig(
  values: ApiConfigValues,
  nameOf: (field: ConfigField) => string = (field) => CONFIG_ENV_NAMES[field],
): ApiConfig {
  const config = plainToInstance(ApiConfig, values);
  const problems = validateSync(config, { forbidUnknownValues: true }).flatMap((error) =>
    describe(error, values, nameOf),
  );
  if (config.searchEngine === 'embedded' && config.opensearchUrl !== undefined) {
    problems.push(
      `${nameOf('opensearchUrl')} is set but ${nameOf('searchEngine')} is embedded: unset one of them ` +
        `(the embedded engine ignores a cluster URL, and an ignored setting is a mistake waiting to happen)`,
    );
  }
  if (config.authDisabled && config.apiKeys !== undefined) {
    problems.push(
      `${nameOf('apiKeys')} is set but ${nameOf('authDisabled')} is true: unset one of them ` +
        `(keys that are never checked give a false sense of safety)`,
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function describe(
  error: ValidationError,
  values: ApiConfigValues,
  nameOf: (field: ConfigField) => string,
): string[] {
  const field = error.property as ConfigField;
  const name = nameOf(field);
  const given = (values as Record<string, unknown>)[field];
  const shown = given === undefined ? 'unset' : `got ${JSON.stringify(given)}`;
  // One problem per variable: the rule written first on the field (decorators run bottom-up, so the last recorded).
  const messages = Object.values(error.constraints ?? {});
  const first = messages[messages.length - 1];
  return first === undefined ? [] : [`${first.replace(field, name)} (${shown})`];
}

function parseInteger(text: string): number | string {
  // Left as text when not an integer, so that validation says "must be an integer" with the value.
  return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : text;
}

function parseDecimal(text: string): number | string {
  return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text.trim()) : text;
}

/**
 * A text setting that `parse` must accept; the message is the parser's own (which entry, what is wrong). `parse`
 * throws `errorClass` for a bad value.
 */
function ParsesWith(
  parse: (text: string) => unknown,
  errorClass: new (message: string) => Error,
): PropertyDecorator {
  const problemOf = (value: unknown): string | undefined => {
    if (typeof value !== 'string') return undefined;
    try {
      parse(value);
      return undefined;
    } catch (error) {
      if (error instanceof errorClass) return error.message;
      throw error;
    }
  };
  return ValidateBy({
    name: 'parses',
    validator: {
      validate: (value: unknown) => problemOf(value) === undefined,
      defaultMessage: (args) => `$property: ${problemOf(args?.value)}`,
    },
  });
}

function parseBoolean(text: string): boolean | string {
  const value = text.trim().toLowerCase();
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return text;
}

/** The directory holding package.json, from this file in the source tree or in dist/. */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}
