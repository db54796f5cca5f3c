/** Sequential latency measurement: warm-up rounds, then one timed call per query, nearest-rank percentiles. */

const MIN_TIMED = 20;

export interface Latency {
  p50: number;
  p99: number;
  qps: number;
  queries: number;
}

/**
 * Runs `warmup` untimed queries, then every timed query one after the other. Each call's result goes to `check`
 * (outside the timing), which throws if a query returned the wrong number of hits: a broken query must not look fast.
 * A slow peer may stop early: after `budgetMs` of timed queries, once at least `MIN_TIMED` have run.
 */
export async function measureLatency<Q, R>(
  warmup: readonly Q[],
  timed: readonly Q[],
  run: (query: Q) => R | Promise<R>,
  check: (result: R, query: Q) => void,
  budgetMs = Infinity,
): Promise<Latency> {
  for (const q of warmup) check(await run(q), q);
  let samples = new Float64Array(timed.length);
  let total = 0;
  for (let i = 0; i < timed.length; i++) {
    if (total > budgetMs && i >= MIN_TIMED) {
      samples = samples.subarray(0, i);
      break;
    }
    const started = performance.now();
    const result = await run(timed[i]);
    const ms = performance.now() - started;
    samples[i] = ms;
    total += ms;
    check(result, timed[i]);
  }
  samples.sort();
  const rank = (p: number) => samples[Math.min(samples.length - 1, Math.ceil(p * samples.length) - 1)];
  return { p50: rank(0.5), p99: rank(0.99), qps: (samples.length * 1000) / total, queries: samples.length };
}

export function formatLatency(l: Latency): string {
  const ms = (v: number) => (v < 10 ? v.toFixed(2) : v.toFixed(1));
  const qps = l.qps < 10 ? l.qps.toFixed(1) : Math.round(l.qps).toLocaleString('en-US');
  return `p50 ${ms(l.p50)} ms · p99 ${ms(l.p99)} ms · ${qps} q/s`;
}

export function expectCount(what: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`${what}: ${actual} hits, expected ${expected}`);
}
