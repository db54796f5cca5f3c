import { GeoLocation } from '@app/catalog';
import { Candidate, PipelineResult } from '@app/pipeline';
import { FeedPlace } from '@app/search';
import { TravelContext } from './travel-context';
import { TravelFeedAnswer, TravelFeedItem } from './travel-feed.dto';
import { MAX_REASONS, TRAVEL_REASONS } from './travel-reasons';

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance (haversine, mean Earth radius of IUGG). */
export function distanceKm(a: GeoLocation, b: GeoLocation): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Most specific first: what the member did or asked, then editors, novelty, the crowd, the taste model. */
function reasonRank(reason: string): number {
  if (reason.startsWith('Because you ')) return 0;
  if (reason.startsWith('Matches "')) return 1;
  if (reason === TRAVEL_REASONS.curated) return 2;
  if (reason === TRAVEL_REASONS.different) return 3;
  if (reason === TRAVEL_REASONS.fresh) return 4;
  if (reason === TRAVEL_REASONS.taste) return 6;
  return 5;
}

export function shortReasons(reasons: readonly string[]): string[] {
  return [...reasons]
    .map((reason, i) => ({ reason, i }))
    .sort((a, b) => reasonRank(a.reason) - reasonRank(b.reason) || a.i - b.i)
    .slice(0, MAX_REASONS)
    .map((r) => r.reason);
}

/** A served place as members see it: public fields only (no popularity, no embedding), a distance, reasons. */
export function toFeedItem(candidate: Candidate<FeedPlace>, origin: GeoLocation | undefined): TravelFeedItem {
  return placeItem(candidate.item, origin, shortReasons(candidate.explanation.reasons), candidate.score);
}

/** The public fields of a place, its distance from `origin` (km, two decimals), and what the feed says of it. */
export function placeItem(
  place: FeedPlace,
  origin: GeoLocation | undefined,
  reasons: string[],
  score: number,
): TravelFeedItem {
  return {
    id: place.id,
    name: place.name,
    city: place.city,
    categories: [...place.categories],
    distanceKm: origin ? Math.round(distanceKm(origin, place.location) * 100) / 100 : null,
    rating: place.rating,
    priceLevel: place.priceLevel,
    curated: place.curated,
    reasons,
    score,
  };
}

/** The answer of one page; the explanation only when the request asked for it. */
export function toFeedAnswer(
  result: PipelineResult<FeedPlace>,
  context: TravelContext,
  contextMs: number,
  experiments: readonly string[] = [],
): TravelFeedAnswer {
  const answer: TravelFeedAnswer = {
    requestId: result.requestId,
    items: result.items.map((c) => toFeedItem(c, context.origin)),
    nextCursor: result.nextCursor,
    degraded: context.signalsUnavailable === true || result.trace.failedSources.length > 0,
    experiments: [...experiments],
  };
  if (result.explanation) {
    const { items, request } = result.explanation;
    answer.explanation = {
      items: items.map((item) => ({
        id: item.id,
        position: item.position,
        sources: [...item.sources],
        engineScore: item.engineScore,
        score: item.score,
        adjustments: [...item.adjustments],
        reasons: [...item.reasons],
      })),
      request: {
        pipeline: request.pipeline,
        page: request.page,
        contextMs: Math.round(contextMs * 1000) / 1000,
        pipelineMs: request.totalMs,
        sources: [...request.sources],
        steps: [...request.steps],
        failedSources: [...request.failedSources],
        parameters: { ...context.params },
      },
    };
  }
  return answer;
}
