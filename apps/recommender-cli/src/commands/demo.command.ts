import { INestApplicationContext, Logger } from '@nestjs/common';
import { isAbsolute, relative } from 'node:path';
import { apiKeyEntry, generateApiKey } from '../../../recommender-api/src/access/api-key-list';
import { API_SCOPES, ApiScope } from '../../../recommender-api/src/access/api-scope';
import { ApiConfig } from '../../../recommender-api/src/config/api-config';
import { createApiApp } from '../../../recommender-api/src/create-api-app';
import { CliFailure, cliConfig, openCliContext } from '../cli-context';
import { DEFAULT_DEMO_OPTIONS } from '../demo';
import { DemoLoadReport, loadDemo, resolveDemoOptions } from '../demo-loader';

export interface DemoCommandOptions {
  seed?: string;
  places?: number;
  members?: number;
  /** end of the generated history (ISO); default: today 00:00 UTC, so that the history is recent */
  now?: string;
  force?: boolean;
  events?: boolean;
  /** after loading, serve the API from this process (the engine stays open; in-memory signals keep the history) */
  serve?: boolean;
}

/**
 * `npm run cli -- demo`: generates the deterministic demo data set and loads it through the service's ingestion.
 * With `--serve` (what `npm run demo` runs), the API then listens in the same process and example requests are
 * printed. The process keeps running until SIGINT/SIGTERM. Unless API_KEYS (or AUTH_DISABLED) is set, the demo makes
 * a key per scope for this run, prints them once and serves with their hashes.
 */
export async function demoCommand(
  options: DemoCommandOptions,
  env: Record<string, string | undefined>,
  out: NodeJS.WritableStream,
): Promise<DemoLoadReport> {
  const config = cliConfig(env);
  if (!config.engineDataDir) {
    throw new CliFailure(
      'the demo keeps its files in DATA_DIR: set DATA_DIR to a directory (not :memory:)',
      2,
    );
  }
  // A first load ends the history today, so that "recent" means recent; later runs reuse what DATA_DIR records.
  const dataOptions = await resolveDemoOptions(
    config.dataDir,
    { seed: options.seed, placeCount: options.places, memberCount: options.members, now: options.now },
    { ...DEFAULT_DEMO_OPTIONS, now: startOfTodayUtc() },
    options.force === true,
  );
  if (!options.serve) {
    const context = await openCliContext(config);
    try {
      return await loadDemo(
        context,
        config,
        {
          ...dataOptions,
          force: options.force,
          events: options.events,
          signalsOutliveLoad: config.redisUrl !== undefined,
        },
        out,
      );
    } finally {
      await context.close();
    }
  }
  const keys = config.apiKeys === undefined && !config.authDisabled ? makeDemoApiKeys() : undefined;
  if (keys) config.apiKeys = keys.map((k) => apiKeyEntry(k.name, k.scopes, k.key)).join(',');
  const app = await createApiApp(config);
  let report: DemoLoadReport;
  try {
    await app.init();
    report = await loadDemo(
      app as INestApplicationContext,
      config,
      { ...dataOptions, force: options.force, events: options.events, signalsOutliveLoad: true },
      out,
    );
    await app.listen(config.port, config.host);
  } catch (error) {
    await app.close();
    throw error;
  }
  new Logger('Demo').log(`API listening on http://${config.host}:${config.port}`);
  out.write(exampleRequests(config, report, keys));
  return report;
}

/** A key of the demo: its name, its one scope, and the key in clear (printed once, never stored). */
export interface DemoApiKey {
  name: string;
  scopes: ApiScope[];
  key: string;
}

/** A new random key per scope, `demo-<scope>`, for one run of the demo. */
export function makeDemoApiKeys(): DemoApiKey[] {
  return API_SCOPES.map((scope) => ({ name: `demo-${scope}`, scopes: [scope], key: generateApiKey() }));
}

export function startOfTodayUtc(now: Date = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate())).toISOString();
}

/**
 * Requests that work against the data just loaded, with its own ids, each with the key of the scope it needs: the
 * run's own `keys`; else a shell variable to set (keys from API_KEYS, which the demo cannot know); none with
 * AUTH_DISABLED.
 */
export function exampleRequests(config: ApiConfig, report: DemoLoadReport, keys?: DemoApiKey[]): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const base = `http://${host}:${config.port}`;
  const place = report.data.places[0];
  const [first, second] = report.data.members;
  const event = {
    events: [
      {
        id: `demo-${Date.now().toString(36)}`,
        type: 'save',
        memberId: first?.id,
        target: { kind: 'place', id: place?.id },
        at: new Date().toISOString(),
        context: { scenario: 'travel', position: 0 },
      },
    ],
  };
  const sample = shortPath(report.samplePlaceFile);
  const json = "-H 'content-type: application/json'";
  const key = (scope: ApiScope): string => {
    if (config.authDisabled) return '';
    const own = keys?.find((k) => k.scopes.includes(scope));
    return own ? ` -H 'x-api-key: ${own.key}'` : ` -H "x-api-key: $${scope.toUpperCase()}_API_KEY"`;
  };
  const travelFeed = `${base}/v1/travel/members/${first?.id}/places?city=${encodeURIComponent(first?.city ?? '')}&limit=10`;
  return [
    '',
    `Demo data loaded: ${report.data.places.length} places, ${report.data.members.length} members.`,
    `Hidden tastes for offline evaluation: ${shortPath(report.hiddenTastesFile)}`,
    '',
    ...keysSection(config, keys),
    'Try:',
    `  curl -s ${base}/health/ready`,
    `  curl -s -X PUT ${base}/v1/catalog/places/${place?.id}${key('catalog')} ${json} -d @${sample}`,
    `  curl -s -X POST ${base}/v1/events${key('travel')} ${json} -d '${JSON.stringify(event)}'`,
    `  curl -s -X PUT ${base}/v1/members/${first?.id}/blocks/${second?.id}${key('catalog')}`,
    `  curl -s -X DELETE ${base}/v1/members/${first?.id}/blocks/${second?.id}${key('catalog')}`,
    `  curl -s '${travelFeed}'${key('travel')}`,
    `  curl -s '${base}/v1/networking/members/${first?.id}/discovery?limit=10&explain=true'${key('networking')}`,
    `  curl -s ${base}/v1/admin/search/artifacts${key('admin')}`,
    '',
    'Stop with Ctrl-C.',
    '',
  ].join('\n');
}

/** The run's keys, shown this once; or where the keys come from. */
function keysSection(config: ApiConfig, keys: DemoApiKey[] | undefined): string[] {
  if (config.authDisabled) return ['AUTH_DISABLED=true: every route is open, no key needed.', ''];
  if (!keys) {
    return [
      'API keys: those of API_KEYS (set TRAVEL_API_KEY, NETWORKING_API_KEY, CATALOG_API_KEY and ADMIN_API_KEY',
      'to keys of those scopes for the commands below).',
      '',
    ];
  }
  const width = Math.max(...keys.map((k) => k.name.length));
  return [
    'API keys of this run (shown once: the service keeps only their SHA-256; a new run makes new ones):',
    ...keys.map((k) => `  ${k.name.padEnd(width)}  ${k.scopes.join('+').padEnd(10)}  ${k.key}`),
    '',
  ];
}

/** Relative to the working directory when inside it (shorter commands), absolute otherwise. */
function shortPath(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}
