import { GeoLocation } from '@app/catalog';
import { FeedPlace } from '@app/search';
import { TravelRequest } from '../travel/travel-context';
import { TravelFeedAnswer, TravelFeedItem } from '../travel/travel-feed.dto';
import { TRAVEL_REASONS } from '../travel/travel-reasons';
import { placeItem } from '../travel/travel-response';
import { FeedFallbackStore } from './feed-fallback.store';

export interface FallbackPageRequest {
  readonly limit: number;
  /** A later page: the fallback has a single page, so it is empty. */
  readonly cursor?: string;
  readonly requestId: string;
}

/**
 * The travel page served while the engine is away: the fallback's curated places of the asked city (or within the
 * asked radius), best rated first, with the request's hard filters and without the places the member hid or passed
 * (`excluded`, empty when Redis is away too). One page, no cursor; marked degraded.
 */
export function travelFallbackAnswer(
  store: FeedFallbackStore,
  request: TravelRequest,
  excluded: ReadonlySet<string>,
  page: FallbackPageRequest,
): TravelFeedAnswer {
  const { area } = request;
  const pool =
    area.kind === 'city'
      ? [...store.placesIn(area.city)].sort((x, y) => y.rating - x.rating || (x.id < y.id ? -1 : 1))
      : store.placesNear(area.origin, area.radiusKm);
  const origin = area.kind === 'point' ? area.origin : undefined;
  const items = page.cursor
    ? []
    : pool
        .filter((place) => keeps(request, excluded, place))
        .slice(0, page.limit)
        .map((place) => toFallbackItem(place, origin));
  return { requestId: page.requestId, items, nextCursor: null, degraded: true, experiments: [] };
}

function keeps(request: TravelRequest, excluded: ReadonlySet<string>, place: FeedPlace): boolean {
  if (excluded.has(place.id) || place.status !== 'active') return false;
  if (request.categories.length > 0 && !place.categories.some((c) => request.categories.includes(c as never)))
    return false;
  return request.priceLevels.length === 0 || request.priceLevels.includes(place.priceLevel);
}

function toFallbackItem(place: FeedPlace, origin: GeoLocation | undefined): TravelFeedItem {
  const reasons = place.curated ? [TRAVEL_REASONS.curated] : [];
  // The engine's curated score: rating / 5 (curatedPlacesQuery).
  return placeItem(place, origin, reasons, Math.round((place.rating / 5) * 1e4) / 1e4);
}
