import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { dueAt, offeredLoad, percentile } from './offered-load';

/** A local server that answers each path after `delayMs`, with status 500 for paths holding "fail", never for "hang". */
async function startServer(delayMs: number): Promise<{ server: Server; port: number; arrived: string[] }> {
  const arrived: string[] = [];
  const server = createServer((request, response) => {
    arrived.push(request.url ?? '');
    if (request.url?.includes('hang')) return;
    setTimeout(() => {
      response.statusCode = request.url?.includes('fail') ? 500 : 200;
      response.end('{}');
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, arrived };
}

describe('offeredLoad: an open loop at a constant rate', () => {
  let stop: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });
  const serve = async (delayMs: number) => {
    const started = await startServer(delayMs);
    stop = () => new Promise((resolve) => started.server.close(() => resolve()));
    return started;
  };

  it('spaces the due times evenly and reads percentiles by nearest rank', () => {
    expect([0, 1, 2, 150].map((i) => dueAt(i, 150))).toEqual([0, 1000 / 150, 2000 / 150, 1000]);
    const ascending = Array.from({ length: 200 }, (_, i) => i + 1);
    expect(percentile(ascending, 50)).toBe(100);
    expect(percentile(ascending, 99)).toBe(198);
    expect(percentile(ascending, 100)).toBe(200);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 99)).toBe(0);
  });

  it('sends rate × seconds requests cycling through the paths, and counts the ones not answered with 2xx', async () => {
    const { port, arrived } = await serve(1);
    const result = await offeredLoad(port, { rate: 100, seconds: 0.3, paths: ['/a', '/b', '/fail'] });
    expect(result.sent).toBe(30);
    expect(arrived).toHaveLength(30);
    // (over several connections the arrival order may differ from the sending order; the counts may not)
    const count = (path: string) => arrived.filter((p) => p === path).length;
    expect([count('/a'), count('/b'), count('/fail')]).toEqual([10, 10, 10]);
    expect(result.failed).toBe(10);
    expect(result.answered).toBe(20);
    expect(result.latencies).toHaveLength(20);
  });

  it('charges a request the time it waited for a connection: latency runs from its due time', async () => {
    // one connection, answers taking 30 ms, a request due every 20 ms: each waits 10 ms more than the one before
    const { port } = await serve(30);
    const result = await offeredLoad(port, { rate: 50, seconds: 0.2, paths: ['/x'], connections: 1 });
    expect(result.answered).toBe(10);
    for (let i = 1; i < 10; i++)
      expect(result.latencies[i]).toBeGreaterThanOrEqual(result.latencies[i - 1] + 9);
    expect(result.max).toBeGreaterThanOrEqual(9 * 10 + 30 - 1);
  });

  it("charges a request the time the sender's own event loop held it back", async () => {
    const { port } = await serve(0);
    const running = offeredLoad(port, { rate: 100, seconds: 0.1, paths: ['/x'] });
    const until = Date.now() + 100;
    while (Date.now() < until); // the sender's loop is busy: nothing due goes out meanwhile
    const result = await running;
    expect(result.answered).toBe(10);
    expect(result.latencies[0]).toBeGreaterThanOrEqual(99);
  });

  it('counts a request not answered within its timeout as failed, and still ends', async () => {
    const { port } = await serve(1);
    const result = await offeredLoad(port, {
      rate: 20,
      seconds: 0.2,
      paths: ['/hang', '/ok'],
      timeoutMs: 200,
    });
    expect(result.sent).toBe(4);
    expect(result.failed).toBe(2);
    expect(result.answered).toBe(2);
  });
});
