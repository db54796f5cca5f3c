import { Filter } from '@app/pipeline';
import { ExcludedIdsFilter, SeenItemsFilter } from '@app/ranking';
import { FeedPlace } from '@app/search';
import { TravelContext } from './travel-context';
import { UnpublishedPlacesFilter } from './unpublished-places.filter';

/**
 * The travel feed's filters, cheapest first (the runner's AlreadyServed, the places earlier pages of this feed
 * served, runs before them all):
 * - UnpublishedPlaces: closed and draft places (hidden from members);
 * - HiddenOrPassed: places the member hid, passed or reported (the signal store's negative window);
 * - SeenItems: places shown more than `travel.seen.maxCount` times within the seen window without a reaction.
 */
export function travelFilters(): Filter<TravelContext, FeedPlace>[] {
  return [
    new UnpublishedPlacesFilter<TravelContext>(),
    new ExcludedIdsFilter<TravelContext, FeedPlace>({
      name: 'HiddenOrPassed',
      excludedOf: (c) => c.excluded,
    }),
    new SeenItemsFilter<TravelContext, FeedPlace, 'travel'>({
      scenario: 'travel',
      seenCountsOf: (c) => c.seenCounts,
    }),
  ];
}
