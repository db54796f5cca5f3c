import autocannon from 'autocannon';

/** Load tests of an HTTP endpoint (autocannon), as the feed benchmarks run them. */

/** GET requests cycling through `paths` on `connections` concurrent connections for `seconds`. */
export function load(
  port: number,
  seconds: number,
  paths: string[],
  connections: number,
): Promise<autocannon.Result> {
  let next = 0;
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    requests: [
      { method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) },
    ],
  });
}

/** "p50 … ms · p99 … ms · … req/s", and the failed requests when there were some. */
export function describeLoad(result: autocannon.Result): string {
  const failed = result.non2xx + result.errors;
  return (
    `p50 ${result.latency.p50} ms · p99 ${result.latency.p99} ms · ${Math.round(result.requests.average)} req/s` +
    (failed > 0 ? ` · ${failed} failed` : '')
  );
}
