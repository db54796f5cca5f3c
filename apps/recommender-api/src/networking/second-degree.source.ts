import { FetchOptions, Query, Retrieved, Source } from '@app/pipeline';
import { KnobDefinition, StageParameters } from '@app/ranking';
import { MemberCandidate } from '@app/search';
import { DiscoveryContext, NETWORKING } from './discovery-context';
import { MemberRetriever } from './member-retriever';

export const SECOND_DEGREE_KNOBS = {
  quota: {
    default: 25,
    min: 0,
    max: 500,
    integer: true,
    description:
      "Connections of the viewer's connections kept per request (plus what earlier pages served); the engine " +
      'looks at up to four times as many, those with the most mutual connections.',
  },
} as const satisfies Record<string, KnobDefinition>;

export const secondDegreeKnobs = new StageParameters(NETWORKING, 'secondDegree', SECOND_DEGREE_KNOBS);

/** How many more second-degree members than the quota the engine is asked to rank. */
const LOOK_AT = 4;

/**
 * Members connected to the viewer's connections (graph-aware): those with the most mutual connections (ties by id),
 * ranked in the engine under the hard filters; the mutual connection count is a feature and a reason of every hit.
 */
export class SecondDegreeSource implements Source<DiscoveryContext, MemberCandidate> {
  readonly name = 'SecondDegree';

  constructor(private readonly retriever: MemberRetriever) {}

  fetch(q: Query<DiscoveryContext>, { quota }: FetchOptions): Promise<Retrieved<MemberCandidate>[]> {
    const ids = mostMutual(q.context.mutualConnections, quota * LOOK_AT);
    if (ids.length === 0) return Promise.resolve([]);
    return this.retriever.retrieve(q.context, { kind: 'ids', ids }, quota);
  }
}

/** The `count` members with the most mutual connections, ties broken by id (stable across pages). */
export function mostMutual(counts: ReadonlyMap<string, number>, count: number): string[] {
  return [...counts]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, count)
    .map(([id]) => id);
}
