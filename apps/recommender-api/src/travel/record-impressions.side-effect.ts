import { Candidate, Query, SideEffect } from '@app/pipeline';
import { FeedPlace } from '@app/search';
import { SignalEvent, SignalStore } from '@app/signals';
import { TravelContext } from './travel-context';

/**
 * Records an impression of every served place in the signal store, after the response: they feed the seen filter
 * (a place shown too often without a reaction stops coming back) and the exposure counters of new places. Event ids
 * are the request id and the place, so a retried side effect counts once.
 */
export class RecordImpressionsSideEffect implements SideEffect<TravelContext, FeedPlace> {
  readonly name = 'RecordImpressions';

  constructor(private readonly store: SignalStore) {}

  async afterServe(q: Query<TravelContext>, served: readonly Candidate<FeedPlace>[]): Promise<void> {
    if (served.length === 0) return;
    await this.store.record(impressionEvents(q, served));
  }
}

export function impressionEvents(
  q: Query<TravelContext>,
  served: readonly Candidate<FeedPlace>[],
): SignalEvent[] {
  const at = Math.floor(q.context.now);
  return served.map((c, i) => ({
    id: `imp:${q.requestId}:${c.id}`,
    type: 'impression',
    memberId: q.memberId,
    target: { kind: 'place', id: c.id },
    at,
    context: { scenario: 'travel', requestId: q.requestId, position: q.servedCount + i },
  }));
}
