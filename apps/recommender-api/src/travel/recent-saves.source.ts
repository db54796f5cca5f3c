import { FetchOptions, Query, Retrieved, Source } from '@app/pipeline';
import { cosine } from '@app/ranking';
import { FeedPlace, PlaceSearch, knnPlacesQuery, withTasteScore } from '@app/search';
import { retrieved, scoringFor } from './place-candidates';
import { RecentPlace, TravelContext } from './travel-context';
import { TRAVEL_REASONS } from './travel-reasons';

/**
 * More like what the member just saved: knn on the mean direction of the embeddings of their newest saved, liked or
 * booked places (read from the signal store on this request, so a save counts on the very next one). The places
 * themselves are left out. Each hit says which of them it is most like: "Because you saved Museu X".
 */
export class RecentSavesSource implements Source<TravelContext, FeedPlace> {
  readonly name = 'RecentSaves';

  constructor(private readonly search: PlaceSearch) {}

  quota(q: Query<TravelContext>): number {
    return q.context.recentVector ? q.context.params['travel.recent.quota'] : 0;
  }

  async fetch(q: Query<TravelContext>, { signal, quota }: FetchOptions): Promise<Retrieved<FeedPlace>[]> {
    const { recentVector, recent, filter } = q.context;
    if (!recentVector) return [];
    const query = withTasteScore(
      knnPlacesQuery(recentVector, quota, { ...filter, excludeIds: recent.map((r) => r.id) }),
      scoringFor(q.context, 'travel.recent.queryWeight'),
      q.context.scoreScript,
    );
    const hits = await this.search.search('recent saves source', query, quota, { signal });
    return hits.map((hit) => {
      const closest = mostSimilar(recent, hit.place.embedding);
      return retrieved(hit, closest ? [TRAVEL_REASONS.because(closest.action, closest.name)] : []);
    });
  }
}

/** The recent place whose embedding is closest (cosine) to this one; the newest wins a tie. */
export function mostSimilar(
  recent: readonly RecentPlace[],
  embedding: readonly number[],
): RecentPlace | undefined {
  let best: RecentPlace | undefined;
  let bestSimilarity = -Infinity;
  for (const place of recent) {
    const similarity = cosine(place.embedding, embedding);
    if (similarity > bestSimilarity) {
      best = place;
      bestSimilarity = similarity;
    }
  }
  return best;
}
