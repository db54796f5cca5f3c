import { sampleMember, samplePlace, startApi, TestApi, testEmbedding } from './api.e2e-helpers';

/** A log line, as pino writes it. */
type LogLine = Record<string, unknown> & { level: string; msg?: string; requestId?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids and structured logs', () => {
  const lines: LogLine[] = [];
  let api: TestApi;

  beforeAll(async () => {
    // One logging setup per process: nestjs-pino keeps the first app's logger (see logging.module.ts).
    api = await startApi(
      { logLevel: 'debug' },
      { logDestination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) } },
    );
    const places = Array.from({ length: 6 }, (_, i) =>
      samplePlace({ id: `place-${i}`, embedding: testEmbedding(10 + i) }),
    );
    const members = ['viewer', 'member-1', 'member-2', 'member-3'].map((id, i) =>
      sampleMember({ id, profileEmbedding: testEmbedding(100 + i), tasteEmbedding: testEmbedding(200 + i) }),
    );
    expect((await api.request('POST', '/v1/catalog/places:batch', { items: places })).status).toBe(200);
    expect((await api.request('POST', '/v1/catalog/members:batch', { items: members })).status).toBe(200);
  });

  afterAll(() => api?.close());

  /** The lines of one request, once its completion line is written (just after the client has the answer). */
  async function linesOf(requestId: string): Promise<LogLine[]> {
    const done = () => lines.some((l) => l.requestId === requestId && l.msg === 'request completed');
    for (let i = 0; i < 100 && !done(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
    return lines.filter((line) => line.requestId === requestId);
  }

  it('returns the x-request-id a client sent, in the header and as the feed requestId', async () => {
    const answer = await api.request('GET', '/v1/travel/members/viewer/places?city=Lisbon', undefined, {
      'x-request-id': 'trip-2025-06-01.abc:42',
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['x-request-id']).toBe('trip-2025-06-01.abc:42');
    expect(answer.body.requestId).toBe('trip-2025-06-01.abc:42');
  });

  it('makes one up when none is sent or the one sent is unsafe, on every answer, errors and unknown routes too', async () => {
    const none = await api.request('GET', '/v1/networking/members/viewer/discovery');
    expect(none.headers['x-request-id']).toMatch(UUID);
    expect(none.body.requestId).toBe(none.headers['x-request-id']);
    for (const unsafe of ['has spaces', 'x'.repeat(65), 'quote"s']) {
      const answer = await api.request('GET', '/v1/travel/members/viewer/places?city=Lisbon', undefined, {
        'x-request-id': unsafe,
      });
      expect(answer.headers['x-request-id']).toMatch(UUID);
      expect(answer.body.requestId).toBe(answer.headers['x-request-id']);
    }
    const notFound = await api.request('GET', '/no/such/route', undefined, { 'x-request-id': 'lost-1' });
    expect(notFound.status).toBe(404);
    expect(notFound.headers['x-request-id']).toBe('lost-1');
    const invalid = await api.request('GET', '/v1/travel/members/viewer/places?lat=200', undefined, {
      'x-request-id': 'bad-1',
    });
    expect(invalid.status).toBe(400);
    expect(invalid.headers['x-request-id']).toBe('bad-1');
  });

  it("logs one line per feed page with its timing summary, carrying the request's id, and one per request", async () => {
    const travel = await api.request(
      'GET',
      '/v1/travel/members/viewer/places?city=Lisbon&explain=true',
      undefined,
      {
        'x-request-id': 'log-travel-1',
      },
    );
    const own = await linesOf('log-travel-1');
    const feed = own.filter((line) => line.msg === 'feed served');
    expect(feed).toHaveLength(1);
    const trace = travel.body.explanation.request;
    expect(feed[0]).toMatchObject({
      level: 'debug',
      context: 'TravelFeed',
      scenario: 'travel',
      pipeline: trace.pipeline,
      page: 1,
      served: travel.body.items.length,
      failedSources: trace.failedSources,
    });
    const stages = feed[0].stagesMs as Record<string, number>;
    expect(Object.keys(stages)).toEqual(['Context', ...trace.steps.map((s: { name: string }) => s.name)]);
    expect(Object.keys(feed[0].sources as object)).toEqual(
      trace.sources.map((s: { name: string }) => s.name),
    );

    const completed = own.filter((line) => line.msg === 'request completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({
      level: 'info',
      req: { method: 'GET', path: '/v1/travel/members/viewer/places' },
      res: { statusCode: 200 },
    });
    // The API key and the query string stay out of the logs.
    expect(JSON.stringify(lines)).not.toContain('test-key');
    expect(JSON.stringify(completed)).not.toContain('city=Lisbon');

    await api.request('GET', '/v1/networking/members/viewer/discovery', undefined, {
      'x-request-id': 'log-net-1',
    });
    const networking = (await linesOf('log-net-1')).filter((line) => line.msg === 'feed served');
    expect(networking).toHaveLength(1);
    expect(networking[0]).toMatchObject({ scenario: 'networking', context: 'DiscoveryFeed', page: 1 });
  });

  it('writes every line as JSON with a level and an ISO time, boot lines included', () => {
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) {
      expect(typeof line.level).toBe('string');
      expect(new Date(line.time as string).toISOString()).toBe(line.time);
    }
    expect(lines.some((line) => line.requestId === undefined && line.context === 'Search')).toBe(true);
  });
});
