import {
  CursorError,
  PipelineRequestError,
  PipelineResult,
  PipelineRunner,
  PipelineTrace,
  SourceFailedError,
  Team,
} from '@app/pipeline';
import { FeedPlace, PlaceSearch, TravelerProfile } from '@app/search';
import { SignalStore } from '@app/signals';
import { Inject, Injectable, Logger, NotFoundException, Optional } from '@nestjs/common';
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
import { BatchedLookup } from '../resilience/batched-lookup';
import { FeedResilience } from '../resilience/feed-resilience';
import { travelFallbackAnswer } from '../resilience/travel-fallback';
import { SIGNAL_STORE } from '../signals/signal-store.token';
import { MemberNotFoundError, TravelContext, TravelContextLoader, TravelRequest } from './travel-context';
import { TravelFeedAnswer, TravelFeedQueryDto } from './travel-feed.dto';
import { travelFeedPipeline, travelFeedStages } from './travel-feed.pipeline';
import { travelParameters } from './travel-parameters';
import { toFeedAnswer } from './travel-response';

/** Injection token of the paging cursors' HMAC key (at least 32 bytes). */
export const TRAVEL_CURSOR_SECRET = 'TravelCursorSecret';

/** One page of the feed, with its side effects not yet run. */
export interface TravelFeedPage {
  readonly answer: TravelFeedAnswer;
  readonly context: TravelContext;
  /** Timings and counts of every stage (kept for every request; the answer shows them with `explain`). */
  readonly trace: PipelineTrace;
  /** Records the impressions; never rejects. */
  readonly afterServe: () => Promise<unknown>;
  /** In an interleaved page, the ranker (team) of each item. */
  readonly teams?: readonly Team[];
}

/**
 * The travel feed: validated query → request → context (profile and signals) → pipeline → answer; impressions are
 * recorded after the answer is sent. Pipeline and library errors become the API's errors here.
 */
@Injectable()
export class TravelFeedService {
  private readonly logger = new Logger('TravelFeed');
  private readonly contexts: TravelContextLoader;
  private readonly runner: PipelineRunner<TravelContext, FeedPlace>;
  private readonly defaultPageSize: number;

  private readonly readProfile: (memberId: string) => Promise<TravelerProfile | undefined>;

  constructor(
    search: PlaceSearch,
    @Inject(SIGNAL_STORE) private readonly store: SignalStore,
    @Inject(TRAVEL_CURSOR_SECRET) cursorSecret: string,
    private readonly metrics: PipelineMetrics,
    /** The circuit, fallback, profile cache and side-effect tracking of the API (absent in unit tests). */
    @Optional() private readonly resilience?: FeedResilience,
    /** The experiments of the API (absent in unit tests and the offline evaluation: no variants, no exposure log). */
    @Optional() private readonly experiments?: FeedExperiments,
  ) {
    // Profiles through the short-lived cache; its misses of one turn read with one `_mget`.
    const profiles = new BatchedLookup((ids) => search.travelerProfiles(ids));
    this.readProfile = resilience
      ? (id) => resilience.profiles.travelerProfile(id, (memberId) => profiles.load(memberId))
      : (id) => search.travelerProfile(id);
    this.contexts = new TravelContextLoader(search, store, Date.now, this.readProfile);
    const spec = travelFeedPipeline(travelFeedStages(search, store));
    this.defaultPageSize = spec.page.defaultSize;
    this.runner = new PipelineRunner(spec, {
      cursorSecret,
      onSideEffectError: (failure) =>
        this.logger.warn(
          `${failure.sideEffect} failed for request ${failure.requestId}: ${(failure.error as Error)?.message ?? failure.error}`,
        ),
    });
  }

  /**
   * The answer of `GET /v1/travel/members/{memberId}/places`; impressions are recorded once it is sent. `requestId`
   * (the HTTP request's) becomes the pipeline's, so that the answer, the logs and later events name one request.
   */
  async feed(memberId: string, query: TravelFeedQueryDto, requestId?: string): Promise<TravelFeedAnswer> {
    const resilience = this.resilience;
    if (!resilience) {
      const page = await this.experimentPage(memberId, query, requestId);
      // After this tick: the answer is serialised and written first.
      setImmediate(() => void page.afterServe());
      return page.answer;
    }
    return resilience.serve(
      'travel',
      async () => {
        const page = await this.experimentPage(memberId, query, requestId);
        const { area } = page.context.request;
        resilience.fallback.noteCity(area.kind === 'city' ? area.city : page.context.member.city);
        return page;
      },
      () => this.fallbackAnswer(resilience, memberId, query, requestId),
    );
  }

  /** The page while the engine is away: the fallback's places, without the member's hidden ones when Redis answers. */
  private async fallbackAnswer(
    resilience: FeedResilience,
    memberId: string,
    query: TravelFeedQueryDto,
    requestId: string | undefined,
  ): Promise<TravelFeedAnswer> {
    const signals = await this.store.readMember(memberId).catch(() => undefined);
    const excluded = new Set(
      (signals?.negatives ?? []).filter((n) => n.target.kind === 'place').map((n) => n.target.id),
    );
    return travelFallbackAnswer(resilience.fallback, toTravelRequest(memberId, query), excluded, {
      limit: query.limit ?? this.defaultPageSize,
      cursor: query.cursor,
      requestId: requestId ?? randomUUID(),
    });
  }

  /**
   * The page of the member's experiment variants (the member's home city decides city and switchback units): their
   * parameters, or a team draft of an interleaved variant's two rankers; after serving, its exposure is logged.
   */
  private async experimentPage(
    memberId: string,
    query: TravelFeedQueryDto,
    requestId: string = randomUUID(),
  ): Promise<TravelFeedPage> {
    const experiments = this.experiments;
    if (!experiments) return this.page(memberId, query, {}, requestId);
    const plan = await experiments.plan(
      'travel',
      memberId,
      Date.now(),
      async () => (await this.readProfile(memberId).catch(() => undefined))?.city,
    );
    const page = await this.page(memberId, query, plan.overrides, requestId, plan);
    return {
      ...page,
      afterServe: async () => {
        await page.afterServe();
        await experiments.logExposure(
          exposureRecordOf({
            scenario: 'travel',
            memberId,
            requestId: page.answer.requestId,
            page: page.trace.page,
            at: Date.now(),
            items: page.answer.items,
            teams: page.teams,
            plan,
          }),
        );
      },
    };
  }

  /**
   * One page, leaving the side effects to the caller (the offline evaluation runs them itself).
   * `overrides` sets parameters for this request (experiments; refused when unknown or out of bounds); a `plan` with
   * an interleaved variant serves the team draft of its two rankers.
   */
  async page(
    memberId: string,
    query: TravelFeedQueryDto,
    overrides: Readonly<Record<string, number>> = {},
    requestId?: string,
    plan: ExperimentPlan = NO_EXPERIMENTS,
  ): Promise<TravelFeedPage> {
    const started = performance.now();
    const request = toTravelRequest(memberId, query);
    const rankers: Ranker[] = plan.interleave
      ? [plan.interleave.A, plan.interleave.B]
      : [{ overrides, ...(plan.script !== undefined && { script: plan.script }) }];
    let contexts: TravelContext[];
    try {
      contexts = await Promise.all(
        rankers.map(async (ranker) => {
          const loaded = await this.contexts.load(request, travelParameters.resolve(ranker.overrides));
          return ranker.script === undefined ? loaded : { ...loaded, scoreScript: ranker.script };
        }),
      );
    } catch (error) {
      throw toApiError(error);
    }
    const context = contexts[0];
    const contextMs = performance.now() - started;
    try {
      const pipelineRequest = {
        memberId,
        context,
        limit: query.limit,
        cursor: query.cursor,
        explain: query.explain === true,
        requestId: requestId ?? randomUUID(),
      };
      const result: PipelineResult<FeedPlace> & { readonly teams?: readonly Team[] } = plan.interleave
        ? await this.runner.runInterleaved(
            pipelineRequest,
            { ...pipelineRequest, context: contexts[1] },
            teamDraftOf(pipelineRequest.requestId),
          )
        : await this.runner.run(pipelineRequest);
      this.metrics.record(
        'travel',
        result.trace,
        contextMs,
        context.signalsUnavailable ? 'redis' : undefined,
      );
      this.logger.debug(feedLogLine('travel', result.trace, contextMs, result.items.length));
      return {
        answer: toFeedAnswer(result, context, contextMs, plan.labels),
        context,
        trace: result.trace,
        afterServe: result.afterServe,
        ...(result.teams && { teams: result.teams }),
      };
    } catch (error) {
      throw toApiError(error);
    }
  }
}

/** The validated query as the pipeline's request. */
export function toTravelRequest(memberId: string, query: TravelFeedQueryDto): TravelRequest {
  return {
    memberId,
    area:
      query.city !== undefined
        ? { kind: 'city', city: query.city }
        : { kind: 'point', origin: { lat: query.lat!, lon: query.lon! }, radiusKm: query.radiusKm! },
    categories: query.categories ?? [],
    priceLevels: query.priceLevels ?? [],
    ...(query.q !== undefined && query.q.trim() !== '' && { text: query.q.trim() }),
  };
}

function toApiError(error: unknown): unknown {
  if (error instanceof MemberNotFoundError) return new NotFoundException(error.message);
  if (error instanceof CursorError)
    return new InvalidInputException([{ field: 'cursor', message: error.message }]);
  if (error instanceof PipelineRequestError) {
    return new InvalidInputException([{ field: 'limit', message: error.message }]);
  }
  if (error instanceof SourceFailedError) {
    return new DependencyUnavailableException(
      `the search engine could not answer (${error.source}); retry shortly`,
      1,
      error,
    );
  }
  return error;
}
