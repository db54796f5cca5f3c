/**
 * `@app/pipeline`: stage contracts, declarative pipeline specs, typed bounded parameters, and the runner (parallel
 * sources with timeouts and quotas, fail-open, merge, filters, re-rankers, tamper-evident paging, side effects after
 * the response, per-stage timing and explanations). No I/O of its own.
 *
 * A scenario declares `PipelineSpec<Context, Item>` (see STYLE.md), builds `new PipelineRunner(spec, { cursorSecret })`
 * once, and per request resolves its parameters into the context and calls `run`:
 *
 *   const params = travelParameters.resolve(experimentOverrides);
 *   const result = await runner.run({ memberId, context: { ...signals, params }, limit, cursor, explain });
 *   reply.send(toResponse(result));
 *   void result.afterServe();
 */
export type {
  Adjustment,
  Candidate,
  CandidateExplanation,
  FetchOptions,
  Filter,
  FilterResult,
  Query,
  Reranker,
  Retrieved,
  SideEffect,
  Source,
} from './stages';
export { partition, withReason, withScore } from './stages';

export type { PageLimits, PipelineSpec, SourceSpec } from './pipeline-spec';
export { ALREADY_SERVED, definePipeline } from './pipeline-spec';

export type { ParameterDefinition, ParameterValues } from './parameters';
export { ParameterRegistry, parameter } from './parameters';

export type {
  InterleavedResult,
  Interleaver,
  PipelineRequest,
  PipelineResult,
  Team,
  RunnerOptions,
  SideEffectFailure,
  SideEffectOutcome,
  SideEffectReport,
} from './pipeline-runner';
export { PipelineRunner } from './pipeline-runner';

export type { CursorBinding, CursorCodecOptions, FeedPosition } from './cursor';
export { CursorCodec, DEFAULT_CURSOR_TTL_MS, DEFAULT_MAX_SERVED_IDS, hashId } from './cursor';

export type {
  Explanation,
  ItemExplanation,
  PipelineTrace,
  SourceRecord,
  SourceStatus,
  StepKind,
  StepRecord,
} from './explanation';
export { explain, recordAdjustments } from './explanation';

export type { CursorProblem } from './errors';
export {
  CursorError,
  ParameterError,
  PipelineError,
  PipelineRequestError,
  PipelineSpecError,
  SourceFailedError,
  StageContractError,
} from './errors';
