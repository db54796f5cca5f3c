import { FetchOptions, Query, Retrieved, Source } from '@app/pipeline';
import { FeedPlace, PlaceSearch, knnPlacesQuery, withTasteScore } from '@app/search';
import { pagedQuota, retrieved, scoringFor } from './place-candidates';
import { TravelContext } from './travel-context';
import { TRAVEL_REASONS } from './travel-reasons';

/** The places nearest to the member's taste embedding (knn with the request's filter); none without an embedding. */
export class TasteSource implements Source<TravelContext, FeedPlace> {
  readonly name = 'Taste';

  constructor(private readonly search: PlaceSearch) {}

  quota(q: Query<TravelContext>): number {
    return q.context.member.tasteEmbedding ? pagedQuota(q, 'travel.taste.quota') : 0;
  }

  async fetch(q: Query<TravelContext>, { signal, quota }: FetchOptions): Promise<Retrieved<FeedPlace>[]> {
    const taste = q.context.member.tasteEmbedding;
    if (!taste) return [];
    const query = withTasteScore(
      knnPlacesQuery(taste, quota, q.context.filter),
      scoringFor(q.context, 'travel.taste.queryWeight'),
      q.context.scoreScript,
    );
    const hits = await this.search.search('taste source', query, quota, { signal });
    return hits.map((hit) => retrieved(hit, [TRAVEL_REASONS.taste]));
  }
}
