import type { PipelineTrace } from '@app/pipeline';
import type { Scenario } from '@app/signals';
import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';

/** The stage the feed services time before the runner starts: reading the member's profile and signals. */
export const CONTEXT_STAGE = 'Context';

/**
 * Why a page was served degraded: `engine` (the engine's circuit is open or it failed: an in-memory fallback page),
 * `deadline` (the page was not ready by FEED_DEADLINE_MS: the fallback page), `redis` (no real-time signals), `source` (a candidate source failed or timed out and was allowed to fail open).
 */
export type DegradedReason = 'engine' | 'deadline' | 'redis' | 'source';

/** Candidates one source returns for one request: from none to a few quotas' worth. */
const CANDIDATE_BUCKETS = [0, 1, 5, 10, 25, 50, 100, 200, 400, 800, 1600];

/** Stages are in-memory passes over a few hundred candidates (tens of microseconds) or engine round trips. */
const STAGE_BUCKETS_SECONDS = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];

/**
 * What each feed request's pipeline did, from the trace the runner keeps for every request: time per stage (context,
 * fetch, merge, each filter and re-ranker, page), time and outcome per candidate source, candidates per source, and
 * answers served without a source that failed open (degraded). Labels are stage and source names from the pipeline
 * specs, a small fixed set.
 */
@Injectable()
export class PipelineMetrics {
  private readonly stageDuration: Histogram<'scenario' | 'stage' | 'kind'>;
  private readonly sourceDuration: Histogram<'scenario' | 'source' | 'status'>;
  private readonly sourceCandidates: Histogram<'scenario' | 'source'>;
  private readonly degraded: Counter<'scenario' | 'reason'>;

  constructor(registry: Registry) {
    this.stageDuration = new Histogram({
      name: 'pipeline_stage_duration_seconds',
      help: 'Time of each stage of the feed pipelines, by scenario, stage name and stage kind',
      labelNames: ['scenario', 'stage', 'kind'],
      buckets: STAGE_BUCKETS_SECONDS,
      registers: [registry],
    });
    this.sourceDuration = new Histogram({
      name: 'pipeline_source_duration_seconds',
      help: 'Time of each candidate source of the feed pipelines, by scenario, source and outcome (ok, failed, timedOut)',
      labelNames: ['scenario', 'source', 'status'],
      buckets: STAGE_BUCKETS_SECONDS,
      registers: [registry],
    });
    this.sourceCandidates = new Histogram({
      name: 'pipeline_source_candidates',
      help: 'Candidates each source returned for a feed request (sources that answered), by scenario and source',
      labelNames: ['scenario', 'source'],
      buckets: CANDIDATE_BUCKETS,
      registers: [registry],
    });
    this.degraded = new Counter({
      name: 'feed_degraded_responses_total',
      help:
        'Feed pages served degraded, once per page, by scenario and reason: engine (fallback page), deadline ' +
        '(fallback page: the page was not ready by FEED_DEADLINE_MS), redis (no real-time signals), source (a source failed or timed out and was allowed to fail open)',
      labelNames: ['scenario', 'reason'],
      registers: [registry],
    });
  }

  /**
   * One served page: its trace, and the time the service took to load the context before running the pipeline.
   * `degraded` says why it was served degraded when the trace alone does not (Redis was away); a failed source counts
   * as `source` otherwise.
   */
  record(scenario: Scenario, trace: PipelineTrace, contextMs: number, degraded?: DegradedReason): void {
    this.stageDuration.observe({ scenario, stage: CONTEXT_STAGE, kind: 'context' }, contextMs / 1000);
    for (const step of trace.steps) {
      this.stageDuration.observe({ scenario, stage: step.name, kind: step.kind }, step.ms / 1000);
    }
    for (const source of trace.sources) {
      // A skipped source (quota 0 for this request) did nothing: counting it would drag the latencies towards 0.
      if (source.status === 'skipped') continue;
      this.sourceDuration.observe({ scenario, source: source.name, status: source.status }, source.ms / 1000);
      if (source.status === 'ok')
        this.sourceCandidates.observe({ scenario, source: source.name }, source.fetched);
    }
    const reason = degraded ?? (trace.failedSources.length > 0 ? 'source' : undefined);
    if (reason) this.degraded.inc({ scenario, reason });
  }

  /** A page served without the pipeline (the engine's fallback). */
  recordDegraded(scenario: Scenario, reason: DegradedReason): void {
    this.degraded.inc({ scenario, reason });
  }
}
