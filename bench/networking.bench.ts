import { CatalogRepository } from '@app/search';
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
import { DiscoveryFeedService } from '../apps/recommender-api/src/networking/discovery-feed.service';
import { SearchArtifactsService } from '../apps/recommender-api/src/search/search-artifacts.service';
import { SIGNAL_STORE } from '../apps/recommender-api/src/signals/signal-store.token';
import { generateDemoData } from '../apps/recommender-cli/src/demo';
import { BenchSection } from './report';

/**
 * The discovery endpoint under load: `GET /v1/networking/members/{id}/discovery?limit=20` for random visible members
 * of a demo network (members, connections, blocks and their like/pass history; in-memory signals): 32 connections in
 * a closed loop (capacity), then at the target rate in an open loop (latency at that load: offered-load.ts), beside
 * the trivial `GET /health/live` of the same server in the same run. The server runs in a child process (this
 * file, started with `serve`) so that autocannon does not share its event loop; on 2 cores each gets one.
 */
const MEMBERS = Number(process.env.BENCH_DOCS ?? 50_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 30);
const TRIVIAL_SECONDS = Math.max(3, Math.round(SECONDS / 3));
const SINGLE_SECONDS = Math.max(3, Math.round(SECONDS / 6));
const CONNECTIONS = 32;
const SERVE = 'serve-networking-bench';
const TARGET_RATE = 100;

interface Ready {
  port: number;
  /** The key the load sends (every scope; made by the server for this run). */
  apiKey: string;
  viewers: string[];
  members: number;
  loadSeconds: number;
}

/** Pages served, and those served without a source that timed out or failed (it fails open). */
interface Served {
  pages: number;
  degraded: number;
}

/** The child: generates and loads the network, serves it, reports its port and some viewers, then waits. */
async function serve(): Promise<void> {
  const started = performance.now();
  const data = generateDemoData({ memberCount: MEMBERS, placeCount: 0 });
  const access = benchAccess();
  const config = resolveApiConfig({
    dataDir: ':memory:',
    logLevel: 'error',
    catalogWriteRefresh: 'none',
    port: 0,
    ...access.config,
  });
  // Counts degraded pages: under overload the sources that may fail open time out, and pages come back thinner.
  const served: Served = { pages: 0, degraded: 0 };
  const page = DiscoveryFeedService.prototype.page;
  DiscoveryFeedService.prototype.page = async function (this: DiscoveryFeedService, ...args) {
    const result = await page.apply(this, args);
    served.pages++;
    if (result.result.trace.failedSources.length > 0) served.degraded++;
    return result;
  };
  const app = await createApiApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  await app.get(SearchArtifactsService).install();
  const catalog = app.get(CatalogRepository);
  const written = [
    ...(await catalog.putMembers(data.members, 'none')),
    ...(await catalog.putEdges(data.edges, 'none', true)),
  ];
  const failed = written.find((r) => r.result === 'failed');
  if (failed) throw new Error(`loading the network failed: ${failed.id}: ${failed.error?.reason}`);
  await catalog.refresh(['members', 'member_edges']);
  const store = app.get<SignalStore>(SIGNAL_STORE);
  const events: SignalEvent[] = data.interactions
    .filter((e) => e.target.kind === 'member')
    .map((e) => ({ id: e.id, type: e.type, memberId: e.memberId, target: e.target, at: Date.parse(e.at) }));
  for (let i = 0; i < events.length; i += 5_000) await store.record(events.slice(i, i + 5_000));
  const address = app.getHttpServer().address() as { port: number };
  const viewers = data.members.filter((m) => m.visibility === 'visible').map((m) => m.id);
  const ready: Ready = {
    port: address.port,
    apiKey: access.apiKey,
    viewers: viewers.filter((_, i) => i % Math.max(1, Math.floor(viewers.length / 2_000)) === 0),
    members: data.members.length,
    loadSeconds: (performance.now() - started) / 1000,
  };
  serveBenchParent(ready, served, () => app.close());
}

/** A discovery feed server over the demo network in a child process, and the requests to send it. */
export async function startNetworkingServer(
  execArgv: string[] = [],
): Promise<{ server: BenchServer<Ready, Served>; paths: string[]; apiKey: string; members: number }> {
  const server = await startBenchServer<Ready, Served>(__filename, [SERVE], execArgv);
  const paths = shuffled(server.ready.viewers).map((id) => `/v1/networking/members/${id}/discovery?limit=20`);
  return { server, paths, apiKey: server.ready.apiKey, members: server.ready.members };
}

export async function benchNetworking(): Promise<BenchSection> {
  const server = await startBenchServer<Ready, Served>(__filename, [SERVE]);
  try {
    const { ready } = server;
    const paths = shuffled(ready.viewers).map((id) => `/v1/networking/members/${id}/discovery?limit=20`);
    const count = () => server.count();
    await load(ready.port, 2, paths, CONNECTIONS, ready.apiKey); // warm-up: JIT, caches
    const trivial = await load(ready.port, TRIVIAL_SECONDS, ['/health/live'], CONNECTIONS);
    await count();
    const discovery = await load(ready.port, SECONDS, paths, CONNECTIONS, ready.apiKey);
    const pages = await count();
    // the latency target at the target load (the closed loop above only says how long 32 requests queue)
    const paced = await offeredLoad(ready.port, {
      rate: TARGET_RATE,
      seconds: SECONDS,
      paths,
      apiKey: ready.apiKey,
    });
    // One request at a time: what a request costs when it does not queue behind 31 others.
    const alone = await load(ready.port, SINGLE_SECONDS, paths.slice().reverse(), 1, ready.apiKey);
    if (process.env.BENCH_DEBUG) process.stderr.write(`${JSON.stringify({ trivial, discovery }, null, 1)}\n`);
    return {
      title: `Networking discovery feed over ${ready.members.toLocaleString('en-US')} members, ${CONNECTIONS} connections`,
      command: 'npm run bench',
      rows: [
        [
          `GET /v1/networking/members/{id}/discovery?limit=20 (${SECONDS} s, ${ready.viewers.length} viewers)`,
          describeLoad(discovery),
          `p99 ≤ 80 ms, ≥ ${TARGET_RATE} req/s on 2 cores`,
        ],
        [
          `the same, offered at ${TARGET_RATE} req/s in an open loop (${SECONDS} s)`,
          describeOffered(paced),
          `p99 ≤ 80 ms at the target load (${OFFERED_NOTE})`,
        ],
        [
          `the same, one connection (${SINGLE_SECONDS} s)`,
          describeLoad(alone),
          'the cost of one request, without queueing',
        ],
        [
          'pages served without a source that timed out (fail open, 1.5 s)',
          `${pages.degraded} of ${pages.pages} (${((100 * pages.degraded) / Math.max(1, pages.pages)).toFixed(1)}%)`,
          'overload sheds the optional sources first',
        ],
        [
          `GET /health/live, same server (${TRIVIAL_SECONDS} s)`,
          describeLoad(trivial),
          'the floor of this server',
        ],
        ['network generated and loaded (members, edges, history)', `${ready.loadSeconds.toFixed(1)} s`, ''],
      ],
    };
  } finally {
    await server.stop();
  }
}

if (require.main === module && process.argv.includes(SERVE)) {
  serve().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
