import { Reranker } from '@app/pipeline';
import { FreshnessExposureReranker, MmrDiversityReranker, SerendipityReranker } from '@app/ranking';
import { FeedPlace } from '@app/search';
import { TravelContext } from './travel-context';
import { TRAVEL_REASONS } from './travel-reasons';

/**
 * The travel feed's re-rankers, in the order `@app/ranking` requires: the score re-ranker first (it re-sorts by
 * score), then the order-only ones.
 * - FreshnessExposure: a small bounded boost for places created within `travel.freshness.maxAgeDays` with few
 *   impressions. Only places whose impressions are known (the FreshPlaces source read them) get it: a new place found
 *   by another source may already have been shown plenty.
 * - MmrDiversity: MMR over embedding cosine and category overlap, with a per-category cap on the first screen.
 * - Serendipity: a bounded share of positions for good places outside the member's usual categories.
 */
export function travelRerankers(): Reranker<TravelContext, FeedPlace>[] {
  return [
    new FreshnessExposureReranker<TravelContext, FeedPlace, 'travel'>({
      scenario: 'travel',
      createdAtOf: (place) => place.createdAt,
      nowOf: (c) => c.now,
      impressionsOf: (candidate) => candidate.features['impressions7d'] ?? Infinity,
      reason: TRAVEL_REASONS.fresh,
    }),
    new MmrDiversityReranker<TravelContext, FeedPlace, 'travel'>({
      scenario: 'travel',
      embeddingOf: (place) => place.embedding,
      categoriesOf: (place) => place.categories,
    }),
    new SerendipityReranker<TravelContext, FeedPlace, 'travel'>({
      scenario: 'travel',
      categoriesOf: (place) => place.categories,
      usualCategoriesOf: (c) => c.usualCategories,
      reason: TRAVEL_REASONS.different,
    }),
  ];
}
