import { EMBEDDING_DIMENSION } from '@app/catalog';
import { Retrieved } from '@app/pipeline';
import { KnobDefinition, StageParameters } from '@app/ranking';
import { MemberCandidate, MemberHit, MemberRetrieval, MemberSearch, MutualScoreParams } from '@app/search';
import { SignalStore } from '@app/signals';
import { DiscoveryContext, NETWORKING } from './discovery-context';
import { distanceKm, hardFiltersOf } from './hard-filters';
import { newMembersKnobs } from './new-members.knobs';
import { reasonsFor, shared } from './reasons';

const DAY_MS = 86_400_000;

/** Weights of `members-mutual-score-v1` (its score is their weighted sum, times a popularity damping). */
export const SCORE_KNOBS = {
  mutual: {
    default: 1,
    min: 0,
    max: 5,
    description:
      'Interest both ways (harmonic mean of the two embedding similarities, each in [0, 1]): the core of the score.',
  },
  overlap: {
    default: 0.3,
    min: 0,
    max: 5,
    description:
      'Shared industries and interests (saturating, in [0, 1]). 0.3: a tie-breaker among similar mutual interest.',
  },
  distance: {
    default: 0.3,
    min: 0,
    max: 5,
    description:
      'Nearness (exponential decay, 0.5 at distanceScaleKm). 0.3: people meet locally, but the feed is not a map.',
  },
  activity: {
    default: 0.2,
    min: 0,
    max: 5,
    description: 'Recent activity (0.5 after 14 days away): someone who answers is worth more than a ghost.',
  },
  distanceScaleKm: {
    default: 25,
    min: 1,
    max: 5_000,
    integer: true,
    description: 'The distance at which nearness counts half: 25 km, one metropolitan area.',
  },
} as const satisfies Record<string, KnobDefinition>;

export const scoreKnobs = new StageParameters(NETWORKING, 'score', SCORE_KNOBS);

/** A unit vector for a viewer with no embedding at all: the script needs one, and `mutual` is then weighed 0. */
const FALLBACK_VECTOR: readonly number[] = Array.from({ length: EMBEDDING_DIMENSION }, (_, i) =>
  i === 0 ? 1 : 0,
);

/**
 * The viewer's features as the script's params. A viewer without a taste embedding (no history yet) is taken to like
 * people like themselves (homophily) until their likes say otherwise.
 */
export function mutualScoreParamsOf(context: DiscoveryContext): MutualScoreParams {
  const { viewer } = context;
  const weights = scoreKnobs.read(context.params);
  const taste = viewer.tasteEmbedding ?? viewer.profileEmbedding;
  const profile = viewer.profileEmbedding ?? viewer.tasteEmbedding;
  return {
    viewerTaste: taste ?? FALLBACK_VECTOR,
    viewerProfile: profile ?? FALLBACK_VECTOR,
    viewerIndustries: viewer.industries,
    viewerInterests: viewer.interests,
    origin: `${viewer.location.lat},${viewer.location.lon}`,
    distanceScale: `${weights.distanceScaleKm}km`,
    now: new Date(context.now).toISOString(),
    weights: {
      mutual: taste ? weights.mutual : 0,
      overlap: weights.overlap,
      distance: weights.distance,
      activity: weights.activity,
    },
  };
}

/**
 * What every member source does once it knows what to look for: one engine search under the hard filters, ranked by
 * the mutual score; today's exposure of the hits from the signal store (one round trip), for exposure balancing;
 * and each hit's features and human reasons.
 */
export class MemberRetriever {
  constructor(
    private readonly search: MemberSearch,
    private readonly signals: SignalStore,
  ) {}

  async retrieve(
    context: DiscoveryContext,
    retrieval: MemberRetrieval,
    size: number,
  ): Promise<Retrieved<MemberCandidate>[]> {
    const hits = await this.search.search({
      retrieval,
      filters: hardFiltersOf(context),
      score: mutualScoreParamsOf(context),
      ...(context.scoreScript !== undefined && { scoreScript: context.scoreScript }),
      size,
    });
    if (hits.length === 0) return [];
    // Without the signal store (the context says so) exposure balancing has no counts: the page is already degraded.
    const exposure = context.signalsUnavailable
      ? new Map<string, { impressions: number }>()
      : await this.signals.exposure(
          'member',
          hits.map((h) => h.id),
          1,
          context.now,
        );
    return hits.map((hit) => toRetrieved(hit, context, exposure.get(hit.id)?.impressions ?? 0));
  }
}

/** A hit as a candidate: features for the re-rankers (never sent to clients) and the reasons members see. */
export function toRetrieved(
  hit: MemberHit,
  context: DiscoveryContext,
  impressionsToday: number,
): Retrieved<MemberCandidate> {
  const { viewer } = context;
  const member = hit.member;
  const mutualConnections = context.mutualConnections.get(hit.id) ?? 0;
  const sharedIndustries = shared(viewer.industries, member.industries);
  const sharedInterests = shared(viewer.interests, member.interests);
  const isNew = isNewMember(member, context);
  return {
    id: hit.id,
    item: member,
    score: hit.score,
    features: {
      mutualConnections,
      impressionsToday,
      distanceKm: distanceKm(viewer.location, member.location),
      sharedIndustries: sharedIndustries.length,
      sharedInterests: sharedInterests.length,
      isNew: isNew ? 1 : 0,
    },
    reasons: reasonsFor({ mutualConnections, sharedIndustries, sharedInterests, isNew }),
  };
}

/** Joined within the new-members window. */
export function isNewMember(member: Pick<MemberCandidate, 'createdAt'>, context: DiscoveryContext): boolean {
  const { maxAgeDays } = newMembersKnobs.read(context.params);
  return Date.parse(member.createdAt) >= context.now - maxAgeDays * DAY_MS;
}
