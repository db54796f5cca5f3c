import Fastify, { FastifyInstance } from 'fastify';
import { InFlightLimit } from './in-flight-limit';
import { inFlightHook, isExemptFromLimit } from './overload.guard';

describe('inFlightHook', () => {
  let app: FastifyInstance;
  let release: () => void;
  let draining: boolean;
  const rejected: string[] = [];
  const limit = new InFlightLimit(2);
  let bodiesRead = 0;
  let base = '';

  beforeAll(async () => {
    draining = false;
    app = Fastify();
    app.addHook(
      'onRequest',
      inFlightHook({ limit, isDraining: () => draining, onRejected: (r) => rejected.push(r) }),
    );
    app.addHook('preParsing', async (_request, _reply, payload) => {
      bodiesRead++;
      return payload;
    });
    let gate = Promise.resolve();
    app.post('/slow', async () => {
      await gate;
      return { ok: true };
    });
    app.get('/health/ready', async () => ({ status: 'ok' }));
    app.get('/metrics', async () => 'm 1');
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    release = () => undefined;
    gate = new Promise<void>((resolve) => (release = resolve));
  });

  afterAll(() => app.close());

  /** A real HTTP request (light-my-request's inject does not load under Jest's CommonJS). */
  async function send(method: string, url: string, payload?: unknown) {
    const response = await fetch(`${base}${url}`, {
      method,
      ...(payload !== undefined && {
        body: JSON.stringify(payload),
        headers: { 'content-type': 'application/json' },
      }),
    });
    const text = await response.text();
    return {
      statusCode: response.status,
      headers: response.headers,
      json: () => JSON.parse(text) as unknown,
    };
  }

  it('answers 503 with Retry-After at once past the bound, before reading the body; exempt routes still answer', async () => {
    const first = send('POST', '/slow', { a: 1 });
    const second = send('POST', '/slow', { a: 2 });
    for (let i = 0; i < 500 && limit.count < 2; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(limit.count).toBe(2);
    const before = bodiesRead;
    const third = await send('POST', '/slow', { a: 3 });
    expect(third.statusCode).toBe(503);
    expect(third.headers.get('retry-after')).toBe('1');
    expect(third.json()).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect(bodiesRead).toBe(before);
    expect(rejected).toEqual(['overload']);
    expect((await send('GET', '/health/ready')).statusCode).toBe(200);
    expect((await send('GET', '/metrics')).statusCode).toBe(200);
    release();
    expect((await first).statusCode).toBe(200);
    expect((await second).statusCode).toBe(200);
    expect(limit.count).toBe(0);
    expect((await send('POST', '/slow', {})).statusCode).toBe(200);
  });

  it('refuses every counted request while draining, saying the connection closes', async () => {
    draining = true;
    const answer = await send('POST', '/slow', {});
    draining = false;
    expect(answer.statusCode).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('1');
    expect(answer.headers.get('connection')).toBe('close');
    expect(rejected).toEqual(['overload', 'shutdown']);
  });

  it('exempts health and metrics routes only', () => {
    expect(isExemptFromLimit('/health/live')).toBe(true);
    expect(isExemptFromLimit('/metrics')).toBe(true);
    expect(isExemptFromLimit('/metrics?x=1')).toBe(true);
    expect(isExemptFromLimit('/metricsx')).toBe(false);
    expect(isExemptFromLimit('/v1/travel/members/m/places')).toBe(false);
  });
});
