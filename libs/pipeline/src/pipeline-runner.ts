import { randomInt, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { CursorBinding, CursorCodec, FeedPosition, hashId } from './cursor';
import { PipelineRequestError, SourceFailedError, StageContractError } from './errors';
import {
  Explanation,
  PipelineTrace,
  SourceRecord,
  StepKind,
  StepRecord,
  explain,
  recordAdjustments,
  roundMs,
} from './explanation';
import { ALREADY_SERVED, PipelineSpec, SourceSpec, definePipeline } from './pipeline-spec';
import { Adjustment, Candidate, FilterResult, Query, Retrieved, partition } from './stages';

export interface PipelineRequest<C> {
  readonly memberId: string;
  readonly context: C;
  /** Page size; the spec's default when absent, at most its maximum. */
  readonly limit?: number;
  /** The previous page's `nextCursor`; absent (or empty) for the first page of a new feed. */
  readonly cursor?: string;
  readonly explain?: boolean;
  /** Generated when absent. */
  readonly requestId?: string;
}

export interface SideEffectOutcome {
  readonly name: string;
  readonly ok: boolean;
  readonly ms: number;
  readonly error?: string;
}

export interface SideEffectReport {
  readonly ms: number;
  readonly outcomes: readonly SideEffectOutcome[];
}

export interface PipelineResult<T> {
  readonly requestId: string;
  readonly page: number;
  readonly items: readonly Candidate<T>[];
  /** null when the feed has nothing more to serve. */
  readonly nextCursor: string | null;
  /** Timings and counts of every stage: always kept, it is cheap. */
  readonly trace: PipelineTrace;
  /** Only when the request asked for it. */
  readonly explanation?: Explanation;
  /** Runs the side effects, once (later calls return the same promise); never rejects. Call it after sending. */
  readonly afterServe: () => Promise<SideEffectReport>;
}

export type Team = 'A' | 'B';

/** Merges two rankings into one list, naming for each position the ranking (team) it came from. */
export type Interleaver = (
  a: readonly string[],
  b: readonly string[],
) => { readonly ids: readonly string[]; readonly teams: readonly Team[] };

/** A page of an interleaved run: `teams[i]` contributed `items[i]`. */
export interface InterleavedResult<T> extends PipelineResult<T> {
  readonly teams: readonly Team[];
}

export interface SideEffectFailure {
  readonly pipeline: string;
  readonly sideEffect: string;
  readonly requestId: string;
  readonly error: unknown;
}

export interface RunnerOptions {
  /** The HMAC key of the paging cursors, at least 32 bytes; every instance of the service needs the same one. */
  readonly cursorSecret: string | Uint8Array;
  /** Default one hour. */
  readonly cursorTtlMs?: number;
  /** A feed ends once it has served this many items (default 500), so that it can never repeat one. */
  readonly maxServedIds?: number;
  /** Milliseconds since the epoch, for cursor expiry; tests move it. */
  readonly clock?: () => number;
  /** The seed of a new feed; random by default. */
  readonly newSeed?: () => number;
  /** Told about every side effect that fails (e.g. to log it); the caller of afterServe gets a report too. */
  readonly onSideEffectError?: (failure: SideEffectFailure) => void;
}

const NO_SERVED = new Uint32Array(0);
const NO_REASONS: readonly string[] = Object.freeze([]);
const NO_ADJUSTMENTS: readonly Adjustment[] = Object.freeze([]);
const NO_FEATURES: Readonly<Record<string, number>> = Object.freeze({});

/** The abort reason when a source's time is up, so a timeout can be told from a failure. */
class SourceTimeout extends Error {
  constructor(source: string, timeoutMs: number) {
    super(`source '${source}' timed out after ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

interface SourceOutcome<T> {
  readonly record: SourceRecord;
  readonly hits: readonly Retrieved<T>[];
  readonly cause?: unknown;
}

/**
 * Runs one scenario's pipeline: sources in parallel (each with its timeout and quota, failing open where the spec
 * allows), merge by id, filters, re-rankers, the page and its cursor; side effects after the response.
 */
export class PipelineRunner<C, T> {
  readonly spec: PipelineSpec<C, T>;
  private readonly cursors: CursorCodec;
  private readonly newSeed: () => number;
  private readonly onSideEffectError?: (failure: SideEffectFailure) => void;

  /** @throws PipelineSpecError when the spec breaks the rules; RangeError on a short secret. */
  constructor(spec: PipelineSpec<C, T>, options: RunnerOptions) {
    this.spec = definePipeline(spec);
    this.cursors = new CursorCodec(options.cursorSecret, {
      ttlMs: options.cursorTtlMs,
      maxServedIds: options.maxServedIds,
      clock: options.clock,
    });
    this.newSeed = options.newSeed ?? (() => randomInt(0, 2 ** 32));
    this.onSideEffectError = options.onSideEffectError;
  }

  /**
   * One page of the feed.
   * @throws PipelineRequestError (a CursorError for a bad cursor) when the request is wrong, SourceFailedError when
   *   a source that may not fail open fails, StageContractError when a stage misbehaves.
   */
  async run(request: PipelineRequest<C>): Promise<PipelineResult<T>> {
    const started = performance.now();
    const { q, position } = this.start(request);
    const ranked = await this.rank(q, position);
    return this.finish(q, position, ranked.candidates, ranked.sources, ranked.steps, started);
  }

  /**
   * One page interleaving two rankings of the same feed: `a` and `b` differ only in their context (the parameters
   * of two rankers, e.g. an experiment's variants). Both run on the same cursor; `interleave` merges their ranked
   * ids (team draft), each position credited to the ranker that contributed it; the page, its cursor and its side
   * effects (run with `a`'s context) are the merged list's. The trace is `a`'s sources and steps, then `b`'s sources,
   * then an `Interleave` step.
   * @throws as run, and PipelineRequestError when the two requests differ in more than their context
   */
  async runInterleaved(
    a: PipelineRequest<C>,
    b: PipelineRequest<C>,
    interleave: Interleaver,
  ): Promise<InterleavedResult<T>> {
    const started = performance.now();
    for (const field of ['memberId', 'limit', 'cursor', 'explain', 'requestId'] as const) {
      if (a[field] !== b[field]) throw new PipelineRequestError(`interleaved requests differ in ${field}`);
    }
    const { q, position } = this.start(a);
    const qB: Query<C> = Object.freeze({ ...q, context: b.context });
    const [rankedA, rankedB] = await Promise.all([this.rank(q, position), this.rank(qB, position)]);
    const since = performance.now();
    const byTeam = { A: byId(rankedA.candidates), B: byId(rankedB.candidates) };
    const merged = interleave(
      rankedA.candidates.map((c) => c.id),
      rankedB.candidates.map((c) => c.id),
    );
    const candidates: Candidate<T>[] = [];
    const teams: Team[] = [];
    merged.ids.forEach((id, i) => {
      const candidate = byTeam[merged.teams[i]].get(id);
      if (candidate === undefined) throw new StageContractError('interleave', `invented the item ${id}`);
      candidates.push(candidate);
      teams.push(merged.teams[i]);
    });
    const countIn = new Set([...byTeam.A.keys(), ...byTeam.B.keys()]).size;
    const steps = [...rankedA.steps, step('reranker', 'Interleave', since, countIn, candidates.length)];
    const result = this.finish(
      q,
      position,
      candidates,
      [...rankedA.sources, ...rankedB.sources],
      steps,
      started,
    );
    return { ...result, teams: teams.slice(0, result.items.length) };
  }

  /** The request checked, and where its feed stands (a new feed, or the cursor's position). */
  private start(request: PipelineRequest<C>): { q: Query<C>; position: FeedPosition } {
    const { spec } = this;
    if (typeof request.memberId !== 'string' || request.memberId === '') {
      throw new PipelineRequestError('memberId is required');
    }
    const limit = request.limit ?? spec.page.defaultSize;
    if (!Number.isInteger(limit) || limit < 1 || limit > spec.page.maxSize) {
      throw new PipelineRequestError(`limit must be a whole number from 1 to ${spec.page.maxSize}`);
    }
    const position: FeedPosition = request.cursor
      ? this.cursors.decode(request.cursor, this.bindingOf(request.memberId))
      : { page: 1, seed: this.newSeed() >>> 0, served: NO_SERVED };
    const q: Query<C> = Object.freeze({
      requestId: request.requestId ?? randomUUID(),
      memberId: request.memberId,
      context: request.context,
      limit,
      page: position.page,
      seed: position.seed,
      servedCount: position.served.length,
      explain: request.explain === true,
    });
    return { q, position };
  }

  private bindingOf(memberId: string): CursorBinding {
    return { pipeline: this.spec.name, memberId };
  }

  /** Sources, merge, the already-served filter, the filters and the re-rankers: every candidate, best first. */
  private async rank(
    q: Query<C>,
    position: FeedPosition,
  ): Promise<{ candidates: readonly Candidate<T>[]; sources: SourceRecord[]; steps: StepRecord[] }> {
    const { spec } = this;
    const steps: StepRecord[] = [];
    let since = performance.now();
    const outcomes = await this.fetchAll(q);
    const sources = outcomes.map((o) => o.record);
    const kept = sum(sources.map((s) => s.kept));
    steps.push(step('fetch', 'Fetch', since, sum(sources.map((s) => s.fetched)), kept));

    since = performance.now();
    let candidates: readonly Candidate<T>[] = mergeHits(
      sources.map((s) => s.name),
      outcomes.map((o) => o.hits),
    );
    steps.push(step('merge', 'Merge', since, kept, candidates.length));

    // The runner's own filter comes first: a hash lookup, and what keeps items from repeating across pages.
    since = performance.now();
    const served = new Set(position.served);
    const notServed =
      served.size === 0
        ? { kept: candidates, removed: [] }
        : partition(candidates, (c) => !served.has(hashId(c.id)));
    steps.push(filterStep(ALREADY_SERVED, since, candidates, notServed, q.explain));
    candidates = notServed.kept;
    for (const filter of spec.filters) {
      since = performance.now();
      const result = filter.split(q, candidates);
      steps.push(filterStep(filter.name, since, candidates, result, q.explain));
      candidates = result.kept;
    }

    for (const reranker of spec.rerankers) {
      since = performance.now();
      const reranked = reranker.rerank(q, candidates);
      const dropped = checkReranked(reranker.name, candidates, reranked);
      const countIn = candidates.length;
      candidates = q.explain ? recordAdjustments(reranker.name, candidates, reranked) : reranked;
      steps.push(
        step('reranker', reranker.name, since, countIn, candidates.length, q.explain ? dropped : undefined),
      );
    }
    return { candidates, sources, steps };
  }

  /** The page of the ranked candidates, its cursor, trace, explanation and side effects. */
  private finish(
    q: Query<C>,
    position: FeedPosition,
    candidates: readonly Candidate<T>[],
    sources: SourceRecord[],
    steps: StepRecord[],
    started: number,
  ): PipelineResult<T> {
    const since = performance.now();
    const { limit } = q;
    const items = candidates.slice(0, limit);
    let nextCursor: string | null = null;
    if (candidates.length > limit) {
      const servedNow = new Uint32Array(position.served.length + items.length);
      servedNow.set(position.served);
      items.forEach((c, i) => (servedNow[position.served.length + i] = hashId(c.id)));
      // A feed whose served ids no longer fit in a cursor ends, rather than risk repeating an item.
      if (this.cursors.canCarry(servedNow.length)) {
        nextCursor = this.cursors.encode(this.bindingOf(q.memberId), {
          page: position.page + 1,
          seed: position.seed,
          served: servedNow,
        });
      }
    }
    steps.push(step('page', 'Page', since, candidates.length, items.length));

    const trace: PipelineTrace = {
      pipeline: this.spec.name,
      requestId: q.requestId,
      page: q.page,
      totalMs: roundMs(performance.now() - started),
      sources,
      steps,
      failedSources: sources
        .filter((s) => s.status === 'failed' || s.status === 'timedOut')
        .map((s) => s.name),
    };
    let sideEffects: Promise<SideEffectReport> | undefined;
    return {
      requestId: q.requestId,
      page: q.page,
      items,
      nextCursor,
      trace,
      ...(q.explain ? { explanation: explain(items, q.servedCount, trace) } : {}),
      afterServe: () => (sideEffects ??= this.runSideEffects(q, items)),
    };
  }

  /** Runs every source at once; when one that may not fail open fails, the others are aborted and the request fails. */
  private async fetchAll(q: Query<C>): Promise<SourceOutcome<T>[]> {
    const controllers = this.spec.sources.map(() => new AbortController());
    try {
      return await Promise.all(
        this.spec.sources.map(async (spec, i) => {
          const outcome = await this.fetchOne(spec, q, controllers[i]);
          const { status, error } = outcome.record;
          if ((status === 'failed' || status === 'timedOut') && !spec.failOpen) {
            const detail = status === 'timedOut' ? `after ${spec.timeoutMs} ms` : (error ?? 'unknown error');
            throw new SourceFailedError(spec.source.name, status, detail, outcome.cause);
          }
          return outcome;
        }),
      );
    } catch (error) {
      for (const controller of controllers) controller.abort(new Error('cancelled: the request failed'));
      throw error;
    }
  }

  private async fetchOne(
    spec: SourceSpec<C, T>,
    q: Query<C>,
    controller: AbortController,
  ): Promise<SourceOutcome<T>> {
    const { name } = spec.source;
    const quota = typeof spec.quota === 'function' ? spec.quota(q) : spec.quota;
    if (!Number.isInteger(quota) || quota < 0) {
      throw new StageContractError(name, `its quota must be a whole number >= 0, got ${quota}`);
    }
    const base = { name, failOpen: spec.failOpen, quota };
    if (quota === 0) return { record: { ...base, status: 'skipped', fetched: 0, kept: 0, ms: 0 }, hits: [] };

    const started = performance.now();
    const { signal } = controller;
    const timer = setTimeout(() => controller.abort(new SourceTimeout(name, spec.timeoutMs)), spec.timeoutMs);
    try {
      // Raced against the signal: a source that ignores it still cannot hold the request past its timeout.
      const hits = checkHits(
        await raceAbort(
          Promise.resolve().then(() => spec.source.fetch(q, { signal, quota })),
          signal,
        ),
      );
      const best = hits.length <= quota ? hits : [...hits].sort((a, b) => b.score - a.score).slice(0, quota);
      const ms = roundMs(performance.now() - started);
      return { record: { ...base, status: 'ok', fetched: hits.length, kept: best.length, ms }, hits: best };
    } catch (cause) {
      const status = signal.aborted && signal.reason instanceof SourceTimeout ? 'timedOut' : 'failed';
      const error = cause instanceof Error ? cause.message : String(cause);
      const ms = roundMs(performance.now() - started);
      return { record: { ...base, status, fetched: 0, kept: 0, ms, error }, hits: [], cause };
    } finally {
      clearTimeout(timer);
    }
  }

  private async runSideEffects(q: Query<C>, served: readonly Candidate<T>[]): Promise<SideEffectReport> {
    const started = performance.now();
    const outcomes = await Promise.all(
      this.spec.sideEffects.map(async (effect): Promise<SideEffectOutcome> => {
        const since = performance.now();
        try {
          await effect.afterServe(q, served);
          return { name: effect.name, ok: true, ms: roundMs(performance.now() - since) };
        } catch (error) {
          try {
            this.onSideEffectError?.({
              pipeline: this.spec.name,
              sideEffect: effect.name,
              requestId: q.requestId,
              error,
            });
          } catch {
            // A failing logger must not turn a reported failure into a thrown one.
          }
          const message = error instanceof Error ? error.message : String(error);
          return { name: effect.name, ok: false, ms: roundMs(performance.now() - since), error: message };
        }
      }),
    );
    return { ms: roundMs(performance.now() - started), outcomes };
  }
}

function step(
  kind: StepKind,
  name: string,
  since: number,
  countIn: number,
  countOut: number,
  removedIds?: readonly string[],
): StepRecord {
  const ms = roundMs(performance.now() - since);
  return {
    kind,
    name,
    ms,
    countIn,
    countOut,
    removed: countIn - countOut,
    ...(removedIds ? { removedIds } : {}),
  };
}

/** A filter's step, once its split is checked: every candidate kept or removed, none lost or invented. */
function filterStep<T>(
  name: string,
  since: number,
  candidates: readonly Candidate<T>[],
  result: FilterResult<T>,
  explain: boolean,
): StepRecord {
  if (!result || !Array.isArray(result.kept) || !Array.isArray(result.removed)) {
    throw new StageContractError(name, 'split must return { kept, removed }');
  }
  if (result.kept.length + result.removed.length !== candidates.length) {
    throw new StageContractError(
      name,
      `split ${candidates.length} candidates into ${result.kept.length} kept and ${result.removed.length} removed`,
    );
  }
  const removedIds = explain ? result.removed.map((c) => c.id) : undefined;
  return step('filter', name, since, candidates.length, result.kept.length, removedIds);
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** Settles with the work, or rejects with the signal's reason as soon as it is aborted. */
function raceAbort<R>(work: Promise<R>, signal: AbortSignal): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** A source's answer, checked: hits with a string id and a finite score (NaN would break every sort after it). */
function checkHits<T>(hits: readonly Retrieved<T>[]): readonly Retrieved<T>[] {
  if (!Array.isArray(hits)) throw new Error('fetch did not return a list of hits');
  for (const hit of hits) {
    if (typeof hit?.id !== 'string') throw new Error('returned a hit without a string id');
    if (typeof hit.score !== 'number' || !Number.isFinite(hit.score)) {
      throw new Error(`returned hit '${hit.id}' with score ${String(hit.score)}`);
    }
  }
  return hits;
}

/**
 * Candidates by id, keeping every source that found one. The rule: the engine score is the best score any source
 * gave; item and features come from that best hit, with features only other hits have filled in (earlier sources in
 * the spec first); reasons are the union, in spec order. Ordered by engine score, ties in the order found.
 */
function byId<T>(candidates: readonly Candidate<T>[]): Map<string, Candidate<T>> {
  return new Map(candidates.map((c) => [c.id, c]));
}

function mergeHits<T>(names: readonly string[], lists: readonly (readonly Retrieved<T>[])[]): Candidate<T>[] {
  const found = new Map<string, { hits: Retrieved<T>[]; sources: string[] }>();
  lists.forEach((hits, s) => {
    for (const hit of hits) {
      const entry = found.get(hit.id);
      if (!entry) found.set(hit.id, { hits: [hit], sources: [names[s]] });
      else {
        entry.hits.push(hit);
        if (entry.sources[entry.sources.length - 1] !== names[s]) entry.sources.push(names[s]);
      }
    }
  });
  const merged: Candidate<T>[] = [];
  for (const [id, { hits, sources }] of found) {
    let best = hits[0];
    for (const hit of hits) if (hit.score > best.score) best = hit;
    let features = best.features ?? NO_FEATURES;
    let reasons = best.reasons ?? NO_REASONS;
    if (hits.length > 1) {
      const all: Record<string, number> = {};
      for (let i = hits.length - 1; i >= 0; i--) Object.assign(all, hits[i].features);
      features = Object.assign(all, best.features);
      reasons = [...new Set(hits.flatMap((h) => h.reasons ?? []))];
    }
    const explanation = { reasons, adjustments: NO_ADJUSTMENTS };
    merged.push({
      id,
      item: best.item,
      sources,
      engineScore: best.score,
      score: best.score,
      features,
      explanation,
    });
  }
  return merged.sort((a, b) => b.score - a.score);
}

/** A re-ranker may reorder and drop, never add or repeat; returns the ids it dropped. */
function checkReranked<T>(
  name: string,
  before: readonly Candidate<T>[],
  after: readonly Candidate<T>[],
): readonly string[] {
  if (!Array.isArray(after)) throw new StageContractError(name, 'rerank must return a list of candidates');
  const remaining = new Set(before.map((c) => c.id));
  for (const c of after) {
    if (!remaining.delete(c?.id)) {
      throw new StageContractError(
        name,
        `it returned '${String(c?.id)}', which it was not given or returned twice`,
      );
    }
  }
  return [...remaining];
}
