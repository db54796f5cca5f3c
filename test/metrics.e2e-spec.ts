import { Client } from '@opensearch-project/opensearch';
import {
  deleteRedisKeys,
  REDIS_URL,
  redisPrefix,
  sampleMember,
  samplePlace,
  startApi,
  TestApi,
  testEmbedding,
} from './api.e2e-helpers';

const PREFIX = redisPrefix('metrics');
const TRAVEL_ROUTE = '/v1/travel/members/:memberId/places';
const LISBON = { lat: 38.7223, lon: -9.1393 };

/** One sample of the Prometheus text format: `name{label="value",...} value`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key] = value.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return samples;
}

/** The sum of the samples named `name` whose labels include `labels`. */
function total(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    .reduce((sum, s) => sum + s.value, 0);
}

async function scrape(api: TestApi): Promise<Sample[]> {
  const answer = await api.request('GET', '/metrics');
  expect(answer.status).toBe(200);
  expect(answer.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  return parseMetrics(answer.text);
}

/** How much each sample named `name` with `labels` grew between two scrapes. */
function growth(
  before: Sample[],
  after: Sample[],
  name: string,
  labels: Record<string, string> = {},
): number {
  return total(after, name, labels) - total(before, name, labels);
}

interface SourceTrace {
  name: string;
  status: string;
  fetched: number;
}
interface RequestTrace {
  sources: SourceTrace[];
  steps: { name: string }[];
  failedSources: string[];
}

/** What the metrics of `scenario` must have grown by, computed from the explanations of the pages served. */
function expectStagesAndSources(
  before: Sample[],
  after: Sample[],
  scenario: string,
  traces: RequestTrace[],
  contextIsAStep: boolean,
): void {
  const pages = traces.length;
  const stage = (name: string) =>
    growth(before, after, 'pipeline_stage_duration_seconds_count', { scenario, stage: name });
  expect(stage('Context')).toBe(pages);
  for (const step of traces[0].steps) expect(stage(step.name)).toBe(pages);
  const stageNames = new Set(after.filter((s) => s.labels.scenario === scenario).map((s) => s.labels.stage));
  stageNames.delete(undefined as unknown as string);
  expect([...stageNames].sort()).toEqual(
    [...new Set([...(contextIsAStep ? [] : ['Context']), ...traces[0].steps.map((s) => s.name)])].sort(),
  );
  for (const name of traces[0].sources.map((s) => s.name)) {
    const runs = traces.flatMap((t) => t.sources.filter((s) => s.name === name));
    const answered = runs.filter((s) => s.status === 'ok');
    const labels = { scenario, source: name };
    expect(growth(before, after, 'pipeline_source_candidates_count', labels)).toBe(answered.length);
    expect(growth(before, after, 'pipeline_source_candidates_sum', labels)).toBe(
      answered.reduce((sum, s) => sum + s.fetched, 0),
    );
    expect(growth(before, after, 'pipeline_source_duration_seconds_count', labels)).toBe(
      runs.filter((s) => s.status !== 'skipped').length,
    );
  }
  expect(growth(before, after, 'feed_degraded_responses_total', { scenario })).toBe(
    traces.filter((t) => t.failedSources.length > 0).length,
  );
}

describe('GET /metrics', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startApi({ redisUrl: REDIS_URL, redisKeyPrefix: PREFIX });
    const places = Array.from({ length: 12 }, (_, i) =>
      samplePlace({
        id: `place-${i}`,
        name: `Place ${i}`,
        categories: [(['museum', 'cafe', 'park'] as const)[i % 3]],
        location: { lat: LISBON.lat + (i % 4) * 0.005, lon: LISBON.lon + (i % 3) * 0.005 },
        curated: i % 2 === 0,
        embedding: testEmbedding(10 + i),
      }),
    );
    const members = [
      sampleMember({
        id: 'viewer',
        preferences: { ...sampleMember().preferences, maxDistanceKm: undefined },
      }),
      ...Array.from({ length: 10 }, (_, i) =>
        sampleMember({
          id: `member-${i}`,
          displayName: `Member ${i}`,
          profileEmbedding: testEmbedding(100 + i),
          tasteEmbedding: testEmbedding(200 + i),
        }),
      ),
    ];
    expect((await api.request('POST', '/v1/catalog/places:batch', { items: places })).body.stored).toBe(12);
    expect((await api.request('POST', '/v1/catalog/members:batch', { items: members })).body.stored).toBe(11);
  });

  afterAll(async () => {
    await api?.close();
    await deleteRedisKeys(PREFIX);
  });

  it('times HTTP requests by route pattern and status, never by URL, and counts those in flight', async () => {
    const before = await scrape(api);
    for (let i = 0; i < 3; i++) {
      expect((await api.request('GET', '/v1/travel/members/viewer/places?city=Lisbon')).status).toBe(200);
    }
    for (const ghost of ['ghost-1', 'ghost-2']) {
      expect((await api.request('GET', `/v1/travel/members/${ghost}/places?city=Lisbon`)).status).toBe(404);
    }
    expect((await api.request('GET', '/no/such/route/42')).status).toBe(404);
    const after = await scrape(api);

    const requests = (route: string, status: string) =>
      growth(before, after, 'http_request_duration_seconds_count', {
        method: 'GET',
        route,
        status_code: status,
      });
    expect(requests(TRAVEL_ROUTE, '200')).toBe(3);
    expect(requests(TRAVEL_ROUTE, '404')).toBe(2);
    expect(requests('(unmatched)', '404')).toBe(1);
    const routes = new Set(after.map((s) => s.labels.route).filter((route) => route !== undefined));
    expect([...routes].filter((route) => /viewer|ghost|42/.test(route))).toEqual([]);
    // The le="+Inf" bucket holds every request.
    expect(
      total(after, 'http_request_duration_seconds_bucket', {
        route: TRAVEL_ROUTE,
        status_code: '200',
        le: '+Inf',
      }),
    ).toBe(total(after, 'http_request_duration_seconds_count', { route: TRAVEL_ROUTE, status_code: '200' }));
    // The scrape that read these numbers was the one request in flight.
    expect(total(after, 'http_requests_in_flight')).toBe(1);
  });

  it('times every stage and source of the travel and discovery feeds and counts their candidates', async () => {
    const before = await scrape(api);
    const travel: RequestTrace[] = [];
    let cursor = '';
    for (let page = 0; page < 2; page++) {
      const answer = await api.request(
        'GET',
        `/v1/travel/members/viewer/places?city=Lisbon&limit=4&explain=true${cursor}`,
      );
      expect(answer.status).toBe(200);
      travel.push(answer.body.explanation.request);
      cursor = `&cursor=${encodeURIComponent(answer.body.nextCursor)}`;
    }
    const discovery: RequestTrace[] = [];
    cursor = '';
    for (let page = 0; page < 2; page++) {
      const answer = await api.request(
        'GET',
        `/v1/networking/members/viewer/discovery?limit=3&explain=true${cursor}`,
      );
      expect(answer.status).toBe(200);
      discovery.push(answer.body.explanation.request);
      cursor = `&cursor=${encodeURIComponent(answer.body.nextCursor)}`;
    }
    const after = await scrape(api);

    expectStagesAndSources(before, after, 'travel', travel, false);
    expectStagesAndSources(before, after, 'networking', discovery, true);
    expect(travel[0].sources.some((s) => s.status === 'ok' && s.fetched > 0)).toBe(true);
    expect(discovery[0].sources.some((s) => s.status === 'ok' && s.fetched > 0)).toBe(true);
  });

  it("times the engine's requests by operation and counts its errors", async () => {
    const before = await scrape(api);
    // One place: one `_bulk` request (writes go in bulks of up to 500 items).
    expect(
      (await api.request('PUT', '/v1/catalog/places/place-new', samplePlace({ id: 'place-new' }))).status,
    ).toBe(201);
    // The app's own client: an index that does not exist answers 404, a ResponseError.
    const client = api.app.get(Client);
    for (let i = 0; i < 3; i++) {
      await expect(client.search({ index: 'no_such_index', body: {} })).rejects.toThrow();
    }
    const after = await scrape(api);

    const requests = (labels: Record<string, string>) =>
      growth(before, after, 'search_engine_request_duration_seconds_count', labels);
    expect(requests({ method: 'POST', operation: '_bulk' })).toBe(1);
    expect(requests({ operation: '_search' })).toBe(3);
    expect(
      growth(before, after, 'search_engine_request_errors_total', {
        operation: '_search',
        error: 'ResponseError',
      }),
    ).toBe(3);
    expect(growth(before, after, 'search_engine_request_errors_total', { operation: '_bulk' })).toBe(0);
  });

  it('times the Redis commands of the signal store, and counts events by type and result', async () => {
    const before = await scrape(api);
    for (let i = 0; i < 3; i++) expect((await api.request('GET', '/health/ready')).status).toBe(200);
    const at = new Date().toISOString();
    const batch = {
      events: [
        { id: 'm-e1', type: 'like', memberId: 'viewer', target: { kind: 'place', id: 'place-1' }, at },
        { id: 'm-e2', type: 'like', memberId: 'viewer', target: { kind: 'place', id: 'place-2' }, at },
        { id: 'm-e3', type: 'save', memberId: 'viewer', target: { kind: 'place', id: 'place-3' }, at },
      ],
    };
    expect((await api.request('POST', '/v1/events', batch)).body).toEqual({ recorded: 3, duplicates: [] });
    expect((await api.request('POST', '/v1/events', batch)).body.duplicates).toHaveLength(3);
    const after = await scrape(api);

    // A readiness probe pings Redis once.
    expect(
      growth(before, after, 'redis_command_duration_seconds_count', { client: 'signals', command: 'ping' }),
    ).toBe(3);
    expect(
      growth(before, after, 'redis_command_duration_seconds_count', { client: 'signals' }),
    ).toBeGreaterThan(3);
    expect(growth(before, after, 'redis_command_errors_total', { client: 'signals' })).toBe(0);
    const events = (type: string, result: string) =>
      growth(before, after, 'events_ingested_total', { type, result });
    expect(events('like', 'recorded')).toBe(2);
    expect(events('save', 'recorded')).toBe(1);
    expect(events('like', 'duplicate')).toBe(2);
    expect(events('save', 'duplicate')).toBe(1);
  });

  it('counts Redis errors and refused events, in the registry of the instance that saw them', async () => {
    // Nothing listens on port 1: every Redis command of this instance fails (short timeouts: it is given up sooner).
    const away = await startApi({ redisUrl: 'redis://127.0.0.1:1', redisCommandTimeoutMs: 100 });
    try {
      expect((await away.request('GET', '/health/ready')).status).toBe(503);
      const at = new Date().toISOString();
      const refused = await away.request('POST', '/v1/events', {
        events: [
          { id: 'a-e1', type: 'view', memberId: 'viewer', target: { kind: 'place', id: 'place-1' }, at },
          { id: 'a-e2', type: 'view', memberId: 'viewer', target: { kind: 'place', id: 'place-2' }, at },
        ],
      });
      expect(refused.status).toBe(503);
      let samples = await scrape(away);
      // The probe may answer (on its own timeout) before ioredis gives the ping up.
      for (let i = 0; i < 60 && total(samples, 'redis_command_errors_total', { command: 'ping' }) < 1; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        samples = await scrape(away);
      }
      expect(total(samples, 'redis_command_errors_total', { client: 'signals', command: 'ping' })).toBe(1);
      expect(total(samples, 'events_ingested_total', { type: 'view', result: 'refused' })).toBe(2);
      expect(total(samples, 'events_ingested_total', { result: 'recorded' })).toBe(0);
      // Its own registry: none of the first instance's requests are in it.
      expect(total(samples, 'http_request_duration_seconds_count', { route: TRAVEL_ROUTE })).toBe(0);
      expect(total(samples, 'pipeline_stage_duration_seconds_count')).toBe(0);
    } finally {
      await away.close();
    }
  });

  it('includes the process metrics', async () => {
    const samples = await scrape(api);
    expect(total(samples, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(total(samples, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });
});
