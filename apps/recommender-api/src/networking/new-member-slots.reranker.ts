import { Candidate, Query, Reranker } from '@app/pipeline';
import { EXPOSURE_BALANCE_KNOBS, KnobDefinition, StageParameters } from '@app/ranking';
import { MemberCandidate } from '@app/search';
import { DiscoveryContext, NETWORKING } from './discovery-context';

export const NEW_MEMBER_SLOTS_KNOBS = {
  slots: {
    default: 1,
    min: 0,
    max: 5,
    integer: true,
    description:
      'Positions of a page kept for new members still short of a fair exposure today. The first-pass score ' +
      'cannot rank them fairly: without a taste embedding their interest in the viewer counts as none, so the ' +
      "harmonic mean of the two directions is near zero. One in a page of 20 gives each day's newcomers their " +
      '20 first-day impressions (see EVALUATION.md).',
  },
  firstPosition: {
    default: 3,
    min: 1,
    max: 50,
    integer: true,
    description: 'The first kept position (1-based): 3 is on the first screen, after the two best matches.',
  },
  spacing: {
    default: 10,
    min: 1,
    max: 50,
    integer: true,
    description: 'Positions between two kept ones (3, 13, 23, …).',
  },
} as const satisfies Record<string, KnobDefinition>;

export const newMemberSlotsKnobs = new StageParameters(NETWORKING, 'newMemberSlots', NEW_MEMBER_SLOTS_KNOBS);
/** "A fair exposure today" is the exposure re-ranker's own target. */
const exposureKnobs = new StageParameters(NETWORKING, 'exposure', EXPOSURE_BALANCE_KNOBS);

/**
 * Cold start within the page: at positions `firstPosition`, `firstPosition + spacing`, … (at most `slots` of them,
 * within the page) the best-scoring new member (the `isNew` feature) with fewer impressions today than the exposure
 * target takes the position. Everything else keeps its order; scores are not changed. Between MMR and serendipity.
 */
export class NewMemberSlotsReranker implements Reranker<DiscoveryContext, MemberCandidate> {
  readonly name = 'NewMemberSlots';
  readonly parameters = newMemberSlotsKnobs.definitions;

  rerank(
    q: Query<DiscoveryContext>,
    candidates: readonly Candidate<MemberCandidate>[],
  ): readonly Candidate<MemberCandidate>[] {
    const { slots, firstPosition, spacing } = newMemberSlotsKnobs.read(q.context.params);
    const { target } = exposureKnobs.read(q.context.params);
    const pageLength = Math.min(candidates.length, q.limit);
    const positions: number[] = [];
    for (let p = firstPosition; positions.length < slots && p <= pageLength; p += spacing) positions.push(p);
    if (positions.length === 0) return candidates;

    const eligible = (c: Candidate<MemberCandidate>): boolean =>
      c.features['isNew'] === 1 && (c.features['impressionsToday'] ?? 0) < target;
    const pool = candidates
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => eligible(c))
      .sort((a, b) => b.c.score - a.c.score || a.i - b.i)
      .map(({ i }) => i);
    if (pool.length === 0) return candidates;

    const placed = new Uint8Array(candidates.length);
    const out: Candidate<MemberCandidate>[] = [];
    let next = 0;
    let fromPool = 0;
    let newPlaced = 0;
    let slot = 0;
    while (out.length < candidates.length) {
      const position = out.length + 1;
      let index: number;
      if (slot < positions.length && position === positions[slot]) {
        slot++;
        // A slot is needed only when fewer new members than slots so far are already on the page above it.
        while (fromPool < pool.length && placed[pool[fromPool]]) fromPool++;
        if (newPlaced < slot && fromPool < pool.length) {
          index = pool[fromPool++];
          out.push(candidates[index]);
          placed[index] = 1;
          newPlaced++;
          continue;
        }
      }
      while (placed[next]) next++;
      index = next;
      out.push(candidates[index]);
      placed[index] = 1;
      if (eligible(candidates[index])) newPlaced++;
    }
    return out;
  }
}
