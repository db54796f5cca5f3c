import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiKeyEntry } from '../apps/recommender-api/src/access/api-key-list';
import { API_SCOPES, ApiScope } from '../apps/recommender-api/src/access/api-scope';
import { ApiConfig, ApiConfigValues, resolveApiConfig } from '../apps/recommender-api/src/config/api-config';
import { createApiApp, CreateApiAppOptions } from '../apps/recommender-api/src/create-api-app';
import { SearchArtifactsService } from '../apps/recommender-api/src/search/search-artifacts.service';

export {
  sampleEdge,
  sampleMember,
  samplePlace,
  testEmbedding,
} from '../libs/catalog/src/catalog-fixtures.spec-helpers';

export const REDIS_URL = 'redis://127.0.0.1:6379';

/** A key prefix of this test file's own; `deleteRedisKeys` removes everything under it. */
export function redisPrefix(name: string): string {
  return `test:e2e:${name}:${process.pid}:${Date.now().toString(36)}:`;
}

export async function deleteRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.quit();
  }
}

export function tempDataDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'recommender-e2e-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The keys startApi configures (unless told otherwise): `all` holds every scope and is what `request` sends; one key
 * per scope for the access tests. Made up for tests, in clear here; the service gets their hashes.
 */
export const TEST_API_KEYS = {
  all: 'test-key-all-scopes',
  travel: 'test-key-travel',
  networking: 'test-key-networking',
  catalog: 'test-key-catalog',
  admin: 'test-key-admin',
} as const satisfies Record<'all' | ApiScope, string>;

/** API_KEYS for TEST_API_KEYS: `test-all` with every scope, `test-<scope>` with one. */
export function testApiKeyList(): string {
  return [
    apiKeyEntry('test-all', API_SCOPES, TEST_API_KEYS.all),
    ...API_SCOPES.map((scope) => apiKeyEntry(`test-${scope}`, [scope], TEST_API_KEYS[scope])),
  ].join(',');
}

export interface TestApi {
  app: NestFastifyApplication;
  config: ApiConfig;
  /** Every route the service registered, as fastify has it (`/v1/catalog/places/:id`, `::` for a literal colon). */
  routes: { method: string; url: string }[];
  /** A request with the key of every scope (TEST_API_KEYS.all) in `x-api-key`; `headers` may replace it. */
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<TestAnswer>;
  /** A request with `apiKey` in `x-api-key`, or without any key when it is undefined. */
  requestAs(
    apiKey: string | undefined,
    method: string,
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<TestAnswer>;
  close(): Promise<void>;
}

/** Fails the test when an answer carries anything like a stack trace. */
export function expectNoStackTrace(answer: TestAnswer): void {
  if (/\bat .+\(.+:\d+:\d+\)|node_modules|\.ts:\d+/.test(answer.text)) {
    throw new Error(`answer carries a stack trace: ${answer.text}`);
  }
}

export interface TestAnswer {
  status: number;
  headers: Record<string, unknown>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

/** A directory that does not exist: no experiment runs. */
export const NO_EXPERIMENTS_DIR = join(__dirname, 'no-experiments');

/**
 * The service as main() builds it, on the embedded engine (in memory unless a data dir is given), answering
 * requests in-process through fastify's inject (the whole HTTP stack: parsing, routing, filters). Waits for the
 * search artifacts unless `installOnBoot` is false. Access control is on, with TEST_API_KEYS (unless `apiKeys` or
 * `authDisabled` is given).
 */
export async function startApi(
  values: ApiConfigValues = {},
  /** With a log destination, the service logs its JSON lines there (at LOG_LEVEL); else it logs nothing. */
  { logDestination }: Pick<CreateApiAppOptions, 'logDestination'> = {},
): Promise<TestApi> {
  const config = resolveApiConfig({
    dataDir: ':memory:',
    catalogWriteRefresh: 'immediate',
    logLevel: 'error',
    // No experiments unless a test brings its own: the repository's examples would shift computed rankings.
    experimentsDir: NO_EXPERIMENTS_DIR,
    ...(!values.authDisabled && { apiKeys: testApiKeyList() }),
    ...values,
  });
  const app = await createApiApp(config, logDestination ? { logDestination } : { logger: false });
  // Nest registers its routes when the app starts: the hook sees every one of them.
  const routes: TestApi['routes'] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url ?? route.path });
    });
  await app.listen(0, '127.0.0.1');
  const base = await app.getUrl();
  if (config.installOnBoot) await waitForInstall(app);
  const requestAs: TestApi['requestAs'] = async (apiKey, method, url, body, headers = {}) => {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const response = await fetch(`${base.replace('[::1]', '127.0.0.1')}${url}`, {
      method,
      body: payload,
      headers: {
        ...(payload !== undefined && { 'content-type': 'application/json' }),
        ...(apiKey !== undefined && { 'x-api-key': apiKey }),
        ...headers,
      },
    });
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: Object.fromEntries(response.headers), body: parsed, text };
  };
  return {
    app,
    config,
    routes,
    request: (method, url, body, headers) => requestAs(TEST_API_KEYS.all, method, url, body, headers),
    requestAs,
    close: () => app.close(),
  };
}

async function waitForInstall(app: NestFastifyApplication): Promise<void> {
  const artifacts = app.get(SearchArtifactsService);
  for (let i = 0; i < 200 && !artifacts.status.installed; i++) {
    await artifacts.install().catch(() => new Promise((resolve) => setTimeout(resolve, 50)));
  }
  if (!artifacts.status.installed)
    throw new Error(`search artifacts not installed: ${artifacts.status.error}`);
}
