/**
 * The errors the pipeline library throws, in one place so the HTTP layer can map them:
 * `PipelineRequestError` (and `CursorError`) → 400, `SourceFailedError` → 503, the rest → 500 or a failed boot.
 */
export class PipelineError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A pipeline spec that breaks the rules (names, quotas, timeouts, page limits): raised when it is built, at boot. */
export class PipelineSpecError extends PipelineError {
  constructor(
    readonly pipeline: string,
    readonly problems: readonly string[],
  ) {
    super(`pipeline '${pipeline}' is invalid: ${problems.join('; ')}`);
  }
}

/** A stage broke its contract at run time (a filter lost candidates, a re-ranker invented one): a bug, not bad input. */
export class StageContractError extends PipelineError {
  constructor(
    readonly stage: string,
    problem: string,
  ) {
    super(`stage '${stage}' broke its contract: ${problem}`);
  }
}

/** A source that may not fail open failed or timed out, so the whole request fails. */
export class SourceFailedError extends PipelineError {
  constructor(
    readonly source: string,
    readonly reason: 'failed' | 'timedOut',
    detail: string,
    cause?: unknown,
  ) {
    super(
      reason === 'timedOut'
        ? `source '${source}' timed out ${detail}`
        : `source '${source}' failed: ${detail}`,
      { cause },
    );
  }
}

/** Something the caller sent is wrong (page size, member id, cursor): the API answers 400. */
export class PipelineRequestError extends PipelineError {}

export type CursorProblem = 'malformed' | 'signature' | 'pipeline' | 'member' | 'expired';

/** A cursor that cannot be honoured: modified, signed elsewhere, for another feed or member, or expired. */
export class CursorError extends PipelineRequestError {
  constructor(
    readonly problem: CursorProblem,
    message: string,
  ) {
    super(message);
  }
}

/** A parameter definition that breaks the rules, or overrides that are unknown or out of bounds. */
export class ParameterError extends PipelineError {
  constructor(
    /** One entry per offending parameter: its name and what is wrong. */
    readonly problems: readonly { readonly parameter: string; readonly message: string }[],
  ) {
    super(problems.map((p) => `parameter '${p.parameter}' ${p.message}`).join('; '));
  }
}
