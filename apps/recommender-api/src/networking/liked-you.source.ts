import { FetchOptions, Query, Retrieved, Source } from '@app/pipeline';
import { KnobDefinition, StageParameters } from '@app/ranking';
import { MemberCandidate } from '@app/search';
import { DiscoveryContext, NETWORKING } from './discovery-context';
import { MemberRetriever } from './member-retriever';

export const LIKED_YOU_KNOBS = {
  quota: {
    default: 5,
    min: 0,
    max: 20,
    integer: true,
    description:
      'Members who already liked the viewer, per request: a like answered is a match, so they are worth a place, ' +
      'but bounded so that a feed is not only the people who chose the viewer (and popular members do not see ' +
      'only their admirers).',
  },
  lookAt: {
    default: 50,
    min: 1,
    max: 500,
    integer: true,
    description:
      'The newest likes the engine is asked to rank (likes older than the signal store keeps are gone).',
  },
} as const satisfies Record<string, KnobDefinition>;

export const likedYouKnobs = new StageParameters(NETWORKING, 'likedYou', LIKED_YOU_KNOBS);

/**
 * Members who liked the viewer and whom the viewer has not answered (likes from the signal store, newest first),
 * ranked in the engine under the hard filters. Its reasons say nothing of the like: that is the liker's to tell.
 */
export class LikedYouSource implements Source<DiscoveryContext, MemberCandidate> {
  readonly name = 'LikedYou';

  constructor(private readonly retriever: MemberRetriever) {}

  fetch(q: Query<DiscoveryContext>, { quota }: FetchOptions): Promise<Retrieved<MemberCandidate>[]> {
    const { lookAt } = likedYouKnobs.read(q.context.params);
    const ids = q.context.likedBy.slice(0, lookAt);
    if (ids.length === 0) return Promise.resolve([]);
    return this.retriever.retrieve(q.context, { kind: 'ids', ids }, quota);
  }
}
