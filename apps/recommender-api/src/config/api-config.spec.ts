import { ApiConfig, ConfigError, loadApiConfig, resolveApiConfig } from './api-config';

describe('loadApiConfig', () => {
  it('has working defaults: embedded engine in ./data, port 3000, memory signals', () => {
    const config = loadApiConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      searchEngine: 'embedded',
      dataDir: './data',
      redisKeyPrefix: '',
      searchIndexPrefix: '',
      catalogWriteRefresh: 'wait_for',
      installOnBoot: true,
      logLevel: 'log',
    });
    expect(config.redisUrl).toBeUndefined();
    expect(config.engineDataDir).toMatch(/data\/engine$/);
    expect(config.indexTemplatesDir).toMatch(/index-templates$/);
  });

  it('reads and converts every variable', () => {
    const config = loadApiConfig({
      PORT: '8080',
      SEARCH_ENGINE: 'opensearch',
      OPENSEARCH_URL: 'http://opensearch:9200',
      REDIS_URL: 'redis://:secret@redis:6379/2',
      REDIS_KEY_PREFIX: 'prod:',
      SEARCH_INDEX_PREFIX: 'prod_',
      ENGINE_REQUEST_TIMEOUT_MS: '5000',
      CATALOG_WRITE_REFRESH: 'immediate',
      INSTALL_ON_BOOT: 'false',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      port: 8080,
      searchEngine: 'opensearch',
      opensearchUrl: 'http://opensearch:9200',
      redisUrl: 'redis://:secret@redis:6379/2',
      redisKeyPrefix: 'prod:',
      searchIndexPrefix: 'prod_',
      engineRequestTimeoutMs: 5000,
      catalogWriteRefresh: 'immediate',
      installOnBoot: false,
      logLevel: 'debug',
    });
  });

  it('takes a CURSOR_SECRET of at least 32 characters, and refuses a shorter one by name', () => {
    expect(loadApiConfig({}).cursorSecret).toBeUndefined();
    expect(loadApiConfig({ CURSOR_SECRET: 'k'.repeat(32) }).cursorSecret).toBe('k'.repeat(32));
    expect(() => loadApiConfig({ CURSOR_SECRET: 'short' })).toThrow(
      /CURSOR_SECRET must be at least 32 characters/,
    );
  });

  it('takes OPENSEARCH_URL alone to mean OpenSearch', () => {
    expect(loadApiConfig({ OPENSEARCH_URL: 'https://search.internal:9200' }).searchEngine).toBe('opensearch');
  });

  it('treats empty variables as unset', () => {
    expect(loadApiConfig({ PORT: '', REDIS_URL: ' ' })).toMatchObject({ port: 3000, redisUrl: undefined });
  });

  it('lists every problem at once, naming the variable and the value', () => {
    let error: ConfigError | undefined;
    try {
      loadApiConfig({
        PORT: 'eighty',
        SEARCH_ENGINE: 'elastic',
        REDIS_URL: 'localhost:6379',
        LOG_LEVEL: 'loud',
      });
    } catch (e) {
      error = e as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error!.problems).toEqual(
      expect.arrayContaining([
        'PORT must be an integer number (got "eighty")',
        'SEARCH_ENGINE must be one of the following values: embedded, opensearch (got "elastic")',
        'REDIS_URL must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379 (got "localhost:6379")',
        'LOG_LEVEL must be one of the following values: error, warn, log, debug, verbose (got "loud")',
      ]),
    );
    expect(error!.problems).toHaveLength(4);
    expect(error!.message).toMatch(/^invalid configuration:\n {2}- /);
  });

  it('needs OPENSEARCH_URL for OpenSearch', () => {
    expect(() => loadApiConfig({ SEARCH_ENGINE: 'opensearch' })).toThrow(
      'OPENSEARCH_URL must be the http(s) URL of the cluster, e.g. http://localhost:9200 (unset)',
    );
  });

  it('refuses a cluster URL with the embedded engine rather than ignoring it', () => {
    expect(() => loadApiConfig({ SEARCH_ENGINE: 'embedded', OPENSEARCH_URL: 'http://x:9200' })).toThrow(
      'OPENSEARCH_URL is set but SEARCH_ENGINE is embedded',
    );
  });

  it('refuses out-of-range numbers and a bad index prefix', () => {
    expect(() => loadApiConfig({ PORT: '70000' })).toThrow('PORT must not be greater than 65535 (got 70000)');
    expect(() => loadApiConfig({ SEARCH_INDEX_PREFIX: 'Prod' })).toThrow(
      'SEARCH_INDEX_PREFIX must be lower-case',
    );
  });

  it('reads the resilience settings, with defaults for two cores, and refuses bad ones by name', () => {
    const defaults = loadApiConfig({});
    expect(defaults).toMatchObject({
      maxInFlight: 256,
      feedDeadlineMs: 2_000,
      redisCommandTimeoutMs: 1_000,
      breakerFailureThreshold: 5,
      breakerWindowMs: 10_000,
      breakerCoolDownMs: 2_000,
      fallbackRefreshMs: 15_000,
      fallbackMaxCities: 200,
      fallbackItemsPerCity: 50,
      shutdownGraceMs: 10_000,
      profileCacheTtlMs: 2_000,
      profileCacheSize: 10_000,
    });
    expect(
      loadApiConfig({
        MAX_IN_FLIGHT: '8',
        BREAKER_COOL_DOWN_MS: '500',
        PROFILE_CACHE_TTL_MS: '0',
        FEED_DEADLINE_MS: '750',
      }),
    ).toMatchObject({ maxInFlight: 8, breakerCoolDownMs: 500, profileCacheTtlMs: 0, feedDeadlineMs: 750 });
    expect(() => loadApiConfig({ FEED_DEADLINE_MS: '10' })).toThrow(
      /FEED_DEADLINE_MS must not be less than 100/,
    );
    expect(() => loadApiConfig({ MAX_IN_FLIGHT: '0' })).toThrow(/MAX_IN_FLIGHT must not be less than 1/);
    expect(() => loadApiConfig({ SHUTDOWN_GRACE_MS: 'soon' })).toThrow(
      /SHUTDOWN_GRACE_MS must be an integer/,
    );
  });

  it('keeps the embedded engine in memory with DATA_DIR=:memory:', () => {
    expect(loadApiConfig({ DATA_DIR: ':memory:' }).engineDataDir).toBeUndefined();
  });
});

describe('resolveApiConfig', () => {
  it('fills defaults around the given values (tests, the CLI)', () => {
    expect(resolveApiConfig({ port: 0 })).toMatchObject({ port: 0, searchEngine: 'embedded' });
  });
});

describe('ApiConfig.redact', () => {
  it('hides a password in a URL', () => {
    expect(ApiConfig.redact('redis://user:secret@redis:6379/0')).toBe('redis://user:***@redis:6379/0');
    expect(ApiConfig.redact('http://opensearch:9200')).toBe('http://opensearch:9200/');
  });
});
