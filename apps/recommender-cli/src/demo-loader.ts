import { CATALOG_VALIDATOR_OPTIONS, flattenValidationErrors } from '@app/catalog';
import { CatalogRepository } from '@app/search';
import { SignalStore } from '@app/signals';
import { INestApplicationContext } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CatalogIngestionService } from '../../recommender-api/src/catalog/catalog-ingestion.service';
import { BatchResult } from '../../recommender-api/src/catalog/catalog-write.dto';
import { ApiConfig } from '../../recommender-api/src/config/api-config';
import { EventsService } from '../../recommender-api/src/events/events.service';
import { EVENTS_BATCH_MAX, EventsBatchDto } from '../../recommender-api/src/events/interaction-event.dto';
import { SearchArtifactsService } from '../../recommender-api/src/search/search-artifacts.service';
import { SIGNAL_STORE } from '../../recommender-api/src/signals/signal-store.token';
import { CliFailure } from './cli-context';
import { DEFAULT_DEMO_OPTIONS, DemoData, DemoDataOptions, generateDemoData, hiddenTastes } from './demo';
import { createProgress } from './progress';

export const HIDDEN_TASTES_FILE = 'demo-hidden-tastes.json';
export const SAMPLE_PLACE_FILE = 'demo-sample-place.json';
/** The generator options of the data set in DATA_DIR, so that later runs regenerate exactly the same data. */
export const DEMO_MANIFEST_FILE = 'demo-manifest.json';

/** Catalog items per batch: the API's batch limit, so the demo writes exactly as a client would. */
const CATALOG_BATCH = 1_000;
/** Event batches recorded concurrently. */
const EVENT_BATCHES_IN_FLIGHT = 4;

export interface DemoManifest {
  seed: string;
  placeCount: number;
  memberCount: number;
  now: string;
  historyDays: number;
  /** when the catalog was last loaded */
  loadedAt?: string;
}

/**
 * The options of the data set to load: the requested ones over those recorded in DATA_DIR (a second run regenerates
 * what is loaded, whatever the day). Asking for another data set than the one loaded needs `force`.
 */
export async function resolveDemoOptions(
  dataDir: string,
  requested: DemoDataOptions,
  defaults: Required<DemoDataOptions>,
  force: boolean,
): Promise<Required<DemoDataOptions>> {
  const recorded = await readManifest(dataDir);
  const base = recorded && !force ? { ...defaults, ...pickOptions(recorded) } : defaults;
  const resolved = { ...base, ...definedOnly(requested) };
  if (recorded && !force) {
    const differs = (Object.keys(resolved) as (keyof DemoDataOptions)[]).filter(
      (key) => String(resolved[key]) !== String(pickOptions(recorded)[key]),
    );
    if (differs.length > 0) {
      throw new CliFailure(
        `${join(dataDir, DEMO_MANIFEST_FILE)} records another demo data set (${differs
          .map((k) => `${k} ${recorded[k as keyof DemoManifest]}`)
          .join(', ')}): pass --force to load this one over it`,
        2,
      );
    }
  }
  return resolved;
}

async function readManifest(dataDir: string): Promise<DemoManifest | undefined> {
  try {
    return JSON.parse(await readFile(join(dataDir, DEMO_MANIFEST_FILE), 'utf8')) as DemoManifest;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliFailure(`${join(dataDir, DEMO_MANIFEST_FILE)} cannot be read: ${(error as Error).message}`);
  }
}

function pickOptions(manifest: Required<DemoDataOptions>): Required<DemoDataOptions> {
  return {
    seed: manifest.seed,
    placeCount: manifest.placeCount,
    memberCount: manifest.memberCount,
    now: manifest.now,
    historyDays: manifest.historyDays,
  };
}

function definedOnly(options: DemoDataOptions): DemoDataOptions {
  const keys: (keyof DemoDataOptions)[] = ['seed', 'placeCount', 'memberCount', 'now', 'historyDays'];
  return Object.fromEntries(
    keys.filter((k) => options[k] !== undefined).map((k) => [k, options[k]]),
  ) as DemoDataOptions;
}

export interface DemoLoadOptions extends DemoDataOptions {
  /** load even when the catalog is already there, and record the history again */
  force?: boolean;
  /** record the interaction history in the signal store (default true) */
  events?: boolean;
  /** whether the signal store outlives this process (Redis, or memory served by this process) */
  signalsOutliveLoad: boolean;
}

export interface DemoLoadReport {
  data: DemoData;
  generateMs: number;
  catalog: 'loaded' | 'already loaded';
  /** places and members written (0 when already loaded) */
  places: number;
  members: number;
  relations: number;
  /** the time to load places and members: validation, mapping, engine writes, the final refresh */
  catalogMs: number;
  events: {
    state: 'recorded' | 'skipped';
    reason?: string;
    recorded: number;
    duplicates: number;
    ms: number;
  };
  hiddenTastesFile: string;
  samplePlaceFile: string;
}

/**
 * Generates the demo data set and loads it through the service's own ingestion (validation per item, the catalog
 * repository, the events service), in batches of the API's sizes, with progress bars. Loads the catalog once: when
 * the last place and the last member are already in the engine, it is skipped (`force` reloads; writes are
 * idempotent). The history goes to the signal store when that store outlives the command (Redis, or `--serve`), and
 * not over an existing Redis history. The hidden tastes are saved for offline evaluation.
 */
export async function loadDemo(
  context: INestApplicationContext,
  config: ApiConfig,
  options: DemoLoadOptions,
  out: NodeJS.WritableStream,
): Promise<DemoLoadReport> {
  if (!config.engineDataDir) {
    throw new CliFailure(
      'the demo keeps its files in DATA_DIR: set DATA_DIR to a directory (not :memory:)',
      2,
    );
  }
  const artifacts = await context.get(SearchArtifactsService).install();
  out.write(
    `search artifacts ready (${artifacts.tookMs} ms)${artifacts.notes.map((n) => `\n  note: ${n}`).join('')}\n`,
  );

  let started = Date.now();
  const data = generateDemoData(pickOptions({ ...DEFAULT_DEMO_OPTIONS, ...definedOnly(options) }));
  const generateMs = Date.now() - started;
  out.write(
    `generated ${data.places.length} places, ${data.members.length} members, ${data.edges.length} relations and ` +
      `${data.interactions.length} interactions (seed ${data.options.seed}, history to ${data.options.now}) in ` +
      `${(generateMs / 1000).toFixed(1)} s\n`,
  );
  const files = await saveFiles(config.dataDir, data);

  const repository = context.get(CatalogRepository);
  const ingestion = context.get(CatalogIngestionService);
  const loaded = !options.force && (await catalogLoaded(repository, data));
  let catalogMs = 0;
  let relations = 0;
  if (loaded) {
    out.write('catalog already loaded: skipped (--force loads it again)\n');
  } else {
    started = Date.now();
    await loadBatches('places', data.places, (batch) => ingestion.putPlaces(batch, 'none'));
    await loadBatches('members', data.members, (batch) => ingestion.putMembers(batch, 'none'));
    catalogMs = Date.now() - started;
    relations = await loadBatches('relations', data.edges, (batch) => ingestion.putRelations(batch, 'none'));
    await repository.refresh(['places', 'members', 'member_edges']);
    catalogMs = Date.now() - started;
    out.write(
      `loaded ${data.places.length} places and ${data.members.length} members (and ${relations} relations) in ` +
        `${(catalogMs / 1000).toFixed(1)} s\n`,
    );
    await writeAtomically(
      join(config.dataDir, DEMO_MANIFEST_FILE),
      JSON.stringify(
        { ...pickOptions(data.options), loadedAt: new Date().toISOString() } satisfies DemoManifest,
        null,
        2,
      ),
    );
  }

  const events = await loadHistory(context, data, options, loaded);
  if (events.state === 'recorded') {
    out.write(
      `recorded ${events.recorded} interactions in the signal store (${events.duplicates} already there) in ` +
        `${(events.ms / 1000).toFixed(1)} s\n`,
    );
  } else {
    out.write(`interaction history not recorded: ${events.reason}\n`);
  }
  return {
    data,
    generateMs,
    catalog: loaded ? 'already loaded' : 'loaded',
    places: loaded ? 0 : data.places.length,
    members: loaded ? 0 : data.members.length,
    relations,
    catalogMs,
    events,
    hiddenTastesFile: files.hiddenTastes,
    samplePlaceFile: files.samplePlace,
  };
}

/** Loaded when the last place and member of the data set exist and the counts reach the data set's. */
async function catalogLoaded(repository: CatalogRepository, data: DemoData): Promise<boolean> {
  const lastPlace = data.places[data.places.length - 1]?.id;
  const lastMember = data.members[data.members.length - 1]?.id;
  if (!lastPlace || !lastMember) return false;
  const [places, members, placeCount, memberCount] = await Promise.all([
    repository.existing('places', [lastPlace]),
    repository.existing('members', [lastMember]),
    repository.count('places'),
    repository.count('members'),
  ]);
  return (
    places.has(lastPlace) &&
    members.has(lastMember) &&
    placeCount >= data.places.length &&
    memberCount >= data.members.length
  );
}

/** Writes items in batches with a progress bar; stops at the first batch with failures, showing some. */
async function loadBatches<T>(
  title: string,
  items: T[],
  write: (batch: unknown[]) => Promise<BatchResult>,
): Promise<number> {
  const progress = createProgress(title, items.length);
  let stored = 0;
  try {
    for (let start = 0; start < items.length; start += CATALOG_BATCH) {
      const result = await write(items.slice(start, start + CATALOG_BATCH));
      stored += result.stored;
      if (result.failed > 0) {
        const examples = result.items
          .filter((i) => i.result === 'invalid' || i.result === 'failed')
          .slice(0, 3)
          .map(
            (i) => `${i.id ?? `#${start + i.index}`}: ${(i.errors ?? []).map((e) => e.message).join('; ')}`,
          );
        throw new CliFailure(
          `${result.failed} ${title} of a batch were not stored, e.g.\n  ${examples.join('\n  ')}`,
        );
      }
      progress.update(Math.min(items.length, start + CATALOG_BATCH));
    }
  } finally {
    progress.stop();
  }
  return stored;
}

async function loadHistory(
  context: INestApplicationContext,
  data: DemoData,
  options: DemoLoadOptions,
  catalogWasLoaded: boolean,
): Promise<DemoLoadReport['events']> {
  const skipped = (reason: string) => ({
    state: 'skipped' as const,
    reason,
    recorded: 0,
    duplicates: 0,
    ms: 0,
  });
  if (options.events === false) return skipped('--no-events');
  if (!options.signalsOutliveLoad) {
    return skipped(
      'the signal store is in memory and would vanish with this command (set REDIS_URL, or use --serve)',
    );
  }
  const store = context.get<SignalStore>(SIGNAL_STORE);
  if (!options.force && catalogWasLoaded && (await store.readEvents({ limit: 1 })).length > 0) {
    return skipped(
      'the signal store already holds events (--force records the history again; ids make it idempotent)',
    );
  }
  const events = context.get(EventsService);
  const started = Date.now();
  const progress = createProgress('interactions', data.interactions.length);
  let recorded = 0;
  let duplicates = 0;
  let done = 0;
  let next = 0;
  let failed = false;
  // A few batches in flight keep Redis and this process busy at once; the store's results do not depend on order.
  const worker = async () => {
    while (next < data.interactions.length && !failed) {
      const start = next;
      next += EVENTS_BATCH_MAX;
      const slice = data.interactions.slice(start, start + EVENTS_BATCH_MAX);
      // Validated as the API validates a request body.
      const batch = plainToInstance(EventsBatchDto, { events: slice });
      const errors = validateSync(batch, CATALOG_VALIDATOR_OPTIONS);
      if (errors.length > 0) {
        const problems = flattenValidationErrors(errors)
          .slice(0, 3)
          .map((e) => e.message);
        throw new CliFailure(`demo interactions refused by validation, e.g. ${problems.join('; ')}`);
      }
      const result = await events.record(batch.events);
      recorded += result.recorded;
      duplicates += result.duplicates.length;
      done += slice.length;
      progress.update(done);
    }
  };
  const guarded = () =>
    worker().catch((error: unknown) => {
      failed = true;
      throw error;
    });
  try {
    // allSettled first: no batch is still running when the error is reported and the context closes.
    const outcomes = await Promise.allSettled(Array.from({ length: EVENT_BATCHES_IN_FLIGHT }, guarded));
    const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (rejected) throw rejected.reason;
  } finally {
    progress.stop();
  }
  return { state: 'recorded', recorded, duplicates, ms: Date.now() - started };
}

/** The hidden tastes (offline evaluation) and one place as a request body (for the printed curl example). */
async function saveFiles(
  dataDir: string,
  data: DemoData,
): Promise<{ hiddenTastes: string; samplePlace: string }> {
  await mkdir(dataDir, { recursive: true });
  const hidden = join(dataDir, HIDDEN_TASTES_FILE);
  const sample = join(dataDir, SAMPLE_PLACE_FILE);
  await writeAtomically(hidden, JSON.stringify(hiddenTastes(data)));
  const place = data.places[0];
  if (place)
    await writeAtomically(sample, JSON.stringify({ ...place, name: `${place.name} (edited)` }, null, 2));
  return { hiddenTastes: hidden, samplePlace: sample };
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}
