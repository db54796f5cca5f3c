import {
  CursorError,
  ParameterError,
  PipelineRequestError,
  PipelineResult,
  PipelineRunner,
  PipelineTrace,
  SideEffectFailure,
  SideEffectReport,
  SourceFailedError,
  Team,
} from '@app/pipeline';
import { ParameterLookup } from '@app/ranking';
import { Member } from '@app/catalog';
import { MemberCandidate, MemberSearch } from '@app/search';
import { SignalStore } from '@app/signals';
import { LoggerService, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DependencyUnavailableException, InvalidInputException } from '../common/api-error';
import {
  ExperimentPlan,
  exposureRecordOf,
  FeedExperiments,
  NO_EXPERIMENTS,
  Ranker,
  teamDraftOf,
} from '../experiments/feed-experiments';
import { feedLogLine } from '../observability/feed-log-line';
import { PipelineMetrics } from '../observability/pipeline.metrics';
import { discoveryFallbackPage } from '../resilience/discovery-fallback';
import { BatchedLookup } from '../resilience/batched-lookup';
import { FeedResilience } from '../resilience/feed-resilience';
import {
  decidedWithin,
  DiscoveryContext,
  DiscoveryContextLoader,
  UnknownViewerError,
} from './discovery-context';
import {
  DISCOVERY_DEFAULTS,
  discoveryFeed,
  discoveryFeedStages,
  networkingParameters,
  relevanceOnlyFeed,
} from './discovery-feed.pipeline';
import { DiscoveryFeedDto, toDiscoveryFeedDto } from './discovery-feed.dto';

/** `full`: the discovery feed; `relevanceOnly`: the simulation's baseline (see relevanceOnlyFeed). */
export type DiscoveryVariant = 'full' | 'relevanceOnly';

export interface DiscoveryFeedOptions {
  /** HMAC key of the paging cursors (at least 32 bytes); instances serving one feed need the same one. */
  readonly cursorSecret: string | Uint8Array;
  /** Epoch milliseconds; the simulation moves it. */
  readonly clock?: () => number;
  readonly variant?: DiscoveryVariant;
  readonly onSideEffectError?: (failure: SideEffectFailure) => void;
  /** Told about every page served without a source that failed or timed out (it may fail open). */
  readonly onDegraded?: (trace: PipelineTrace) => void;
  /** The seed of a new feed (random by default). */
  readonly newSeed?: () => number;
  /** Told about every page served: per-stage times, candidates per source, degraded answers. */
  readonly metrics?: PipelineMetrics;
  /** Gets one debug line per page served, with its timing summary (the simulation leaves it out). */
  readonly logger?: LoggerService;
  /** The API's circuit, fallback, profile cache and side-effect tracking (the simulation leaves it out). */
  readonly resilience?: FeedResilience;
  /** The API's experiments: variants per viewer and the exposure log (the simulation assigns its own overrides). */
  readonly experiments?: FeedExperiments;
}

export interface DiscoveryPageRequest {
  readonly limit?: number;
  readonly cursor?: string;
  readonly explain?: boolean;
  /** Parameter values over the defaults (experiments, the simulation); out of bounds is refused. */
  readonly overrides?: Readonly<Record<string, number>>;
  readonly requestId?: string;
  /** The experiments of the request: their labels go in the answer; an interleaved variant serves a team draft. */
  readonly plan?: ExperimentPlan;
}

export interface ServedPage {
  readonly body: DiscoveryFeedDto;
  readonly result: PipelineResult<MemberCandidate>;
  readonly context: DiscoveryContext;
  /** Records the impressions (and logs the exposure); call it once the body is sent. */
  readonly afterServe: () => Promise<SideEffectReport>;
  /** In an interleaved page, the ranker (team) of each item. */
  readonly teams?: readonly Team[];
}

/**
 * The discovery feed of one member: resolves the request's parameters, loads the context (viewer, relations,
 * signals), runs the pipeline, maps the page to the public DTO. A plain class: the Nest module builds one, the
 * simulation builds its own.
 */
export class DiscoveryFeedService {
  private readonly runner: PipelineRunner<DiscoveryContext, MemberCandidate>;
  private readonly contexts: DiscoveryContextLoader;
  private readonly clock: () => number;
  private readonly onDegraded?: (trace: PipelineTrace) => void;
  private readonly metrics?: PipelineMetrics;
  private readonly logger?: LoggerService;
  private readonly resilience?: FeedResilience;
  private readonly experiments?: FeedExperiments;
  private readonly readViewer: (memberId: string) => Promise<Member | undefined>;
  private readonly defaultPageSize: number;

  constructor(
    search: MemberSearch,
    private readonly signals: SignalStore,
    options: DiscoveryFeedOptions,
  ) {
    const stages = discoveryFeedStages(search, signals);
    const spec = options.variant === 'relevanceOnly' ? relevanceOnlyFeed(stages) : discoveryFeed(stages);
    this.runner = new PipelineRunner(spec, {
      cursorSecret: options.cursorSecret,
      onSideEffectError: options.onSideEffectError,
      newSeed: options.newSeed,
      clock: options.clock,
    });
    const resilience = options.resilience;
    this.resilience = resilience;
    this.defaultPageSize = spec.page.defaultSize;
    // Viewers through the short-lived cache; its misses of one turn read with one `_mget`.
    const viewers = new BatchedLookup((ids) => search.getMembers(ids));
    this.readViewer = resilience
      ? (id) => resilience.profiles.member(id, (memberId) => viewers.load(memberId))
      : (id) => search.getMember(id);
    this.contexts = new DiscoveryContextLoader(search, signals, this.readViewer);
    this.experiments = options.experiments;
    this.clock = options.clock ?? Date.now;
    this.onDegraded = options.onDegraded;
    this.metrics = options.metrics;
    this.logger = options.logger;
  }

  /** For the controller: the page, with its impressions recorded once the answer has gone out. */
  async serve(memberId: string, request: DiscoveryPageRequest): Promise<DiscoveryFeedDto> {
    const resilience = this.resilience;
    if (!resilience) {
      const page = await this.experimentPage(memberId, request);
      // Callbacks of setImmediate run after the pending I/O, the reply included.
      setImmediate(() => void page.afterServe());
      return page.body;
    }
    return resilience.serve(
      'networking',
      async () => {
        const page = await this.experimentPage(memberId, request);
        const { viewer, blocked, connected } = page.context;
        resilience.fallback.noteViewer({ ...viewer, blocked, connected });
        return { answer: page.body, afterServe: page.afterServe };
      },
      () => this.fallbackPage(resilience, memberId, request),
    );
  }

  /**
   * The page while the engine is away (see discoveryFallbackPage): the viewer's decisions come from the signal store;
   * when it does not answer either, nobody is shown.
   */
  private async fallbackPage(
    resilience: FeedResilience,
    memberId: string,
    request: DiscoveryPageRequest,
  ): Promise<DiscoveryFeedDto> {
    const now = this.clock();
    const signals = await this.signals.readMember(memberId, now).catch(() => undefined);
    return discoveryFallbackPage(resilience.fallback, memberId, signals && decidedWithin(signals, 0), {
      limit: request.limit ?? this.defaultPageSize,
      cursor: request.cursor,
      requestId: request.requestId ?? randomUUID(),
    });
  }

  /**
   * The page of the viewer's experiment variants (the viewer's city decides city and switchback units); after
   * serving, its exposure is logged.
   */
  private async experimentPage(memberId: string, request: DiscoveryPageRequest): Promise<ServedPage> {
    const experiments = this.experiments;
    if (!experiments) return this.page(memberId, request);
    const now = this.clock();
    const plan = await experiments.plan(
      'networking',
      memberId,
      now,
      async () => (await this.readViewer(memberId).catch(() => undefined))?.city,
    );
    const requestId = request.requestId ?? randomUUID();
    const page = await this.page(memberId, { ...request, requestId, overrides: plan.overrides, plan });
    return {
      ...page,
      afterServe: async () => {
        const report = await page.afterServe();
        await experiments.logExposure(
          exposureRecordOf({
            scenario: 'networking',
            memberId,
            requestId: page.result.requestId,
            page: page.result.page,
            at: this.clock(),
            items: page.result.items,
            teams: page.teams,
            plan,
          }),
        );
        return report;
      },
    };
  }

  /**
   * One page. @throws NotFoundException (unknown member), InvalidInputException (bad cursor or overrides),
   * DependencyUnavailableException (a source that may not fail open failed).
   */
  async page(memberId: string, request: DiscoveryPageRequest = {}): Promise<ServedPage> {
    const plan = request.plan ?? NO_EXPERIMENTS;
    const rankers: Ranker[] = plan.interleave
      ? [plan.interleave.A, plan.interleave.B]
      : [{ overrides: request.overrides ?? {}, ...(plan.script !== undefined && { script: plan.script }) }];
    const started = performance.now();
    const now = this.clock();
    let contexts: DiscoveryContext[];
    try {
      contexts = await Promise.all(
        rankers.map(async (ranker) => {
          const loaded = await this.contexts.load(memberId, resolveParameters(ranker.overrides), now);
          return ranker.script === undefined ? loaded : { ...loaded, scoreScript: ranker.script };
        }),
      );
    } catch (error) {
      if (error instanceof UnknownViewerError) throw new NotFoundException(error.message);
      throw error;
    }
    const context = contexts[0];
    const contextMs = Math.round((performance.now() - started) * 1000) / 1000;
    let result: PipelineResult<MemberCandidate> & { readonly teams?: readonly Team[] };
    try {
      const pipelineRequest = {
        memberId,
        context,
        limit: request.limit,
        cursor: request.cursor,
        explain: request.explain,
        requestId: request.requestId ?? randomUUID(),
      };
      result = plan.interleave
        ? await this.runner.runInterleaved(
            pipelineRequest,
            { ...pipelineRequest, context: contexts[1] },
            teamDraftOf(pipelineRequest.requestId),
          )
        : await this.runner.run(pipelineRequest);
    } catch (error) {
      throw toApiError(error);
    }
    this.metrics?.record(
      'networking',
      result.trace,
      contextMs,
      context.signalsUnavailable ? 'redis' : undefined,
    );
    this.logger?.debug?.(feedLogLine('networking', result.trace, contextMs, result.items.length));
    if (result.trace.failedSources.length > 0) this.onDegraded?.(result.trace);
    return {
      body: toDiscoveryFeedDto(result, context, contextMs, plan.labels),
      result,
      context,
      afterServe: result.afterServe,
      ...(result.teams && { teams: result.teams }),
    };
  }
}

function resolveParameters(overrides: Readonly<Record<string, number>> = {}): ParameterLookup {
  try {
    return networkingParameters.resolve({ ...DISCOVERY_DEFAULTS, ...overrides });
  } catch (error) {
    if (error instanceof ParameterError) {
      throw new InvalidInputException(
        error.problems.map((p) => ({ field: p.parameter, message: `${p.parameter} ${p.message}` })),
      );
    }
    throw error;
  }
}

function toApiError(error: unknown): unknown {
  if (error instanceof CursorError)
    return new InvalidInputException([{ field: 'cursor', message: error.message }]);
  if (error instanceof PipelineRequestError) {
    return new InvalidInputException([{ field: 'limit', message: error.message }]);
  }
  if (error instanceof SourceFailedError) {
    return new DependencyUnavailableException('the discovery feed is unavailable; retry shortly', 1, error);
  }
  return error;
}
