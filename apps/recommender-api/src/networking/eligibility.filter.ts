import { Candidate, Filter, FilterResult, Query, partition } from '@app/pipeline';
import { MemberCandidate } from '@app/search';
import { DiscoveryContext } from './discovery-context';
import { ineligibilityOf } from './hard-filters';

/**
 * A second line behind the engine's hard filters: every candidate is checked again in TypeScript against the same
 * rules (`ineligibilityOf`), so that a source written without them, or an engine that answers differently, still
 * cannot put a blocked, hidden or paused member, or the viewer, on a page. It removes nothing when the engine did its
 * part; the request trace would show otherwise.
 */
export class EligibilityFilter implements Filter<DiscoveryContext, MemberCandidate> {
  readonly name = 'Eligibility';

  split(
    q: Query<DiscoveryContext>,
    candidates: readonly Candidate<MemberCandidate>[],
  ): FilterResult<MemberCandidate> {
    return partition(candidates, (c) => ineligibilityOf(q.context, c.item) === undefined);
  }
}
