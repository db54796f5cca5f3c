import { PipelineSpecError } from './errors';
import type { Filter, Query, Reranker, SideEffect, Source } from './stages';

export interface SourceSpec<C, T> {
  readonly source: Source<C, T>;
  /** How many of its best candidates (by engine score) to keep; a function reads a bounded parameter. 0 skips it. */
  readonly quota: number | ((q: Query<C>) => number);
  /** The source is aborted after this long. */
  readonly timeoutMs: number;
  /** true: a failure or timeout drops this source and is recorded; false: it fails the request. */
  readonly failOpen: boolean;
}

export interface PageLimits {
  /** Page size when the request gives none. */
  readonly defaultSize: number;
  /** Largest page size a request may ask for. */
  readonly maxSize: number;
}

/** One scenario's pipeline, as a declaration that reads like a config file. */
export interface PipelineSpec<C, T> {
  /** PascalCase, e.g. 'DiscoveryFeed'; cursors are bound to it. */
  readonly name: string;
  /** Run in parallel. */
  readonly sources: readonly SourceSpec<C, T>[];
  /** Applied in order: cheapest first. */
  readonly filters: readonly Filter<C, T>[];
  /** Applied in order, each to the previous one's output. */
  readonly rerankers: readonly Reranker<C, T>[];
  /** Run after the response, in parallel. */
  readonly sideEffects: readonly SideEffect<C, T>[];
  readonly page: PageLimits;
}

/** The runner's own filter (items earlier pages served); no stage may take its name. */
export const ALREADY_SERVED = 'AlreadyServed';

const PASCAL_CASE = /^[A-Z][a-zA-Z0-9]*$/;
// STYLE.md: stage names carry no kind suffix ('SeenItems', not 'SeenItemsFilter').
const KIND_SUFFIX = /(Source|Filter|Reranker|SideEffect)$/;

function stageNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string' || !PASCAL_CASE.test(name)) return `is not PascalCase`;
  if (KIND_SUFFIX.test(name)) return `ends with a kind suffix (name it '${name.replace(KIND_SUFFIX, '')}')`;
  if (name === ALREADY_SERVED) return `is reserved for the runner`;
  return undefined;
}

const asList = <S>(value: readonly S[] | undefined): readonly S[] => (Array.isArray(value) ? value : []);

function isWholeNumber(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min;
}

/**
 * Checks a pipeline spec and returns it frozen; the runner calls it too. Every problem is reported at once.
 * @throws PipelineSpecError
 */
export function definePipeline<C, T>(spec: PipelineSpec<C, T>): PipelineSpec<C, T> {
  const problems: string[] = [];
  if (typeof spec.name !== 'string' || !PASCAL_CASE.test(spec.name)) {
    problems.push(`the pipeline name '${String(spec.name)}' is not PascalCase`);
  }
  const seen = new Set<string>();
  const checkStage = (kind: string, stage: { name?: unknown } | undefined, method: string): void => {
    if (!stage || typeof (stage as Record<string, unknown>)[method] !== 'function') {
      problems.push(`a ${kind} has no ${method}() method`);
      return;
    }
    const name = String(stage.name);
    const problem = stageNameProblem(stage.name);
    if (problem) {
      problems.push(`${kind} name '${name}' ${problem}`);
    } else if (seen.has(name)) {
      // Names key logs, metrics and explanations, so one name means one stage.
      problems.push(`stage name '${name}' is used twice`);
    }
    seen.add(name);
  };

  if (!Array.isArray(spec.sources) || spec.sources.length === 0) problems.push('it has no sources');
  for (const s of asList(spec.sources)) {
    checkStage('source', s?.source, 'fetch');
    const name = String(s?.source?.name);
    if (typeof s?.quota !== 'function' && !isWholeNumber(s?.quota, 0)) {
      problems.push(`source '${name}' quota must be a whole number >= 0 or a function`);
    }
    if (typeof s?.timeoutMs !== 'number' || !Number.isFinite(s.timeoutMs) || s.timeoutMs <= 0) {
      problems.push(`source '${name}' timeoutMs must be a positive number`);
    }
    if (typeof s?.failOpen !== 'boolean') problems.push(`source '${name}' failOpen must be true or false`);
  }
  for (const f of asList(spec.filters)) checkStage('filter', f, 'split');
  for (const r of asList(spec.rerankers)) checkStage('reranker', r, 'rerank');
  for (const e of asList(spec.sideEffects)) checkStage('side effect', e, 'afterServe');
  for (const list of ['filters', 'rerankers', 'sideEffects'] as const) {
    if (!Array.isArray(spec[list])) problems.push(`${list} must be a list (empty if none)`);
  }

  const page = spec.page;
  if (!isWholeNumber(page?.defaultSize, 1)) problems.push('page.defaultSize must be a whole number >= 1');
  else if (!isWholeNumber(page?.maxSize, page.defaultSize)) {
    problems.push('page.maxSize must be a whole number >= page.defaultSize');
  }

  if (problems.length > 0) throw new PipelineSpecError(String(spec.name), problems);
  return Object.freeze({
    ...spec,
    sources: Object.freeze(spec.sources.map((s) => Object.freeze({ ...s }))),
    filters: Object.freeze([...spec.filters]),
    rerankers: Object.freeze([...spec.rerankers]),
    sideEffects: Object.freeze([...spec.sideEffects]),
    page: Object.freeze({ ...spec.page }),
  });
}
