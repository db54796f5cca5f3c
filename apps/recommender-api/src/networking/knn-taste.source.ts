import { FetchOptions, Query, Retrieved, Source } from '@app/pipeline';
import { KnobDefinition, StageParameters } from '@app/ranking';
import { MemberCandidate } from '@app/search';
import { DiscoveryContext, NETWORKING } from './discovery-context';
import { MemberRetriever } from './member-retriever';

export const KNN_TASTE_KNOBS = {
  quota: {
    default: 50,
    min: 0,
    max: 500,
    integer: true,
    description:
      "Nearest profiles to the viewer's taste kept per request (plus what earlier pages served). 50: with the " +
      'other sources about six pages of 20 to balance and diversify; 100 gave the same marketplace in the ' +
      'simulation at half again the cost of fetching hits (EVALUATION.md).',
  },
} as const satisfies Record<string, KnobDefinition>;

export const knnTasteKnobs = new StageParameters(NETWORKING, 'taste', KNN_TASTE_KNOBS);

/**
 * People the viewer would like: `knn` of the viewer's taste embedding against members' profile embeddings (a viewer
 * without history searches with their own profile), under the hard filters, ranked by the mutual score.
 */
export class KnnTasteSource implements Source<DiscoveryContext, MemberCandidate> {
  readonly name = 'KnnTaste';

  constructor(private readonly retriever: MemberRetriever) {}

  fetch(q: Query<DiscoveryContext>, { quota }: FetchOptions): Promise<Retrieved<MemberCandidate>[]> {
    const { viewer } = q.context;
    const vector = viewer.tasteEmbedding ?? viewer.profileEmbedding;
    if (!vector) return Promise.resolve([]);
    return this.retriever.retrieve(q.context, { kind: 'knn', field: 'profileEmbedding', vector }, quota);
  }
}
