import type { PipelineTrace } from '@app/pipeline';
import type { Scenario } from '@app/signals';
import { CONTEXT_STAGE } from './pipeline.metrics';

/** The log line of one served feed page: where the time went, what each source gave, what failed open. */
export interface FeedLogLine {
  readonly msg: string;
  readonly scenario: Scenario;
  readonly pipeline: string;
  readonly requestId: string;
  readonly page: number;
  readonly served: number;
  /** Context plus the pipeline, in milliseconds. */
  readonly totalMs: number;
  /** Milliseconds per stage, in execution order, the context first. */
  readonly stagesMs: Readonly<Record<string, number>>;
  /** Per source: `<status> <fetched> in <ms> ms`. */
  readonly sources: Readonly<Record<string, string>>;
  readonly failedSources: readonly string[];
}

/** Microseconds are enough for a latency split. */
const roundMs = (ms: number): number => Math.round(ms * 1000) / 1000;

export function feedLogLine(
  scenario: Scenario,
  trace: PipelineTrace,
  contextMs: number,
  served: number,
): FeedLogLine {
  const stagesMs: Record<string, number> = { [CONTEXT_STAGE]: roundMs(contextMs) };
  for (const step of trace.steps) stagesMs[step.name] = step.ms;
  const sources: Record<string, string> = {};
  for (const source of trace.sources)
    sources[source.name] = `${source.status} ${source.fetched} in ${source.ms} ms`;
  return {
    msg: 'feed served',
    scenario,
    pipeline: trace.pipeline,
    requestId: trace.requestId,
    page: trace.page,
    served,
    totalMs: roundMs(contextMs + trace.totalMs),
    stagesMs,
    sources,
    failedSources: trace.failedSources,
  };
}
