import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchServer, describeLoad, load } from './load-test';
import { describeOffered, OFFERED_NOTE, offeredLoad } from './offered-load';
import { startNetworkingServer } from './networking.bench';
import { BenchSection, renderSections, writeMarkedSection } from './report';
import { startTravelServer } from './travel.bench';

/**
 * `npm run bench:load`: each feed under load at several concurrencies (closed loops: each connection sends its next
 * request when the last is answered), then offered at two thirds of its target rate and at its target rate in an open
 * loop (offered-load.ts: a request due every 1/rate s, latency from its due time), beside the trivial endpoint of the
 * same server; the time of each pipeline stage from the server's own /metrics over the loaded runs; and where the CPU
 * went (`--cpu-prof` on the server's threads: the HTTP service and the engine worker), the top functions by own time.
 * It writes its sections into BENCHMARKS.md between markers that `npm run bench` keeps.
 */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONCURRENCIES = (process.env.BENCH_CONCURRENCIES ?? '1,8,32,64').split(',').map(Number);
const TOP_FUNCTIONS = 10;
export const LOAD_MARKER = 'bench:load';

interface Feed {
  name: string;
  scenario: 'travel' | 'networking';
  corpus: string;
  targetRate: number;
  target: string;
  start(
    execArgv: string[],
  ): Promise<{ server: BenchServer<unknown, unknown>; paths: string[]; apiKey: string }>;
}

const FEEDS: Feed[] = [
  {
    name: 'GET /v1/travel/members/{id}/places?limit=20',
    scenario: 'travel',
    corpus: `${Number(process.env.BENCH_DOCS ?? 100_000).toLocaleString('en-US')} places`,
    targetRate: 150,
    target: 'p99 ≤ 60 ms, ≥ 150 req/s',
    start: (execArgv) => startTravelServer(Number(process.env.BENCH_DOCS ?? 100_000), execArgv),
  },
  {
    name: 'GET /v1/networking/members/{id}/discovery?limit=20',
    scenario: 'networking',
    corpus: '50,000 members',
    targetRate: 100,
    target: 'p99 ≤ 80 ms, ≥ 100 req/s',
    start: (execArgv) => startNetworkingServer(execArgv),
  },
];

/** `name{labels} value` lines of a Prometheus text exposition, by name and label text. */
function scrape(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const space = line.lastIndexOf(' ');
    values.set(line.slice(0, space), Number(line.slice(space + 1)));
  }
  return values;
}

async function metrics(port: number, apiKey: string): Promise<Map<string, number>> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { 'x-api-key': apiKey } });
  if (!response.ok) throw new Error(`/metrics answered ${response.status}`);
  return scrape(await response.text());
}

/**
 * Feed pages served degraded between two scrapes (`feed_degraded_responses_total` of one scenario), by reason:
 * `engine` and `deadline` pages came from the in-memory fallback, `redis` and `source` ones ran without a signal or a
 * source. Empty when none was.
 */
export function degradedBetween(
  before: Map<string, number>,
  after: Map<string, number>,
  scenario: string,
  total: number,
): string {
  const parts: string[] = [];
  for (const [key, value] of after) {
    if (!key.startsWith('feed_degraded_responses_total{') || !key.includes(`scenario="${scenario}"`))
      continue;
    const count = value - (before.get(key) ?? 0);
    if (count <= 0) continue;
    const reason = /reason="([^"]+)"/.exec(key)?.[1] ?? key;
    parts.push(`${count} ${reason} (${((100 * count) / Math.max(1, total)).toFixed(1)}%)`);
  }
  return parts.length === 0 ? '' : `degraded: ${parts.join(', ')}`;
}

/** Mean milliseconds per stage between two scrapes, from `pipeline_stage_duration_seconds` of one scenario. */
export function stageMeans(
  before: Map<string, number>,
  after: Map<string, number>,
  scenario: string,
): string {
  const means: string[] = [];
  for (const [key, sum] of after) {
    if (!key.startsWith('pipeline_stage_duration_seconds_sum{') || !key.includes(`scenario="${scenario}"`))
      continue;
    const countKey = key.replace('_sum{', '_count{');
    const count = (after.get(countKey) ?? 0) - (before.get(countKey) ?? 0);
    if (count <= 0) continue;
    const stage = /stage="([^"]+)"/.exec(key)?.[1] ?? key;
    means.push(`${stage} ${(((sum - (before.get(key) ?? 0)) / count) * 1000).toFixed(2)}`);
  }
  return means.join(', ');
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  /** microseconds on the system's monotonic clock (what process.hrtime reads) */
  startTime: number;
  timeDeltas: number[];
}

/** Microseconds now on the monotonic clock a `.cpuprofile` times its samples with. */
const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

/**
 * The functions with the most own time in one `.cpuprofile`, among the samples taken within `[from, to]`
 * (microseconds, monotonic clock; idle time left out), as `share name (file:line)`.
 */
export function topFunctions(profile: CpuProfile, top: number, from = -Infinity, to = Infinity): string[] {
  const byNode = new Map<number, number>();
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at >= from && at <= to) byNode.set(id, (byNode.get(id) ?? 0) + 1);
  });
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    const samples = byNode.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)' || functionName === '(program)' || samples === 0) continue;
    busy += samples;
    const file = url.replace(/^.*\/(dist|node_modules)\//, '$1/').replace(/^file:\/\//, '');
    const key = file ? `${functionName || '(anonymous)'} (${file}:${lineNumber + 1})` : functionName;
    byFunction.set(key, (byFunction.get(key) ?? 0) + samples);
  }
  return [...byFunction]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, samples]) => `${((100 * samples) / Math.max(1, busy)).toFixed(1)}% ${name}`);
}

/** The share of `[from, to]` the thread spent running (samples other than idle), from its `.cpuprofile`. */
export function busyShare(profile: CpuProfile, from: number, to: number): number {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  let at = profile.startTime;
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at >= from && at <= to && !idle.has(id)) busy += delta;
  });
  return busy / Math.max(1, to - from);
}

async function benchFeed(feed: Feed): Promise<BenchSection> {
  const profiles = mkdtempSync(join(tmpdir(), 'bench-load-'));
  const { server, paths, apiKey } = await feed.start(['--cpu-prof', `--cpu-prof-dir=${profiles}`]);
  const port = (server.ready as { port: number }).port;
  const rows: BenchSection['rows'] = [];
  const window = { from: Infinity, to: Infinity };
  try {
    await load(port, 2, paths, 32, apiKey); // warm-up: JIT, caches
    const trivial = await load(port, Math.max(3, Math.round(SECONDS / 2)), ['/health/live'], 32);
    rows.push([
      `GET /health/live, same server, 32 connections`,
      describeLoad(trivial),
      'the floor of this server',
    ]);
    const before = await metrics(port, apiKey);
    window.from = monotonicMicros();
    let loaded = 0;
    // Each run says how many of its answers were degraded: a fallback page is fast, and not the feed.
    const measured = async <R>(send: () => Promise<R>, answered: (result: R) => number) => {
      const start = await metrics(port, apiKey);
      const result = await send();
      const degraded = degradedBetween(start, await metrics(port, apiKey), feed.scenario, answered(result));
      return { result, degraded };
    };
    for (const connections of CONCURRENCIES) {
      const { result, degraded } = await measured(
        () => load(port, SECONDS, paths, connections, apiKey),
        (r) => r.requests.total,
      );
      loaded += result.requests.total;
      rows.push([
        `${feed.name}, ${connections} connection${connections === 1 ? '' : 's'}`,
        describeLoad(result),
        degraded,
      ]);
    }
    // latency at a given load: an open loop at two thirds of the target rate, then at the target rate
    for (const rate of [Math.round((feed.targetRate * 2) / 3), feed.targetRate]) {
      const { result, degraded } = await measured(
        () => offeredLoad(port, { rate, seconds: SECONDS, paths, apiKey }),
        (r) => r.answered,
      );
      loaded += result.answered;
      const note = rate === feed.targetRate ? `target: ${feed.target} on 2 cores` : '';
      rows.push([
        `${feed.name}, offered at ${rate} req/s in an open loop`,
        describeOffered(result),
        [note, OFFERED_NOTE, degraded].filter((text) => text !== '').join('; '),
      ]);
    }
    window.to = monotonicMicros();
    const after = await metrics(port, apiKey);
    rows.push([
      `per-stage mean over the loaded runs (${loaded.toLocaleString('en-US')} requests, ms, from /metrics)`,
      stageMeans(before, after, feed.scenario),
      'sources run in parallel: their times overlap',
    ]);
  } finally {
    await server.stop();
  }
  // one profile per thread: thread 0 is the HTTP service, the next the engine worker
  const files = readdirSync(profiles)
    .filter((f) => f.endsWith('.cpuprofile'))
    .sort();
  files.forEach((file, i) => {
    const profile = JSON.parse(readFileSync(join(profiles, file), 'utf8'));
    const thread = i === 0 ? 'HTTP service thread' : 'engine worker thread';
    rows.push([
      `CPU profile, ${thread}: top ${TOP_FUNCTIONS} functions by own time (share of busy time during the loaded runs)`,
      topFunctions(profile, TOP_FUNCTIONS, window.from, window.to).join(' · '),
      `\`--cpu-prof\` on the server; the thread was busy ${Math.round(100 * busyShare(profile, window.from, window.to))}% of the loaded runs`,
    ]);
  });
  // BENCH_KEEP_PROFILES=1 leaves the .cpuprofile files for a closer look (in Chrome's DevTools, say)
  if (process.env.BENCH_KEEP_PROFILES === '1') process.stderr.write(`profiles kept in ${profiles}\n`);
  else rmSync(profiles, { recursive: true, force: true });
  return {
    title: `Load: ${feed.scenario} feed over ${feed.corpus}, ${SECONDS} s per run`,
    command: 'npm run bench:load',
    rows,
  };
}

async function main(): Promise<void> {
  const sections: BenchSection[] = [];
  // BENCH_FEEDS=travel or networking runs one feed, for a look (BENCHMARKS.md is then left as it is)
  const only = process.env.BENCH_FEEDS?.split(',');
  for (const feed of FEEDS) if (!only || only.includes(feed.scenario)) sections.push(await benchFeed(feed));
  const markdown = renderSections(sections);
  process.stdout.write(`${markdown}\n`);
  if (process.env.BENCH_WRITE !== '0' && !only)
    writeMarkedSection(join(__dirname, '../../BENCHMARKS.md'), LOAD_MARKER, markdown);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
