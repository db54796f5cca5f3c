import type { PipelineTrace, SourceRecord, StepRecord } from '@app/pipeline';
import { Registry } from 'prom-client';
import { sampleValue } from './metrics.spec-helpers';
import { PipelineMetrics } from './pipeline.metrics';

function source(name: string, status: SourceRecord['status'], fetched: number, ms: number): SourceRecord {
  return { name, status, failOpen: true, quota: 100, fetched, kept: fetched, ms };
}

function step(kind: StepRecord['kind'], name: string, ms: number): StepRecord {
  return { kind, name, ms, countIn: 10, countOut: 8, removed: 2 };
}

function trace(sources: SourceRecord[]): PipelineTrace {
  return {
    pipeline: 'DiscoveryFeed',
    requestId: 'r1',
    page: 1,
    totalMs: 12,
    sources,
    steps: [step('fetch', 'Fetch', 8), step('filter', 'Blocked', 0.5), step('reranker', 'MmrDiversity', 2)],
    failedSources: sources.filter((s) => s.status === 'failed' || s.status === 'timedOut').map((s) => s.name),
  };
}

describe('PipelineMetrics', () => {
  let registry: Registry;
  let metrics: PipelineMetrics;
  beforeEach(() => {
    registry = new Registry();
    metrics = new PipelineMetrics(registry);
  });

  it('times the context and every step, in seconds, by scenario, stage and kind', async () => {
    metrics.record('networking', trace([source('KnnTaste', 'ok', 40, 6)]), 3);
    metrics.record('networking', trace([source('KnnTaste', 'ok', 20, 4)]), 5);
    const stage = (name: string, stage: string) =>
      sampleValue(registry, name, { scenario: 'networking', stage });
    expect(await stage('pipeline_stage_duration_seconds_count', 'Context')).toBe(2);
    expect(await stage('pipeline_stage_duration_seconds_sum', 'Context')).toBeCloseTo(0.008, 9);
    expect(await stage('pipeline_stage_duration_seconds_sum', 'Fetch')).toBeCloseTo(0.016, 9);
    expect(
      await sampleValue(registry, 'pipeline_stage_duration_seconds_count', {
        stage: 'Blocked',
        kind: 'filter',
      }),
    ).toBe(2);
    expect(await sampleValue(registry, 'pipeline_stage_duration_seconds_count', { scenario: 'travel' })).toBe(
      0,
    );
  });

  it('counts candidates of the sources that answered, and times every source that ran, by outcome', async () => {
    metrics.record(
      'travel',
      trace([
        source('Taste', 'ok', 120, 5),
        source('Text', 'skipped', 0, 0),
        source('Trending', 'timedOut', 0, 250),
      ]),
      1,
    );
    metrics.record('travel', trace([source('Taste', 'ok', 80, 7), source('Trending', 'ok', 30, 9)]), 1);
    const candidates = (name: string, source: string) =>
      sampleValue(registry, name, { scenario: 'travel', source });
    expect(await candidates('pipeline_source_candidates_count', 'Taste')).toBe(2);
    expect(await candidates('pipeline_source_candidates_sum', 'Taste')).toBe(200);
    // A timed-out source returned nothing: it is timed, not counted as a source of 0 candidates.
    expect(await candidates('pipeline_source_candidates_count', 'Trending')).toBe(1);
    expect(await candidates('pipeline_source_candidates_sum', 'Trending')).toBe(30);
    // A skipped source (quota 0) did not run.
    expect(await candidates('pipeline_source_duration_seconds_count', 'Text')).toBe(0);
    expect(
      await sampleValue(registry, 'pipeline_source_duration_seconds_sum', {
        source: 'Trending',
        status: 'timedOut',
      }),
    ).toBeCloseTo(0.25, 9);
    expect(
      await sampleValue(registry, 'pipeline_source_duration_seconds_count', {
        source: 'Trending',
        status: 'ok',
      }),
    ).toBe(1);
  });

  it('counts the pages served without a source that failed open as degraded, once per page', async () => {
    metrics.record('travel', trace([source('Taste', 'ok', 10, 1), source('Trending', 'failed', 0, 2)]), 1);
    metrics.record('travel', trace([source('Taste', 'ok', 10, 1), source('Trending', 'ok', 5, 2)]), 1);
    metrics.record(
      'travel',
      trace([source('Fresh', 'failed', 0, 1), source('Trending', 'timedOut', 0, 2)]),
      1,
    );
    expect(await sampleValue(registry, 'feed_degraded_responses_total', { scenario: 'travel' })).toBe(2);
  });

  it('counts a page degraded for a reason of its own once, under that reason', async () => {
    metrics.record('networking', trace([source('Fresh', 'failed', 0, 1)]), 1, 'redis');
    metrics.record('networking', trace([source('Fresh', 'ok', 3, 1)]), 1, 'redis');
    metrics.recordDegraded('networking', 'engine');
    const degraded = (reason: string) =>
      sampleValue(registry, 'feed_degraded_responses_total', { scenario: 'networking', reason });
    expect(await degraded('redis')).toBe(2);
    expect(await degraded('source')).toBe(0);
    expect(await degraded('engine')).toBe(1);
  });
});
