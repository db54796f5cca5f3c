import { CatalogRepository } from '@app/search';
import { INestApplication } from '@nestjs/common';
import { SignalEvent, SignalStore } from '@app/signals';
import {
  BenchServer,
  benchAccess,
  describeLoad,
  load,
  serveBenchParent,
  shuffled,
  startBenchServer,
} from './load-test';
import { describeOffered, OFFERED_NOTE, offeredLoad } from './offered-load';
import { performance } from 'node:perf_hooks';
import { resolveApiConfig } from '../apps/recommender-api/src/config/api-config';
import { createApiApp } from '../apps/recommender-api/src/create-api-app';
import { SearchArtifactsService } from '../apps/recommender-api/src/search/search-artifacts.service';
import { SIGNAL_STORE } from '../apps/recommender-api/src/signals/signal-store.token';
import { TravelFeedAnswer } from '../apps/recommender-api/src/travel/travel-feed.dto';
import { TravelFeedService } from '../apps/recommender-api/src/travel/travel-feed.service';
import { startOfTodayUtc } from '../apps/recommender-cli/src/commands/demo.command';
import { DemoData, generateDemoData } from '../apps/recommender-cli/src/demo';
import { BenchSection } from './report';

/**
 * The travel endpoint under load: `GET /v1/travel/members/{id}/places?limit=20` for demo members in their home city
 * (half by `city`, half by a 5 km radius around their home), over the demo places (20,000 and `BENCH_DOCS`, default
 * 100,000) with the members' history in in-memory signals: 32 connections in a closed loop (capacity), then at the
 * target rate in an open loop (latency at that load: offered-load.ts), beside the trivial `GET /health/live` of the
 * same server in the same run. The server runs in a child process (this file, started with `serve`) so that
 * autocannon does not share its event loop; on 2 cores each gets one. The per-stage split comes from sequential
 * requests with `explain=true` after the load.
 */
const LARGEST = Number(process.env.BENCH_DOCS ?? 100_000);
const SIZES = [...new Set([Math.min(20_000, LARGEST), LARGEST])];
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
/** The smaller corpus and the trivial endpoint get a shorter run: they are references, not the target. */
const SHORT_SECONDS = Math.max(3, Math.round(SECONDS / 3));
const TRIVIAL_SECONDS = Math.max(3, Math.round(SECONDS / 6));
const CONNECTIONS = 32;
/** Members whose feeds are asked for (their whole history is loaded into the signals). */
const MEMBERS = 2_000;
const SPLIT_REQUESTS = 100;
const SERVE = 'serve-travel-bench';
const TARGET_RATE = 150;
const TARGET = `p99 ≤ 60 ms, ≥ ${TARGET_RATE} req/s on 2 cores`;

/** What the server saw: answers, and answers where a source failed open (timed out behind the queue). */
interface Served {
  answers: number;
  degraded: number;
}

interface Ready {
  port: number;
  /** The key the load sends (every scope; made by the server for this run). */
  apiKey: string;
  paths: string[];
  places: number;
  loadSeconds: number;
}

/** The child: generates and loads the places and members, records the members' history, serves, then waits. */
async function serve(placeCount: number): Promise<void> {
  const started = performance.now();
  const data = generateDemoData({ placeCount, memberCount: MEMBERS, now: startOfTodayUtc() });
  const access = benchAccess();
  const config = resolveApiConfig({
    dataDir: ':memory:',
    logLevel: 'error',
    catalogWriteRefresh: 'none',
    port: 0,
    ...access.config,
  });
  const served: Served = { answers: 0, degraded: 0 };
  const page = TravelFeedService.prototype.page;
  TravelFeedService.prototype.page = async function (
    this: TravelFeedService,
    ...args: Parameters<typeof page>
  ) {
    const answer = await page.apply(this, args);
    served.answers++;
    if (answer.trace.failedSources.length > 0) served.degraded++;
    return answer;
  };
  const app = await createApiApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  await app.get(SearchArtifactsService).install();
  await loadTravelData(app, data);

  const paths = data.members.map((m, i) =>
    i % 2 === 0
      ? `/v1/travel/members/${m.id}/places?city=${encodeURIComponent(m.city)}&limit=20`
      : `/v1/travel/members/${m.id}/places?lat=${m.location.lat}&lon=${m.location.lon}&radiusKm=5&limit=20`,
  );
  const address = app.getHttpServer().address() as { port: number };
  const ready: Ready = {
    port: address.port,
    apiKey: access.apiKey,
    paths,
    places: data.places.length,
    loadSeconds: (performance.now() - started) / 1000,
  };
  serveBenchParent(ready, served, () => app.close());
}

const pct = (part: number, whole: number) => `${whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10}%`;

/** Mean milliseconds of each stage over sequential requests with `explain=true` (no queueing in them). */
async function stageSplit(port: number, paths: string[], apiKey: string): Promise<string> {
  const totals = new Map<string, number>();
  const add = (name: string, ms: number) => totals.set(name, (totals.get(name) ?? 0) + ms);
  let wall = 0;
  for (let i = 0; i < SPLIT_REQUESTS; i++) {
    const path = `${paths[(i * 7919) % paths.length]}&explain=true`;
    const started = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { 'x-api-key': apiKey } });
    const answer = (await response.json()) as TravelFeedAnswer;
    wall += performance.now() - started;
    const request = answer.explanation?.request;
    if (!request) throw new Error(`no explanation for ${path}: ${JSON.stringify(answer).slice(0, 200)}`);
    add('context', request.contextMs);
    for (const source of request.sources) add(`source ${source.name}`, source.ms);
    for (const step of request.steps)
      add(step.kind === 'fetch' ? 'sources (parallel, wall)' : step.name, step.ms);
    add('pipeline', request.pipelineMs);
  }
  const mean = (name: string) => ((totals.get(name) ?? 0) / SPLIT_REQUESTS).toFixed(2);
  const sources = [...totals.keys()].filter((k) => k.startsWith('source '));
  const stages = [...totals.keys()].filter(
    (k) => !k.startsWith('source ') && !['context', 'pipeline'].includes(k),
  );
  return (
    `client ${(wall / SPLIT_REQUESTS).toFixed(2)} ms = context ${mean('context')} + pipeline ${mean('pipeline')} ` +
    `(${stages.map((s) => `${s} ${mean(s)}`).join(', ')}) + the rest (HTTP both ways, validation, JSON); ` +
    'sources, each from its start to its answer while all run at once on one event loop: ' +
    sources.map((s) => `${s.slice('source '.length)} ${mean(s)}`).join(', ')
  );
}

/**
 * The demo data into a started app, as the API ingests it: places and members through the catalog, then the places'
 * part of the history through the signal store, with the target's categories so that affinities build up. Answers
 * how many history events were recorded.
 */
export async function loadTravelData(app: INestApplication, data: DemoData): Promise<number> {
  const catalog = app.get(CatalogRepository);
  const written = [
    ...(await catalog.putPlaces(data.places, 'none')),
    ...(await catalog.putMembers(data.members, 'none')),
  ];
  const failed = written.find((r) => r.result === 'failed');
  if (failed) throw new Error(`loading the demo data failed: ${failed.id}: ${failed.error?.reason}`);
  await catalog.refresh(['places', 'members']);
  const categories = new Map(data.places.map((p) => [p.id, p.categories as string[]]));
  const store = app.get<SignalStore>(SIGNAL_STORE);
  const events: SignalEvent[] = data.interactions
    .filter((e) => e.target.kind === 'place')
    .map((e) => ({
      id: e.id,
      type: e.type,
      memberId: e.memberId,
      target: e.target,
      at: Date.parse(e.at),
      targetCategories: categories.get(e.target.id),
    }));
  for (let i = 0; i < events.length; i += 5_000) await store.record(events.slice(i, i + 5_000));
  return events.length;
}

/** A travel feed server over `places` demo places in a child process, and the requests to send it. */
export async function startTravelServer(
  places: number,
  execArgv: string[] = [],
): Promise<{ server: BenchServer<Ready, Served>; paths: string[]; apiKey: string; places: number }> {
  const server = await startBenchServer<Ready, Served>(__filename, [SERVE, String(places)], execArgv);
  return {
    server,
    paths: shuffled(server.ready.paths),
    apiKey: server.ready.apiKey,
    places: server.ready.places,
  };
}

async function benchSize(places: number, seconds: number): Promise<BenchSection['rows']> {
  const server = await startBenchServer<Ready, Served>(__filename, [SERVE, String(places)]);
  try {
    const { ready } = server;
    const paths = shuffled(ready.paths);
    const servedSince = () => server.count();
    await load(ready.port, 2, paths, CONNECTIONS, ready.apiKey); // warm-up: JIT, caches
    const trivial = await load(ready.port, TRIVIAL_SECONDS, ['/health/live'], CONNECTIONS);
    await servedSince();
    const travel = await load(ready.port, seconds, paths, CONNECTIONS, ready.apiKey);
    const served = await servedSince();
    // the latency target at the target load (the closed loop above only says how long 32 requests queue)
    const paced =
      places === LARGEST
        ? await offeredLoad(ready.port, { rate: TARGET_RATE, seconds, paths, apiKey: ready.apiKey })
        : undefined;
    const split = await stageSplit(ready.port, paths, ready.apiKey);
    if (process.env.BENCH_DEBUG) process.stderr.write(`${JSON.stringify({ trivial, travel }, null, 1)}\n`);
    const size = ready.places.toLocaleString('en-US');
    return [
      [
        `GET /v1/travel/members/{id}/places?limit=20, ${size} places (${seconds} s, ${paths.length} members)`,
        `${describeLoad(travel)} · ${pct(served.degraded, served.answers)} of answers with a source failed open`,
        places === LARGEST ? TARGET : 'reference',
      ],
      ...(paced
        ? [
            [
              `the same, offered at ${TARGET_RATE} req/s in an open loop (${seconds} s)`,
              describeOffered(paced),
              `p99 ≤ 60 ms at the target load (${OFFERED_NOTE})`,
            ] as [string, string, string],
          ]
        : []),
      [
        `GET /health/live, same server (${TRIVIAL_SECONDS} s)`,
        describeLoad(trivial),
        'the floor of this server',
      ],
      [`per-stage mean, ${size} places (${SPLIT_REQUESTS} sequential requests, ms)`, split, ''],
      [
        `demo data generated and loaded, ${size} places (with the members' history)`,
        `${ready.loadSeconds.toFixed(1)} s`,
        '',
      ],
    ];
  } finally {
    await server.stop();
  }
}

export async function benchTravel(): Promise<BenchSection> {
  const rows: BenchSection['rows'] = [];
  for (const places of SIZES)
    rows.push(...(await benchSize(places, places === LARGEST ? SECONDS : SHORT_SECONDS)));
  return {
    title: `Travel feed over ${SIZES.map((s) => s.toLocaleString('en-US')).join(' and ')} places, ${CONNECTIONS} connections`,
    command: 'npm run bench',
    rows,
  };
}

if (require.main === module && process.argv.includes(SERVE)) {
  serve(Number(process.argv[process.argv.indexOf(SERVE) + 1])).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
