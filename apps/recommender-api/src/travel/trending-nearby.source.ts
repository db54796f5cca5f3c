import { FetchOptions, Query, Retrieved, Source } from '@app/pipeline';
import { FeedPlace, PlaceSearch, trendingPlacesQuery, withTasteScore } from '@app/search';
import { pagedQuota, retrieved, scoringFor } from './place-candidates';
import { TravelContext } from './travel-context';
import { TRAVEL_REASONS } from './travel-reasons';

/**
 * What is popular nearby this week: recent popularity (log-scaled), decaying with distance from the origin
 * (function_score). Every active place of the area is a hit, so this is the source that keeps the feed from being
 * empty, for a brand-new member too; the pipeline does not let it fail open.
 */
export class TrendingNearbySource implements Source<TravelContext, FeedPlace> {
  readonly name = 'TrendingNearby';

  constructor(private readonly search: PlaceSearch) {}

  quota(q: Query<TravelContext>): number {
    return pagedQuota(q, 'travel.trending.quota');
  }

  async fetch(q: Query<TravelContext>, { signal, quota }: FetchOptions): Promise<Retrieved<FeedPlace>[]> {
    const { filter, origin, params, request } = q.context;
    const query = withTasteScore(
      trendingPlacesQuery(filter, origin, params['travel.score.originScaleKm']),
      scoringFor(q.context, 'travel.trending.queryWeight'),
      q.context.scoreScript,
    );
    const reason =
      origin || request.area.kind === 'point'
        ? TRAVEL_REASONS.trendingNearby
        : TRAVEL_REASONS.trendingIn(request.area.city);
    const hits = await this.search.search('trending nearby source', query, quota, { signal });
    return hits.map((hit) => retrieved(hit, [reason]));
  }
}
