import { FetchOptions, Query, Retrieved, Source } from '@app/pipeline';
import { FeedPlace, PlaceSearch, curatedPlacesQuery, withTasteScore } from '@app/search';
import { retrieved, scoringFor } from './place-candidates';
import { TravelContext } from './travel-context';
import { TRAVEL_REASONS } from './travel-reasons';

/** Editors' picks: curated places by rating, decaying with distance from the origin (function_score). */
export class CuratedNearbySource implements Source<TravelContext, FeedPlace> {
  readonly name = 'CuratedNearby';

  constructor(private readonly search: PlaceSearch) {}

  quota(q: Query<TravelContext>): number {
    return q.context.params['travel.curated.quota'];
  }

  async fetch(q: Query<TravelContext>, { signal, quota }: FetchOptions): Promise<Retrieved<FeedPlace>[]> {
    const { filter, origin, params } = q.context;
    const query = withTasteScore(
      curatedPlacesQuery(filter, origin, params['travel.score.originScaleKm']),
      scoringFor(q.context, 'travel.curated.queryWeight'),
      q.context.scoreScript,
    );
    const hits = await this.search.search('curated nearby source', query, quota, { signal });
    return hits.map((hit) => retrieved(hit, [TRAVEL_REASONS.curated]));
  }
}
