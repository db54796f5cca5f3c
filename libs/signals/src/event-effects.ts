import {
  isSignalEventType,
  isTargetKind,
  NEGATIVE_EVENT_TYPES,
  POSITIVE_EVENT_TYPES,
  SEEN_EVENT_TYPES,
  SignalEvent,
  SignalEventType,
  TargetRef,
} from './event';
import { utcDay } from './keys';

/**
 * What one event changes, decided once in TypeScript and applied by both stores (by the Lua script in
 * Redis, by plain code in memory), so the two cannot disagree about which event does what.
 */
export interface EventEffects {
  at: number;
  /** UTC day (`yyyymmdd`) of the per-day counters this event increments. */
  day: string;
  /** Member of the recent-positives set (like, save, book, connect). */
  positive?: string;
  /** Member of the negatives set (pass, hide, report, block). */
  negative?: string;
  /** Member of the seen set (impression, view). */
  seen?: string;
  /** The acting member, added to the target member's liked-by set (a like of a member). */
  likedBy?: string;
  countImpression: boolean;
  countLike: boolean;
  /** Added to each category's affinity; categories is empty when there is nothing to add. */
  affinityWeight: number;
  categories: string[];
}

export function planEventEffects(
  event: SignalEvent,
  affinityWeights: Readonly<Record<SignalEventType, number>>,
): EventEffects {
  const { type, target } = event;
  const affinityWeight = affinityWeights[type];
  const effects: EventEffects = {
    at: event.at,
    day: utcDay(event.at),
    countImpression: type === 'impression',
    countLike: type === 'like',
    affinityWeight,
    // A category listed twice would otherwise count twice.
    categories: affinityWeight === 0 ? [] : [...new Set(event.targetCategories ?? [])],
  };
  if (POSITIVE_EVENT_TYPES.includes(type)) effects.positive = encodeInteraction(type, target);
  if (NEGATIVE_EVENT_TYPES.includes(type)) effects.negative = encodeInteraction(type, target);
  if (SEEN_EVENT_TYPES.includes(type)) effects.seen = encodeTarget(target);
  if (type === 'like' && target.kind === 'member') effects.likedBy = event.memberId;
  return effects;
}

/** `kind:id`; the id comes last so it may contain ':' itself. */
export function encodeTarget(target: TargetRef): string {
  return `${target.kind}:${target.id}`;
}

export function decodeTarget(text: string): TargetRef | undefined {
  const separator = text.indexOf(':');
  const kind = text.slice(0, separator);
  const id = text.slice(separator + 1);
  if (separator < 0 || !isTargetKind(kind) || id.length === 0) return undefined;
  return { kind, id };
}

/** `type:kind:id`: one entry per type, so a like and a later save of the same place are both kept. */
export function encodeInteraction(type: SignalEventType, target: TargetRef): string {
  return `${type}:${encodeTarget(target)}`;
}

export function decodeInteraction(text: string): { type: SignalEventType; target: TargetRef } | undefined {
  const separator = text.indexOf(':');
  const type = text.slice(0, separator);
  const target = separator < 0 ? undefined : decodeTarget(text.slice(separator + 1));
  if (!isSignalEventType(type) || !target) return undefined;
  return { type, target };
}
