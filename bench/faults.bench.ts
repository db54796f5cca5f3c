import { Place } from '@app/catalog';
import { EngineFault, EngineFaults } from '@app/search';
import { RedisSignalStore, SignalKeys } from '@app/signals';
import { Client } from '@opensearch-project/opensearch';
import { Redis } from 'ioredis';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ApiConfig, resolveApiConfig } from '../apps/recommender-api/src/config/api-config';
import { createApiApp } from '../apps/recommender-api/src/create-api-app';
import { SearchArtifactsService } from '../apps/recommender-api/src/search/search-artifacts.service';
import { startOfTodayUtc } from '../apps/recommender-cli/src/commands/demo.command';
import { generateDemoData } from '../apps/recommender-cli/src/demo';
import { benchAccess, BenchServer, serveBenchParent, shuffled, startBenchServer } from './load-test';
import { loadTravelData } from './travel.bench';
import { machineDescription, writeMarkedSection } from './report';

/**
 * `npm run bench:faults`: the travel feed under a steady offered load (feed GETs, event writes, catalog writes) while
 * its dependencies fail and come back, one phase after another:
 *
 *   baseline → Redis killed (SIGKILL) → Redis restarted on its AOF → Redis hung (SIGSTOP) → Redis resumed (SIGCONT)
 *   → engine unreachable (injected into the API's engine client) → engine healed → engine slow past its timeout
 *   → engine fast again
 *
 * Redis is a server of this bench's own (a free port, AOF with `appendfsync always` in a temporary directory: an
 * acknowledged event must survive the kill); the shared Redis on 6379 is never touched. The API runs in a child
 * process with the embedded engine (data in a temporary directory) and the production defaults of its resilience
 * settings (timeouts, breaker, fallback); the engine fault goes in through `EngineFaults`, the e2e tests' seam,
 * set and healed by IPC. Every request is recorded (phase, status, `degraded`, latency); afterwards every acknowledged
 * event is looked for in the signal store's event stream and every acknowledged catalog write is read back from the
 * engine. Writes the service refuses with 503 and Retry-After are its designed answer (the client retries), reported
 * apart; any other 5xx, or no answer, is a failure. It exits non-zero only when the bench itself fails (a missed
 * target is a ✗ in the report).
 *
 * Knobs: BENCH_DOCS (places, default 20,000), BENCH_PHASE_SECONDS (10), BENCH_FEED_RATE (50), BENCH_WRITE=0 (do not
 * write BENCHMARKS.md), BENCH_DEBUG=1 (a per-second timeline), BENCH_DEBUG_FILE (every request as JSON).
 */
const PLACES = Number(process.env.BENCH_DOCS ?? 20_000);
const PHASE_SECONDS = Number(process.env.BENCH_PHASE_SECONDS ?? 10);
/** Offered rates (requests a second, an open loop: a slow answer does not slow the next request down). */
const FEED_RATE = Number(process.env.BENCH_FEED_RATE ?? 50);
const EVENT_RATE = 5;
const CATALOG_RATE = 2;
const MEMBERS = 2_000;
/** The warm-up (JIT, caches, the engine settling after the load) lasts until the feeds are steady, at most this. */
const WARM_UP_MAX_SECONDS = 60;
/** Steady: this many seconds in a row with every feed answer a non-degraded 2xx within WARM_UP_SLOWEST_MS. */
const WARM_UP_STEADY_SECONDS = 3;
const WARM_UP_SLOWEST_MS = 250;
/** Recovered: the first of this many consecutive non-degraded 2xx feed answers after the dependency is back. */
const RECOVERY_RUN = 20;
const RECOVERY_TARGET_MS = 5_000;
/** Client timeouts: a catalog write may wait through CATALOG_WRITE_RETRY_MS (30 s by default) before it answers. */
const FEED_TIMEOUT_MS = 15_000;
const WRITE_TIMEOUT_MS = 60_000;
/** ENGINE_REQUEST_TIMEOUT_MS as the service has it by default; the slow engine takes longer than that. */
const DEFAULTS = new ApiConfig();
const ENGINE_TIMEOUT_MS = DEFAULTS.engineRequestTimeoutMs;
const SLOW_ENGINE_MS = ENGINE_TIMEOUT_MS + 2_000;
const SERVE = 'serve-faults-bench';
export const FAULTS_MARKER = 'bench:faults';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Ready {
  port: number;
  apiKey: string;
  paths: string[];
  memberIds: string[];
  placeIds: string[];
  /** A generated place, the template of the bench's catalog writes. */
  template: Place;
  historyEvents: number;
  loadSeconds: number;
}

type ChildMessage =
  | { fault: EngineFault }
  | { heal: true }
  | { verify: { id: string; name: string; description: string }[] }
  | { logs: true };

interface Verified {
  missing: string[];
  different: string[];
}

/** Warnings and errors the service logged, by message (the first 200 characters), with how often. */
type LogCounts = Record<string, number>;

/** Collects the service's pino lines at warn and above (the bench keeps no log file). */
function logCollector(): { write(line: string): void; counts: LogCounts } {
  const counts: LogCounts = {};
  return {
    counts,
    write(line: string) {
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
        if ((entry.level ?? 0) < 40) return;
        const level = (entry.level ?? 0) >= 50 ? 'error' : 'warn';
        const text =
          `${level}: ${entry.msg ?? ''}${entry.err?.message ? ` (${entry.err.message})` : ''}`.slice(0, 200);
        counts[text] = (counts[text] ?? 0) + 1;
      } catch {
        counts[line.slice(0, 200)] = (counts[line.slice(0, 200)] ?? 0) + 1;
      }
    },
  };
}

/** The child: the API over the demo places with Redis signals, the fault seam, and the members' history in Redis. */
async function serve(
  placeCount: number,
  redisUrl: string,
  keyPrefix: string,
  dataDir: string,
): Promise<void> {
  // An orphan (the parent died) does not outlive it.
  process.on('disconnect', () => process.exit(1));
  const started = performance.now();
  const data = generateDemoData({ placeCount, memberCount: MEMBERS, now: startOfTodayUtc() });
  const access = benchAccess();
  const config = resolveApiConfig({
    dataDir,
    logLevel: 'warn',
    port: 0,
    redisUrl,
    redisKeyPrefix: keyPrefix,
    ...access.config,
  });
  const logs = logCollector();
  const app = await createApiApp(config, { logDestination: logs });
  await app.listen(0, '127.0.0.1');
  await app.get(SearchArtifactsService).install();
  const client = app.get(Client);
  const faults = EngineFaults.install(client);
  const historyEvents = await loadTravelData(app, data);

  const answer = async (message: object): Promise<unknown> => {
    const m = message as ChildMessage;
    if ('fault' in m) faults.set(m.fault);
    else if ('heal' in m) faults.heal();
    else if ('logs' in m) return logs.counts;
    else if ('verify' in m) return verify(client, m.verify);
    return {};
  };
  const address = app.getHttpServer().address() as { port: number };
  const ready: Ready = {
    port: address.port,
    apiKey: access.apiKey,
    paths: data.members.map((m, i) =>
      i % 2 === 0
        ? `/v1/travel/members/${m.id}/places?city=${encodeURIComponent(m.city)}&limit=20`
        : `/v1/travel/members/${m.id}/places?lat=${m.location.lat}&lon=${m.location.lon}&radiusKm=5&limit=20`,
    ),
    memberIds: data.members.map((m) => m.id),
    placeIds: data.places.slice(0, 2_000).map((p) => p.id),
    template: data.places[0],
    historyEvents,
    loadSeconds: (performance.now() - started) / 1000,
  };
  serveBenchParent(ready, {}, () => app.close(), answer);
}

/** Each written place read back from the engine (the real GET, not the feeds): missing, or with other content. */
async function verify(
  client: Client,
  writes: { id: string; name: string; description: string }[],
): Promise<Verified> {
  const result: Verified = { missing: [], different: [] };
  for (const write of writes) {
    const found = await client.transport.request(
      { method: 'GET', path: `/places/_doc/${encodeURIComponent(write.id)}` },
      { ignore: [404] },
    );
    const body = found.body as { found: boolean; _source?: { name?: string; description?: string } };
    if (!body.found) result.missing.push(write.id);
    else if (body._source?.name !== write.name || body._source?.description !== write.description)
      result.different.push(write.id);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// The parent: Redis of its own, the load, the phases, the report.

/** Kills what this process started, whatever way it ends. */
const cleanups: (() => void)[] = [];
function cleanUp(): void {
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      cleanup();
    } catch {
      // best effort: the others still run
    }
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A Redis server of the bench's own, with its AOF in `dir`, that it can kill, restart, hang and resume. */
class BenchRedis {
  private child: ChildProcess | undefined;

  constructor(
    readonly port: number,
    readonly dir: string,
  ) {
    cleanups.push(() => this.child?.kill('SIGKILL'));
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts it (loading the AOF when there is one) and waits until it answers PING; `fsync` is `appendfsync`. */
  async start(fsync: 'always' | 'everysec' = 'always'): Promise<void> {
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes'];
    args.push('--appendfsync', fsync, '--dir', this.dir, '--daemonize', 'no');
    this.child = spawn('/usr/bin/redis-server', args, { stdio: 'ignore' });
    const started = Date.now();
    while (!(await this.answers())) {
      if (Date.now() - started > 30_000) throw new Error(`redis-server on ${this.port} did not answer`);
      await sleep(20);
    }
  }

  /** A crash: SIGKILL, nothing flushed beyond what `appendfsync` already wrote. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** A hang: the process stops answering but keeps its connections open. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  async resume(): Promise<void> {
    this.child?.kill('SIGCONT');
    while (!(await this.answers())) await sleep(20);
  }

  async command<T>(run: (redis: Redis) => Promise<T>): Promise<T> {
    const redis = new Redis(this.url, { maxRetriesPerRequest: 1 });
    try {
      return await run(redis);
    } finally {
      redis.disconnect();
    }
  }

  private async answers(): Promise<boolean> {
    const probe = new Redis({
      port: this.port,
      host: '127.0.0.1',
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      connectTimeout: 500,
      commandTimeout: 500,
    });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      probe.disconnect();
    }
  }
}

type Kind = 'feed' | 'event' | 'catalog';
const ROUTES: Record<Kind, string> = {
  feed: 'GET /v1/travel/members/{id}/places',
  event: 'POST /v1/events',
  catalog: 'PUT /v1/catalog/places/{id}',
};

/** One request as the client saw it; times in ms since the load started. */
interface Sent {
  kind: Kind;
  phase: number;
  sentAt: number;
  doneAt: number;
  /** 0: no answer (timeout, connection refused or reset) */
  status: number;
  retryAfter: boolean;
  degraded?: boolean;
  items?: number;
  /** The `message` of a refusal (a 503 with Retry-After on a write). */
  refusal?: string;
  /** The body of an unexpected answer (a 5xx other than a 503 with Retry-After, or no answer). */
  problem?: string;
  /** Writes: what was written (event `memberId/id`, place id and content). */
  write?: { id: string; memberId?: string; name?: string; description?: string };
}

interface Phase {
  name: string;
  /** What happens at its start; resolves with the time the dependency is back, when the phase is a return. */
  begin: () => Promise<number | void>;
  /** Set when `begin` resolves with a return time (ms since the load started). */
  returnedAt?: number;
  startedAt?: number;
}

/** A failure of the service: any 5xx but a 503 with Retry-After on a write, or no answer; feeds may not refuse. */
function isFailure(s: Sent): boolean {
  if (s.status === 0) return true;
  if (s.status < 500) return false;
  return s.kind === 'feed' || s.status !== 503 || !s.retryAfter;
}
const isRefusal = (s: Sent) => s.status >= 500 && !isFailure(s);
const ok = (s: Sent) => s.status >= 200 && s.status < 300;

function messageOf(text: string): string {
  try {
    return String((JSON.parse(text) as { message?: unknown }).message ?? text.slice(0, 200));
  } catch {
    return text.slice(0, 200);
  }
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** The open-loop load: each kind at its rate, every request recorded under the phase it was sent in. */
class FaultLoad {
  readonly sent: Sent[] = [];
  phase = 0;
  private readonly pending = new Set<Promise<void>>();
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly t0 = performance.now();
  private counter = 0;

  constructor(
    private readonly ready: Ready,
    private readonly base: string,
  ) {}

  now(): number {
    return performance.now() - this.t0;
  }

  start(): void {
    const paths = shuffled(this.ready.paths);
    const members = shuffled(this.ready.memberIds);
    const places = this.ready.placeIds;
    let feed = 0;
    this.every(FEED_RATE, () => this.send('feed', 'GET', paths[feed++ % paths.length]));
    this.every(EVENT_RATE, () => {
      const n = this.counter++;
      const memberId = members[n % members.length];
      const event = {
        id: `fault-${n}`,
        type: 'like',
        memberId,
        target: { kind: 'place', id: places[(n * 7919) % places.length] },
        at: new Date().toISOString(),
      };
      this.send('event', 'POST', '/v1/events', { events: [event] }, { id: event.id, memberId });
    });
    this.every(CATALOG_RATE, () => {
      const n = this.counter++;
      const id = `fault-place-${n}`;
      const now = new Date().toISOString();
      const place: Place = {
        ...this.ready.template,
        id,
        name: `Fault bench place ${n}`,
        description: `written by the fault bench at ${now}`,
        createdAt: now,
        updatedAt: now,
      };
      this.send('catalog', 'PUT', `/v1/catalog/places/${id}`, place, {
        id,
        name: place.name,
        description: place.description,
      });
    });
  }

  /** Stops sending and waits for every answer (or its timeout). */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await Promise.all([...this.pending]);
  }

  private every(rate: number, fire: () => void): void {
    // Paced against the clock, not the timer: a late tick sends what it owes.
    const started = performance.now();
    let fired = 0;
    this.timers.push(
      setInterval(() => {
        const owed = Math.floor(((performance.now() - started) / 1000) * rate) - fired;
        for (let i = 0; i < owed; i++, fired++) fire();
      }, 5),
    );
  }

  private send(kind: Kind, method: string, path: string, body?: unknown, write?: Sent['write']): void {
    const record: Sent = {
      kind,
      phase: this.phase,
      sentAt: this.now(),
      doneAt: 0,
      status: 0,
      retryAfter: false,
    };
    if (write) record.write = write;
    this.sent.push(record);
    const request = (async () => {
      try {
        const response = await fetch(`${this.base}${path}`, {
          method,
          headers: {
            'x-api-key': this.ready.apiKey,
            ...(body !== undefined && { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          signal: AbortSignal.timeout(kind === 'feed' ? FEED_TIMEOUT_MS : WRITE_TIMEOUT_MS),
        });
        const text = await response.text();
        record.status = response.status;
        record.retryAfter = response.headers.has('retry-after');
        if (kind === 'feed' && response.ok) {
          const answer = JSON.parse(text) as { degraded: boolean; items: unknown[] };
          record.degraded = answer.degraded;
          record.items = answer.items.length;
        }
        if (isRefusal(record)) record.refusal = messageOf(text);
        if (isFailure(record)) record.problem = `${ROUTES[kind]} → ${response.status} ${text.slice(0, 300)}`;
      } catch (error) {
        record.problem = `${ROUTES[kind]} → no answer: ${(error as Error).message}`;
      } finally {
        record.doneAt = this.now();
      }
    })();
    this.pending.add(request);
    void request.then(() => this.pending.delete(request));
  }
}

/** Milliseconds from `returnedAt` to the first of RECOVERY_RUN consecutive non-degraded 2xx feed answers after it. */
function recoveryMs(sent: Sent[], returnedAt: number, until: number): number | undefined {
  const after = sent
    .filter((s) => s.kind === 'feed' && s.sentAt >= returnedAt && s.doneAt < until)
    .sort((a, b) => a.sentAt - b.sentAt);
  let run = 0;
  for (let i = 0; i < after.length; i++) {
    run = ok(after[i]) && after[i].degraded === false ? run + 1 : 0;
    if (run === RECOVERY_RUN) return after[i - RECOVERY_RUN + 1].doneAt - returnedAt;
  }
  return undefined;
}

/** Milliseconds from `returnedAt` to the first acknowledged write of `kind` after which every one was acknowledged. */
function writesBackMs(sent: Sent[], kind: Kind, returnedAt: number, until: number): number | undefined {
  const after = sent
    .filter((s) => s.kind === kind && s.sentAt >= returnedAt && s.doneAt < until)
    .sort((a, b) => a.sentAt - b.sentAt);
  let first: Sent | undefined;
  for (const s of after) {
    if (!ok(s)) first = undefined;
    else first ??= s;
  }
  return first && first.doneAt - returnedAt;
}

/** Acknowledged events that are not in the signal store's event stream after `after` (a stream id). */
async function lostEvents(
  redis: BenchRedis,
  prefix: string,
  after: string,
  acked: Sent[],
): Promise<string[]> {
  const recorded = new Set<string>();
  await redis.command(async (connection) => {
    const store = new RedisSignalStore(connection, { keyPrefix: prefix });
    let from = after;
    for (;;) {
      const page = await store.readEvents({ after: from, limit: 10_000 });
      for (const { event } of page) recorded.add(`${event.memberId}/${event.id}`);
      if (page.length < 10_000) break;
      from = page[page.length - 1].streamId;
    }
  });
  return acked.map((s) => `${s.write!.memberId}/${s.write!.id}`).filter((key) => !recorded.has(key));
}

/** Waits until the feeds have been steady for WARM_UP_STEADY_SECONDS (or WARM_UP_MAX_SECONDS); the seconds it took. */
async function steady(load: FaultLoad): Promise<number> {
  let good = 0;
  for (let second = 1; second <= WARM_UP_MAX_SECONDS && good < WARM_UP_STEADY_SECONDS; second++) {
    await sleep(1_000);
    // the second before last: its answers are in
    const from = (second - 2) * 1000;
    const feeds = load.sent.filter((s) => s.kind === 'feed' && s.sentAt >= from && s.sentAt < from + 1000);
    const fine = feeds.every(
      (f) => ok(f) && f.degraded === false && f.doneAt - f.sentAt <= WARM_UP_SLOWEST_MS,
    );
    good = second >= 2 && feeds.length > 0 && fine ? good + 1 : 0;
  }
  return load.now() / 1000;
}

/** Per second of the run (BENCH_DEBUG): feeds sent, fine, degraded, failed, p50 ms; events acknowledged, refused. */
function timeline(sent: Sent[]): string {
  const lines: string[] = [];
  const last = Math.max(...sent.map((s) => s.sentAt));
  for (let second = 0; second * 1000 <= last; second++) {
    const here = sent.filter((s) => Math.floor(s.sentAt / 1000) === second);
    const feeds = here.filter((s) => s.kind === 'feed');
    const events = here.filter((s) => s.kind === 'event');
    lines.push(
      `${second}s phase ${here[0]?.phase}: feeds ${feeds.length} fine ${feeds.filter((f) => ok(f) && !f.degraded).length}` +
        ` degraded ${feeds.filter((f) => ok(f) && f.degraded).length} failed ${feeds.filter(isFailure).length}` +
        ` p50 ${fmt(
          percentile(
            feeds.map((f) => f.doneAt - f.sentAt),
            50,
          ),
        )};` +
        ` events ok ${events.filter(ok).length} refused ${events.filter(isRefusal).length}`,
    );
  }
  return lines.join('\n');
}

const fmt = (ms: number | undefined) => (ms === undefined || Number.isNaN(ms) ? '–' : `${Math.round(ms)}`);
const seconds = (ms: number | undefined) =>
  ms === undefined ? 'not within the phase' : `${(ms / 1000).toFixed(2)} s`;
const mark = (good: boolean) => (good ? '✓' : '✗');

function report(
  phases: Phase[],
  sent: Sent[],
  lost: { events: string[]; places: Verified },
  logs: LogCounts,
  ready: Ready,
  run: { warmUpSeconds: number; loadAverage: number },
): { markdown: string } {
  const rows: string[] = [
    '| phase | feeds: sent · 2xx · degraded · degraded with no items · failed (5xx / no answer) · p50 / p99 ms of the 2xx | events: sent · acknowledged · refused (503 + Retry-After) · failed · p99 ms | catalog writes: sent · acknowledged · refused · failed · p99 ms |',
    '|---|---|---|---|',
  ];
  phases.forEach((phase, i) => {
    const of = (kind: Kind) => sent.filter((s) => s.phase === i && s.kind === kind);
    const feeds = of('feed');
    const latency = (list: Sent[]) => list.filter((s) => s.status > 0).map((s) => s.doneAt - s.sentAt);
    const degraded = feeds.filter((s) => ok(s) && s.degraded);
    const feedCell =
      `${feeds.length} · ${feeds.filter(ok).length} · ${degraded.length} (${Math.round((100 * degraded.length) / Math.max(1, feeds.length))}%)` +
      ` · ${degraded.filter((s) => s.items === 0).length} · ${feeds.filter(isFailure).length}` +
      ` · ${fmt(percentile(latency(feeds.filter(ok)), 50))} / ${fmt(percentile(latency(feeds.filter(ok)), 99))}`;
    const writeCell = (list: Sent[]) =>
      `${list.length} · ${list.filter(ok).length} · ${list.filter(isRefusal).length} · ${list.filter(isFailure).length}` +
      ` · ${fmt(percentile(latency(list), 99))}`;
    rows.push(
      `| ${phase.name} (${PHASE_SECONDS} s) | ${feedCell} | ${writeCell(of('event'))} | ${writeCell(of('catalog'))} |`,
    );
  });

  const failures = sent.filter(isFailure);
  const feedFailures = failures.filter((s) => s.kind === 'feed').length;
  const writeFailures = failures.length - feedFailures;
  const checks: [string, string, boolean][] = [
    [
      'feed answers that were a 5xx or no answer',
      `${feedFailures} of ${sent.filter((s) => s.kind === 'feed').length}`,
      feedFailures === 0,
    ],
    [
      'writes that were a 5xx other than 503 + Retry-After, or no answer',
      `${writeFailures} of ${sent.filter((s) => s.kind !== 'feed').length}`,
      writeFailures === 0,
    ],
  ];
  phases.forEach((phase, i) => {
    if (phase.returnedAt === undefined) return;
    // answered within the phase of the return: the next phase breaks something else
    const until = phases[i + 1]?.startedAt ?? Infinity;
    const feedsBack = recoveryMs(sent, phase.returnedAt, until);
    const events = writesBackMs(sent, 'event', phase.returnedAt, until);
    const catalog = writesBackMs(sent, 'catalog', phase.returnedAt, until);
    checks.push([
      `recovery after “${phase.name}”: first of ${RECOVERY_RUN} consecutive non-degraded 2xx feed answers`,
      `${seconds(feedsBack)} (events all acknowledged again after ${seconds(events)}, catalog writes after ${seconds(catalog)})`,
      feedsBack !== undefined && feedsBack <= RECOVERY_TARGET_MS,
    ]);
  });
  phases.forEach((phase, i) => {
    const back = phases[i + 1]?.returnedAt;
    if (back === undefined) return;
    const feeds = sent.filter((s) => s.phase === i && s.kind === 'feed' && ok(s));
    const unmarked = feeds.filter((s) => s.degraded === false && s.doneAt < back).length;
    checks.push([
      `feed answers not marked degraded though answered during “${phase.name}”`,
      `${unmarked} of ${feeds.length} 2xx`,
      unmarked === 0,
    ]);
  });
  const ackedEvents = sent.filter((s) => s.kind === 'event' && ok(s)).length;
  const ackedPlaces = sent.filter((s) => s.kind === 'catalog' && ok(s)).length;
  checks.push(
    [
      'acknowledged events missing from the signal store’s event stream (after the Redis kill and restart)',
      `${lost.events.length} of ${ackedEvents}`,
      lost.events.length === 0,
    ],
    [
      'acknowledged catalog writes not readable from the engine with their content',
      `${lost.places.missing.length} missing, ${lost.places.different.length} different, of ${ackedPlaces}`,
      lost.places.missing.length + lost.places.different.length === 0,
    ],
  );

  const problems = new Map<string, number>();
  for (const s of failures) {
    const key = `${phases[s.phase].name}: ${s.problem ?? ''}`;
    problems.set(key, (problems.get(key) ?? 0) + 1);
  }
  const refusals = new Map<string, number>();
  for (const s of sent.filter(isRefusal)) {
    const key = `${phases[s.phase].name}: ${ROUTES[s.kind]} → 503 “${s.refusal ?? ''}”`;
    refusals.set(key, (refusals.get(key) ?? 0) + 1);
  }
  const out = [
    `## Faults: the travel feed while Redis and the engine fail (${PLACES.toLocaleString('en-US')} places)`,
    '',
    `Command: \`npm run bench:faults\` · run ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineDescription()}.`,
    '',
    `Offered load, an open loop throughout: ${FEED_RATE} feed GETs/s (\`GET /v1/travel/members/{id}/places?limit=20\`,`,
    `${ready.memberIds.length.toLocaleString('en-US')} members), ${EVENT_RATE} \`POST /v1/events\`/s (one \`like\` each) and ${CATALOG_RATE} \`PUT /v1/catalog/places/{id}\`/s`,
    '(new places). The API runs in a child process with the embedded engine (worker thread, data on disk) and the',
    `default resilience settings (MAX_IN_FLIGHT ${DEFAULTS.maxInFlight}, REDIS_COMMAND_TIMEOUT_MS ${DEFAULTS.redisCommandTimeoutMs},`,
    `ENGINE_REQUEST_TIMEOUT_MS ${DEFAULTS.engineRequestTimeoutMs}, FEED_DEADLINE_MS ${DEFAULTS.feedDeadlineMs}, BREAKER_FAILURE_THRESHOLD ${DEFAULTS.breakerFailureThreshold}, BREAKER_COOL_DOWN_MS ${DEFAULTS.breakerCoolDownMs});`,
    'Redis is the bench’s own `redis-server` with AOF and `appendfsync always`.',
    '',
    `Phases of ${PHASE_SECONDS} s: Redis killed with SIGKILL, then restarted on its AOF; hung with SIGSTOP, then resumed;`,
    'the engine unreachable (every call of the API’s engine client fails as a refused connection), then healed; slow',
    `(every call waits ${SLOW_ENGINE_MS / 1000} s, past the ${ENGINE_TIMEOUT_MS / 1000} s timeout), then fast again. Engine faults go through \`EngineFaults\`, the seam`,
    'of the resilience e2e tests, in the API’s engine client (the engine keeps its data). A write refused with 503',
    'and Retry-After is the designed answer (nothing acknowledged; the client retries); any other 5xx, or no answer, is',
    'a failure, and a feed may not refuse at all. Latencies are the client’s, from sending to the whole answer. A',
    'request counts in the phase it was sent in (one sent just before a fault may be answered during it). Before the',
    `baseline, an uncounted warm-up of ${run.warmUpSeconds.toFixed(0)} s (until the feeds were steady); load average when the phases`,
    `began: ${run.loadAverage.toFixed(2)} (other work shares the cores).`,
    '',
    ...rows,
    '',
    '| measure | result | target |',
    '|---|---|---|',
    ...checks.map(
      ([what, value, good]) =>
        `| ${what} | ${value} | ${mark(good)} ${what.startsWith('recovery') ? `≤ ${RECOVERY_TARGET_MS / 1000} s` : '0'} |`,
    ),
    '',
  ];
  const overload = 'too many requests in flight';
  if (feedFailures > 0 && failures.every((s) => s.problem?.includes(overload))) {
    out.push(
      `Every failure is the in-flight limit’s 503 (“${overload}”): while a dependency does not answer, each feed`,
      `waits for it (the p50 of the 2xx above), so at ${FEED_RATE} requests a second more than MAX_IN_FLIGHT (${DEFAULTS.maxInFlight}) are in flight`,
      'and the rest, writes too, are turned away.',
      '',
    );
  }
  if (problems.size > 0) {
    out.push('Failed requests, by phase (the answer’s first 300 characters):', '');
    for (const [problem, count] of problems) out.push(`- ${count} × \`${problem.replace(/`/g, "'")}\``);
    out.push('');
  }
  if (refusals.size > 0) {
    out.push('Writes refused with 503 and Retry-After, by phase and message:', '');
    for (const [refusal, count] of refusals) out.push(`- ${count} × ${refusal}`);
    out.push('');
  }
  const logLines = Object.entries(logs).sort((a, b) => b[1] - a[1]);
  if (logLines.length > 0) {
    out.push('What the service logged at warn and above during the run (most frequent first):', '');
    for (const [line, count] of logLines.slice(0, 12))
      out.push(`- ${count} × \`${line.replace(/`/g, "'")}\``);
    out.push('');
  }
  return { markdown: out.join('\n') };
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'bench-faults-'));
  cleanups.push(() => rmSync(work, { recursive: true, force: true }));
  process.on('exit', cleanUp);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(130));
  const redisDir = join(work, 'redis');
  mkdirSync(redisDir);
  const redis = new BenchRedis(await freePort(), redisDir);
  // everysec while the members' history is loaded, always once the bench starts (CONFIG SET below, and restarts)
  await redis.start('everysec');
  const prefix = 'bench-faults:';
  let server: BenchServer<Ready, Record<string, never>> | undefined;
  try {
    process.stdout.write(
      `bench:faults: loading ${PLACES.toLocaleString('en-US')} places and the members' history…\n`,
    );
    server = await startBenchServer<Ready, Record<string, never>>(__filename, [
      SERVE,
      String(PLACES),
      redis.url,
      prefix,
      join(work, 'data'),
    ]);
    const stopServer = server.stop;
    const ready = server.ready;
    await redis.command((r) => r.config('SET', 'appendfsync', 'always'));
    const streamKey = new SignalKeys(prefix).eventStream();
    const last = await redis.command((r) => r.xrevrange(streamKey, '+', '-', 'COUNT', 1));
    const streamStart = last[0]?.[0] ?? '0-0';
    process.stdout.write(
      `bench:faults: ready in ${ready.loadSeconds.toFixed(1)} s (${ready.historyEvents.toLocaleString('en-US')} history events); ` +
        `${PHASE_SECONDS} s per phase\n`,
    );

    const load = new FaultLoad(ready, `http://127.0.0.1:${ready.port}`);
    const ask = server.ask;
    const phases: Phase[] = [
      { name: 'baseline', begin: async () => undefined },
      { name: 'Redis killed (SIGKILL)', begin: () => redis.kill() },
      { name: 'Redis restarted on its AOF', begin: async () => (await redis.start('always'), load.now()) },
      { name: 'Redis hung (SIGSTOP)', begin: async () => redis.pause() },
      { name: 'Redis resumed (SIGCONT)', begin: async () => (await redis.resume(), load.now()) },
      { name: 'engine unreachable', begin: async () => void (await ask({ fault: { kind: 'unreachable' } })) },
      { name: 'engine healed', begin: async () => (await ask({ heal: true }), load.now()) },
      {
        name: `engine slow (${SLOW_ENGINE_MS / 1000} s a call, past its ${ENGINE_TIMEOUT_MS / 1000} s timeout)`,
        begin: async () => void (await ask({ fault: { kind: 'slow', ms: SLOW_ENGINE_MS } })),
      },
      { name: 'engine fast again', begin: async () => (await ask({ heal: true }), load.now()) },
    ];
    // a warm-up, not counted, until the feeds are steady: the baseline is then the service's, not its cold start
    load.phase = -1;
    load.start();
    const warmUp = await steady(load);
    const loadAverage = loadavg()[0];
    process.stdout.write(`bench:faults: warm-up ${warmUp.toFixed(0)} s\n`);
    for (const [i, phase] of phases.entries()) {
      load.phase = i;
      phase.startedAt = load.now();
      const returnedAt = await phase.begin();
      if (typeof returnedAt === 'number') phase.returnedAt = returnedAt;
      process.stdout.write(
        `bench:faults: ${phase.name}` +
          (phase.returnedAt !== undefined
            ? ` (back after ${((phase.returnedAt - phase.startedAt) / 1000).toFixed(2)} s)`
            : '') +
          '\n',
      );
      await sleep(Math.max(0, PHASE_SECONDS * 1000 - (load.now() - phase.startedAt)));
    }
    process.stdout.write(
      'bench:faults: waiting for the answers still in flight, then checking the writes…\n',
    );
    await load.stop();
    if (process.env.BENCH_DEBUG) process.stdout.write(`${timeline(load.sent)}\n`);
    if (process.env.BENCH_DEBUG_FILE) writeFileSync(process.env.BENCH_DEBUG_FILE, JSON.stringify(load.sent));
    const sent = load.sent.filter((s) => s.phase >= 0);
    const ackedEvents = sent.filter((s) => s.kind === 'event' && ok(s));
    const ackedPlaces = sent.filter((s) => s.kind === 'catalog' && ok(s));
    const events = await lostEvents(redis, prefix, streamStart, ackedEvents);
    // with a place never written, to show that the check sees a missing one
    const control = { id: 'fault-place-never-written', name: '', description: '' };
    const checked = await ask<Verified | { error: string }>({
      verify: [...ackedPlaces.map((s) => s.write!), control],
    });
    if ('error' in checked) throw new Error(`reading the catalog writes back failed: ${checked.error}`);
    if (!checked.missing.includes(control.id))
      throw new Error('the catalog check did not see a missing place');
    const places = { ...checked, missing: checked.missing.filter((id) => id !== control.id) };
    const logs = await ask<LogCounts>({ logs: true });
    const { markdown } = report(phases, sent, { events, places }, logs, ready, {
      warmUpSeconds: warmUp,
      loadAverage,
    });
    process.stdout.write(`\n${markdown}\n`);
    if (process.env.BENCH_WRITE !== '0')
      writeMarkedSection(join(__dirname, '../../BENCHMARKS.md'), FAULTS_MARKER, markdown);
    server = undefined;
    await stopServer();
  } finally {
    await server?.stop();
    await redis.kill();
    cleanUp();
  }
}

if (require.main === module) {
  if (process.argv.includes(SERVE)) {
    const at = process.argv.indexOf(SERVE);
    const [places, redisUrl, prefix, dataDir] = process.argv.slice(at + 1);
    serve(Number(places), redisUrl, prefix, dataDir).catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
  } else {
    main().catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exitCode = 1;
    });
  }
}
