import { decayedAffinity, StoredAffinity } from './affinity';
import { SignalEventType, TargetRef } from './event';
import { decodeInteraction, decodeTarget } from './event-effects';
import { ResolvedSignalStoreOptions } from './options';

export interface TargetInteraction {
  type: SignalEventType;
  target: TargetRef;
  at: number;
}

export interface SeenTarget {
  target: TargetRef;
  /** Impressions and views since the member last went a whole seen window without seeing it. */
  count: number;
  lastAt: number;
}

export interface CategoryAffinity {
  category: string;
  /** Decayed to the time of the read; negative when passes and hides outweigh the rest. */
  score: number;
}

export interface LikedBy {
  memberId: string;
  at: number;
}

/** A member's real-time signals as of `now`; every list is newest (or strongest) first. */
export interface MemberSignals {
  memberId: string;
  now: number;
  /** Likes, saves, bookings and connections, the newest first (capped). */
  recentPositives: TargetInteraction[];
  /** Passes, hides, reports and blocks within the negative window. */
  negatives: TargetInteraction[];
  /** Targets shown or viewed within the seen window. */
  seen: SeenTarget[];
  /** Strongest first. */
  affinities: CategoryAffinity[];
  /** Members who liked this member (their likes of this member, the newest first). */
  likedBy: LikedBy[];
}

export interface ScoredMember {
  member: string;
  score: number;
}

/** A member's state as either store holds it, before windows, decay and decoding are applied. */
export interface RawMemberState {
  recentPositives: ScoredMember[];
  negatives: ScoredMember[];
  seen: ScoredMember[];
  seenCounts: ReadonlyMap<string, number>;
  affinities: ReadonlyMap<string, StoredAffinity>;
  likedBy: ScoredMember[];
}

/**
 * Applies the read-side windows and the decay. Both stores go through this one function, and the windows
 * are applied here rather than left to key expiry, so the answer does not depend on when keys expire.
 * An entry stamped `at` counts while `now - at < window`.
 */
export function toMemberSignals(
  memberId: string,
  raw: RawMemberState,
  now: number,
  options: ResolvedSignalStoreOptions,
): MemberSignals {
  const retainedSince = now - options.retentionMs;
  return {
    memberId,
    now,
    recentPositives: interactions(raw.recentPositives, retainedSince),
    negatives: interactions(raw.negatives, now - options.negativeWindowMs),
    seen: newestFirst(raw.seen, now - options.seenWindowMs).flatMap(({ member, score }) => {
      const target = decodeTarget(member);
      return target ? [{ target, count: raw.seenCounts.get(member) ?? 1, lastAt: score }] : [];
    }),
    affinities: [...raw.affinities]
      .filter(([, stored]) => stored.updatedAt > retainedSince)
      .map(([category, stored]) => ({
        category,
        score: decayedAffinity(stored, now, options.affinityHalfLifeMs),
      }))
      .sort((a, b) => b.score - a.score || compareStrings(a.category, b.category)),
    likedBy: newestFirst(raw.likedBy, retainedSince).map(({ member, score }) => ({
      memberId: member,
      at: score,
    })),
  };
}

function interactions(entries: ScoredMember[], after: number): TargetInteraction[] {
  return newestFirst(entries, after).flatMap(({ member, score }) => {
    const decoded = decodeInteraction(member);
    return decoded ? [{ ...decoded, at: score }] : [];
  });
}

function newestFirst(entries: ScoredMember[], after: number): ScoredMember[] {
  return entries
    .filter((entry) => entry.score > after)
    .sort((a, b) => b.score - a.score || compareStrings(a.member, b.member));
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
