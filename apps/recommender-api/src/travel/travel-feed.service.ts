import {
  CursorError,
  PipelineRequestError,
  PipelineRunner,
  PipelineTrace,
  SourceFailedError,
} from '@app/pipeline';
import { FeedPlace, PlaceSearch } from '@app/search';
import { SignalStore } from '@app/signals';
import { Inject, Injectable, Logger, NotFoundException, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DependencyUnavailableException, InvalidInputException } from '../common/api-error';
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

  constructor(
    search: PlaceSearch,
    @Inject(SIGNAL_STORE) private readonly store: SignalStore,
    @Inject(TRAVEL_CURSOR_SECRET) cursorSecret: string,
    private readonly metrics: PipelineMetrics,
    /** The circuit, fallback, profile cache and side-effect tracking of the API (absent in unit tests). */
    @Optional() private readonly resilience?: FeedResilience,
  ) {
    // Profiles through the short-lived cache; its misses of one turn read with one `_mget`.
    const profiles = new BatchedLookup((ids) => search.travelerProfiles(ids));
    this.contexts = new TravelContextLoader(
      search,
      store,
      Date.now,
      resilience && ((id) => resilience.profiles.travelerProfile(id, (memberId) => profiles.load(memberId))),
    );
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
      const page = await this.page(memberId, query, {}, requestId);
      // After this tick: the answer is serialised and written first.
      setImmediate(() => void page.afterServe());
      return page.answer;
    }
    return resilience.serve(
      'travel',
      async () => {
        const page = await this.page(memberId, query, {}, requestId);
        resilience.afterServe(page.afterServe);
        const { area } = page.context.request;
        resilience.fallback.noteCity(area.kind === 'city' ? area.city : page.context.member.city);
        return page.answer;
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
   * One page, leaving the side effects to the caller (the offline evaluation runs them itself).
   * `overrides` sets parameters for this request (experiments; refused when unknown or out of bounds).
   */
  async page(
    memberId: string,
    query: TravelFeedQueryDto,
    overrides: Readonly<Record<string, unknown>> = {},
    requestId?: string,
  ): Promise<TravelFeedPage> {
    const params = travelParameters.resolve(overrides);
    const started = performance.now();
    let context: TravelContext;
    try {
      context = await this.contexts.load(toTravelRequest(memberId, query), params);
    } catch (error) {
      throw toApiError(error);
    }
    const contextMs = performance.now() - started;
    try {
      const result = await this.runner.run({
        memberId,
        context,
        limit: query.limit,
        cursor: query.cursor,
        explain: query.explain === true,
        requestId,
      });
      this.metrics.record(
        'travel',
        result.trace,
        contextMs,
        context.signalsUnavailable ? 'redis' : undefined,
      );
      this.logger.debug(feedLogLine('travel', result.trace, contextMs, result.items.length));
      return {
        answer: toFeedAnswer(result, context, contextMs),
        context,
        trace: result.trace,
        afterServe: result.afterServe,
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
