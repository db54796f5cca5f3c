import { openSearchClient, SearchClientHandle } from '@app/search';
import { Registry } from 'prom-client';
import { sampleValue } from './metrics.spec-helpers';
import { engineOperation, SearchEngineMetrics } from './search-engine.metrics';

describe('engineOperation', () => {
  it('names a request by its first _-segment, never by an index name or an id', () => {
    expect(engineOperation('/places/_search')).toBe('_search');
    expect(engineOperation('/places_v3/_doc/_starts-with-underscore')).toBe('_doc');
    expect(engineOperation('/_mget')).toBe('_mget');
    expect(engineOperation('/_cluster/health')).toBe('_cluster');
    expect(engineOperation('/_scripts/places-taste-score-v1')).toBe('_scripts');
    expect(engineOperation('/staging_places_v3')).toBe('index');
    expect(engineOperation('/')).toBe('root');
    expect(engineOperation('')).toBe('root');
  });
});

describe('SearchEngineMetrics', () => {
  let handle: SearchClientHandle;
  let registry: Registry;
  beforeAll(async () => {
    // The embedded engine behind the official client, as the app runs it by default.
    handle = await openSearchClient({ engine: 'embedded', dataDir: undefined, requestTimeoutMs: 5_000 });
    registry = new Registry();
    new SearchEngineMetrics(registry).watch(handle.client);
  });
  afterAll(() => handle.close());

  it('times every request by method and operation, and counts the failed ones by error', async () => {
    await handle.client.cluster.health();
    await handle.client.cluster.health();
    for (let i = 0; i < 3; i++) {
      await expect(handle.client.search({ index: 'no_such_index', body: {} })).rejects.toThrow();
    }
    expect(
      await sampleValue(registry, 'search_engine_request_duration_seconds_count', {
        method: 'GET',
        operation: '_cluster',
      }),
    ).toBe(2);
    expect(
      await sampleValue(registry, 'search_engine_request_duration_seconds_count', { operation: '_search' }),
    ).toBe(3);
    expect(
      await sampleValue(registry, 'search_engine_request_errors_total', {
        operation: '_search',
        error: 'ResponseError',
      }),
    ).toBe(3);
    expect(await sampleValue(registry, 'search_engine_request_errors_total', { operation: '_cluster' })).toBe(
      0,
    );
    expect(await sampleValue(registry, 'search_engine_request_duration_seconds_sum')).toBeGreaterThan(0);
  });
});
