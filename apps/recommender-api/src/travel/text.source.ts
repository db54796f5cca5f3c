import { FetchOptions, Query, Retrieved, Source } from '@app/pipeline';
import { FeedPlace, PlaceSearch, textPlacesQuery, withTasteScore } from '@app/search';
import { retrieved, scoringFor } from './place-candidates';
import { TravelContext } from './travel-context';
import { TRAVEL_REASONS } from './travel-reasons';

/** Places matching the free text `q` (multi_match over name, tags and description); only when `q` is given. */
export class TextSource implements Source<TravelContext, FeedPlace> {
  readonly name = 'Text';

  constructor(private readonly search: PlaceSearch) {}

  quota(q: Query<TravelContext>): number {
    return q.context.request.text ? q.context.params['travel.text.quota'] : 0;
  }

  async fetch(q: Query<TravelContext>, { signal, quota }: FetchOptions): Promise<Retrieved<FeedPlace>[]> {
    const text = q.context.request.text;
    if (!text) return [];
    const query = withTasteScore(
      textPlacesQuery(text, q.context.filter),
      scoringFor(q.context, 'travel.text.queryWeight'),
      q.context.scoreScript,
    );
    const hits = await this.search.search('text source', query, quota, { signal });
    return hits.map((hit) => retrieved(hit, [TRAVEL_REASONS.matches(text)]));
  }
}
