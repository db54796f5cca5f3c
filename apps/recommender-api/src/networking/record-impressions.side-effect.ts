import { Candidate, Query, SideEffect } from '@app/pipeline';
import { MemberCandidate } from '@app/search';
import { SignalEvent, SignalStore } from '@app/signals';
import { DiscoveryContext } from './discovery-context';

/**
 * After a page is served: one `impression` event per member on it, in one batch. They count at once in the members'
 * impressions of the day (exposure balancing of the next request reads them) and in the viewer's seen set. Event ids
 * are the request id and the member id, so a retried side effect counts nothing twice.
 */
export class RecordImpressionsSideEffect implements SideEffect<DiscoveryContext, MemberCandidate> {
  readonly name = 'RecordImpressions';

  constructor(private readonly signals: SignalStore) {}

  async afterServe(q: Query<DiscoveryContext>, served: readonly Candidate<MemberCandidate>[]): Promise<void> {
    if (served.length === 0) return;
    await this.signals.record(impressionEvents(q, served));
  }
}

export function impressionEvents(
  q: Query<DiscoveryContext>,
  served: readonly Candidate<MemberCandidate>[],
): SignalEvent[] {
  return served.map((candidate, i) => ({
    id: `discovery:${q.requestId}:${candidate.id}`,
    type: 'impression',
    memberId: q.memberId,
    target: { kind: 'member', id: candidate.id },
    // Shown at the request's time, the time every stage of it used.
    at: Math.floor(q.context.now),
    context: { scenario: 'networking', requestId: q.requestId, position: q.servedCount + i },
  }));
}
