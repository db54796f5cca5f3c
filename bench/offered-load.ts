import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/**
 * An open-loop load at a constant rate, as a latency target at a given load means it (wrk2's model): request i is due
 * at start + i / rate, whether or not earlier ones were answered, and its latency runs from that due time to the end
 * of its answer. A request that waits for a free connection, or is sent late because the sender's own event loop was
 * held up, is charged the wait.
 *
 * autocannon's `overallRate` is not this: each connection sends back to back until it has made its share of the
 * second, then pauses to the next second, so a second starts with every connection busy at once (a closed loop in
 * bursts); and it corrects for coordinated omission with an expected interval of `ceil(1 / rate per connection)`
 * milliseconds, i.e. 1 ms, which adds a made-up sample for every millisecond of a slow answer.
 */

export interface OfferedLoadOptions {
  /** Requests per second, offered evenly. */
  rate: number;
  seconds: number;
  /** Cycled through in order. */
  paths: readonly string[];
  /** Sent in `x-api-key` when given. */
  apiKey?: string;
  /** Connections kept open at most (a due request waits for one when all are busy). Default 64. */
  connections?: number;
  /** A request not answered within this many milliseconds counts as failed. Default 30,000. */
  timeoutMs?: number;
}

export interface OfferedLoadResult {
  rate: number;
  sent: number;
  /** Answered with a 2xx status; their latencies are the percentiles. */
  answered: number;
  /** Any other status, or no answer. */
  failed: number;
  /** Milliseconds from each due time to the end of its answer, in the order the requests were due. */
  latencies: number[];
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** Answers per second over the whole run (from the first due time to the last answer). */
  answeredPerSecond: number;
}

/** When request `i` is due, in milliseconds after the start. */
export function dueAt(i: number, rate: number): number {
  return (i * 1000) / rate;
}

/** The nearest-rank percentile of ascending values (0 when there are none). */
export function percentile(ascending: readonly number[], p: number): number {
  if (ascending.length === 0) return 0;
  const rank = Math.ceil((p / 100) * ascending.length);
  return ascending[Math.min(ascending.length, Math.max(1, rank)) - 1];
}

export function offeredLoad(port: number, options: OfferedLoadOptions): Promise<OfferedLoadResult> {
  const { rate, seconds, paths, apiKey, timeoutMs = 30_000 } = options;
  if (!(rate > 0) || !(seconds > 0) || paths.length === 0) {
    throw new Error('offeredLoad needs a positive rate and duration and at least one path');
  }
  const total = Math.max(1, Math.round(rate * seconds));
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections ?? 64 });
  const headers = apiKey === undefined ? {} : { 'x-api-key': apiKey };
  const latencies: number[] = new Array<number>(total).fill(NaN);
  let failed = 0;
  let sent = 0;
  let settled = 0;
  const start = performance.now();
  return new Promise((resolve) => {
    const settle = () => {
      if (++settled < total) return;
      agent.destroy();
      const elapsed = performance.now() - start;
      const answeredLatencies = latencies.filter((ms) => !Number.isNaN(ms));
      const ascending = [...answeredLatencies].sort((a, b) => a - b);
      resolve({
        rate,
        sent,
        answered: answeredLatencies.length,
        failed,
        latencies: answeredLatencies,
        p50: percentile(ascending, 50),
        p90: percentile(ascending, 90),
        p99: percentile(ascending, 99),
        max: ascending.length > 0 ? ascending[ascending.length - 1] : 0,
        answeredPerSecond: answeredLatencies.length / (elapsed / 1000),
      });
    };
    const send = (i: number) => {
      const due = start + dueAt(i, rate);
      let done = false;
      const finish = (answered: boolean) => {
        if (done) return;
        done = true;
        if (answered) latencies[i] = performance.now() - due;
        else failed++;
        settle();
      };
      const call = request(
        { host: '127.0.0.1', port, path: paths[i % paths.length], agent, headers },
        (response) => {
          const status = response.statusCode ?? 0;
          response.resume();
          response.on('end', () => finish(status >= 200 && status < 300));
          response.on('error', () => finish(false));
        },
      );
      call.setTimeout(timeoutMs, () => call.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      call.on('error', () => finish(false));
      call.end();
    };
    const sendDue = () => {
      const now = performance.now();
      while (sent < total && start + dueAt(sent, rate) <= now) send(sent++);
      if (sent < total) setTimeout(sendDue, Math.max(0, start + dueAt(sent, rate) - performance.now()));
    };
    sendDue();
  });
}

/** What a report's note says of an offered-load row. */
export const OFFERED_NOTE = 'a request due every 1/rate s, latency from its due time';

/** "p50 … ms · p90 … ms · p99 … ms · … req/s answered", and the failed requests when there were some. */
export function describeOffered(result: OfferedLoadResult): string {
  const ms = (value: number) => `${Math.round(value)} ms`;
  return (
    `p50 ${ms(result.p50)} · p90 ${ms(result.p90)} · p99 ${ms(result.p99)} · ` +
    `${Math.round(result.answeredPerSecond)} req/s answered` +
    (result.failed > 0 ? ` · ${result.failed} failed` : '')
  );
}
