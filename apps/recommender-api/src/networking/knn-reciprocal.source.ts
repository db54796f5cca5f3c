import { FetchOptions, Query, Retrieved, Source } from '@app/pipeline';
import { KnobDefinition, StageParameters } from '@app/ranking';
import { MemberCandidate } from '@app/search';
import { DiscoveryContext, NETWORKING } from './discovery-context';
import { MemberRetriever } from './member-retriever';

export const KNN_RECIPROCAL_KNOBS = {
  quota: {
    default: 50,
    min: 0,
    max: 500,
    integer: true,
    description:
      "Members whose taste is nearest to the viewer's profile kept per request (plus what earlier pages served): " +
      'as many as the taste source, since interest must be mutual.',
  },
} as const satisfies Record<string, KnobDefinition>;

export const knnReciprocalKnobs = new StageParameters(NETWORKING, 'reciprocal', KNN_RECIPROCAL_KNOBS);

/**
 * People who would like the viewer: `knn` of the viewer's profile embedding against members' taste embeddings
 * (members without history have none and are left to the other sources), under the hard filters.
 */
export class KnnReciprocalSource implements Source<DiscoveryContext, MemberCandidate> {
  readonly name = 'KnnReciprocal';

  constructor(private readonly retriever: MemberRetriever) {}

  fetch(q: Query<DiscoveryContext>, { quota }: FetchOptions): Promise<Retrieved<MemberCandidate>[]> {
    const vector = q.context.viewer.profileEmbedding;
    if (!vector) return Promise.resolve([]);
    return this.retriever.retrieve(q.context, { kind: 'knn', field: 'tasteEmbedding', vector }, quota);
  }
}
