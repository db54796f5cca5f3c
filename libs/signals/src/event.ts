/** Every interaction the apps report. The API layer validates requests against this list. */
export const SIGNAL_EVENT_TYPES = [
  'impression',
  'view',
  'like',
  'pass',
  'save',
  'book',
  'hide',
  'connect',
  'block',
  'report',
] as const;
export type SignalEventType = (typeof SIGNAL_EVENT_TYPES)[number];

export const TARGET_KINDS = ['place', 'member'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export const SCENARIOS = ['travel', 'networking'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** Interactions that say "more like this"; kept in the member's recent positives. */
export const POSITIVE_EVENT_TYPES: readonly SignalEventType[] = ['like', 'save', 'book', 'connect'];
/** Interactions that say "not this"; kept in the member's negatives for a window. */
export const NEGATIVE_EVENT_TYPES: readonly SignalEventType[] = ['pass', 'hide', 'report', 'block'];
/** Interactions that only say "shown"; kept in the member's seen set for a window. */
export const SEEN_EVENT_TYPES: readonly SignalEventType[] = ['impression', 'view'];

export interface TargetRef {
  kind: TargetKind;
  id: string;
}

export interface SignalEventContext {
  scenario?: Scenario;
  requestId?: string;
  /** Position of the target in the served list (0-based), for position-bias studies offline. */
  position?: number;
}

export interface SignalEvent {
  /** Idempotency key, unique per acting member: a replayed id counts once. */
  id: string;
  type: SignalEventType;
  /** The acting member. */
  memberId: string;
  target: TargetRef;
  /** When it happened, epoch milliseconds (an integer). */
  at: number;
  context?: SignalEventContext;
  /** Place categories or member industries, filled by the caller from the catalog; feeds affinities. */
  targetCategories?: string[];
}

export function isSignalEventType(value: unknown): value is SignalEventType {
  return (SIGNAL_EVENT_TYPES as readonly unknown[]).includes(value);
}

export function isTargetKind(value: unknown): value is TargetKind {
  return (TARGET_KINDS as readonly unknown[]).includes(value);
}

/**
 * A last guard before storage (the API validates requests in detail): a malformed event would corrupt
 * scores and keys, so the stores refuse it instead of storing it.
 */
export function assertSignalEvent(event: SignalEvent): void {
  const problem = describeProblem(event);
  if (problem) throw new TypeError(`invalid signal event ${JSON.stringify(event?.id)}: ${problem}`);
}

function describeProblem(event: SignalEvent): string | undefined {
  if (typeof event !== 'object' || event === null) return 'not an object';
  if (!isNonEmptyString(event.id)) return 'id must be a non-empty string';
  if (!isSignalEventType(event.type)) return `unknown type ${JSON.stringify(event.type)}`;
  if (!isNonEmptyString(event.memberId)) return 'memberId must be a non-empty string';
  if (typeof event.target !== 'object' || event.target === null) return 'target is missing';
  if (!isTargetKind(event.target.kind)) return `unknown target kind ${JSON.stringify(event.target.kind)}`;
  if (!isNonEmptyString(event.target.id)) return 'target.id must be a non-empty string';
  if (!Number.isSafeInteger(event.at) || event.at < 0) return 'at must be epoch milliseconds';
  const categories = event.targetCategories;
  if (categories !== undefined && (!Array.isArray(categories) || !categories.every(isNonEmptyString))) {
    return 'targetCategories must be non-empty strings';
  }
  return undefined;
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

/** The stored form: only the known fields, so the stream never carries whatever else a caller attached. */
export function canonicalEvent(event: SignalEvent): SignalEvent {
  const canonical: SignalEvent = {
    id: event.id,
    type: event.type,
    memberId: event.memberId,
    target: { kind: event.target.kind, id: event.target.id },
    at: event.at,
  };
  if (event.context) {
    const { scenario, requestId, position } = event.context;
    canonical.context = {
      ...(scenario !== undefined && { scenario }),
      ...(requestId !== undefined && { requestId }),
      ...(position !== undefined && { position }),
    };
  }
  if (event.targetCategories) canonical.targetCategories = [...event.targetCategories];
  return canonical;
}
