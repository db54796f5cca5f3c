import { Query, Retrieved } from '@app/pipeline';
import { FeedPlace, PlaceHit, PlacesTasteScoreParams } from '@app/search';
import { TravelContext } from './travel-context';
import { TravelParameterName } from './travel-parameters';

/** A search hit as a source returns it to the runner. */
export function retrieved(
  hit: PlaceHit,
  reasons: readonly string[],
  features?: Readonly<Record<string, number>>,
): Retrieved<FeedPlace> {
  return { id: hit.id, item: hit.place, score: hit.score, reasons, ...(features && { features }) };
}

/** The request's script params with this source's weight of its own query score. */
export function scoringFor(context: TravelContext, queryWeight: TravelParameterName): PlacesTasteScoreParams {
  return { ...context.scoring, weights: { ...context.scoring.weights, query: context.params[queryWeight] } };
}

/**
 * A source's quota on this page: its parameter plus what earlier pages served (they come back and are filtered out as
 * already served, so the pool of new candidates stays the same size), at most 1,000.
 */
export function pagedQuota(q: Query<TravelContext>, quota: TravelParameterName): number {
  return Math.min(1000, q.context.params[quota] + q.servedCount);
}
