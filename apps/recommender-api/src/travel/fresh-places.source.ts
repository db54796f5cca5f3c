import { FetchOptions, Query, Retrieved, Source } from '@app/pipeline';
import { FeedPlace, PlaceSearch, freshPlacesQuery, windowStartHour, withTasteScore } from '@app/search';
import { SignalStore } from '@app/signals';
import { retrieved, scoringFor } from './place-candidates';
import { TravelContext } from './travel-context';

/** Impressions are counted over the last seven UTC days (today included), as the reranker's `impressions7d`. */
const EXPOSURE_DAYS = 7;

/**
 * Cold-start places: created within `travel.freshness.maxAgeDays` (from the start of that hour: windowStartHour), in a seeded random order (random_score, seed of the
 * member and the UTC day: exploration is stable within a day for a member and differs across members), then only
 * those shown fewer than `travel.freshness.maxImpressions` times this week (the signal store's exposure counters, one
 * round trip). Each hit carries its `impressions7d` for the FreshnessExposure re-ranker.
 */
export class FreshPlacesSource implements Source<TravelContext, FeedPlace> {
  readonly name = 'FreshPlaces';

  constructor(
    private readonly search: PlaceSearch,
    private readonly store: SignalStore,
  ) {}

  quota(q: Query<TravelContext>): number {
    return q.context.params['travel.fresh.quota'];
  }

  async fetch(q: Query<TravelContext>, { signal, quota }: FetchOptions): Promise<Retrieved<FeedPlace>[]> {
    const { filter, params, now, explorationSeed } = q.context;
    const since = windowStartHour(now, params['travel.freshness.maxAgeDays']);
    const query = withTasteScore(
      freshPlacesQuery(filter, since, explorationSeed),
      scoringFor(q.context, 'travel.fresh.queryWeight'),
      q.context.scoreScript,
    );
    const hits = await this.search.search('fresh places source', query, quota, { signal });
    if (hits.length === 0) return [];
    const exposure = await this.store.exposure(
      'place',
      hits.map((h) => h.id),
      EXPOSURE_DAYS,
      now,
    );
    const maxImpressions = params['travel.freshness.maxImpressions'];
    return hits.flatMap((hit) => {
      const impressions = exposure.get(hit.id)?.impressions ?? 0;
      return impressions < maxImpressions ? [retrieved(hit, [], { impressions7d: impressions })] : [];
    });
  }
}
