import { FetchOptions, Query, Retrieved, Source } from '@app/pipeline';
import { MemberCandidate, windowStartHour } from '@app/search';
import { DiscoveryContext } from './discovery-context';
import { MemberRetriever } from './member-retriever';
import { newMembersKnobs } from './new-members.knobs';

/**
 * Cold start: members who joined within `maxAgeDays` (from the start of that hour: windowStartHour) and have had few impressions (`maxImpressions` over 7 days),
 * under the hard filters and a bounded quota: those whose profile is nearest to the viewer's taste, ranked by the
 * mutual score. (Ranking every newcomer by the script instead costs a script run per newcomer: about 2,000 of them
 * in a network of 50,000.)
 */
export class NewMembersSource implements Source<DiscoveryContext, MemberCandidate> {
  readonly name = 'NewMembers';

  constructor(private readonly retriever: MemberRetriever) {}

  fetch(q: Query<DiscoveryContext>, { quota }: FetchOptions): Promise<Retrieved<MemberCandidate>[]> {
    const { maxAgeDays, maxImpressions } = newMembersKnobs.read(q.context.params);
    const since = windowStartHour(q.context.now, maxAgeDays);
    const { viewer } = q.context;
    const nearTo = viewer.tasteEmbedding ?? viewer.profileEmbedding;
    return this.retriever.retrieve(
      q.context,
      { kind: 'joinedSince', since, maxImpressions7d: maxImpressions, ...(nearTo && { nearTo }) },
      quota,
    );
  }
}
