import { Candidate, Filter, FilterResult, Query, partition } from '@app/pipeline';
import { FeedPlace } from '@app/search';

/**
 * Leaves out places members must not be shown: closed or draft (not `active`). The sources already ask the engine
 * for active places only; this is the guarantee that holds whatever a source does.
 */
export class UnpublishedPlacesFilter<C> implements Filter<C, FeedPlace> {
  readonly name = 'UnpublishedPlaces';

  split(_q: Query<C>, candidates: readonly Candidate<FeedPlace>[]): FilterResult<FeedPlace> {
    return partition(candidates, (c) => c.item.status === 'active');
  }
}
