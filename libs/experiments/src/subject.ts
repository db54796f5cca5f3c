import { ExperimentUnit } from './experiment-definition';

/** Who asks for a feed, and when (epoch milliseconds). */
export interface Subject {
  readonly memberId: string;
  /** The member's current city; without it the subject is in no city or switchback experiment. */
  readonly city?: string;
  readonly now: number;
}

/**
 * The id of the unit that is randomised: the member; the city; or, for a switchback, the city during one window
 * counted from the experiment's start (`<city>@<window index>`). Undefined when the subject has no such unit.
 */
export function unitIdOf(unit: ExperimentUnit, subject: Subject, startMs: number): string | undefined {
  if (unit === 'member') return subject.memberId;
  if (subject.city === undefined || subject.city === '') return undefined;
  if (unit === 'city') return subject.city;
  const windowMs = unit.windowMinutes * 60_000;
  return `${subject.city}@${Math.floor((subject.now - startMs) / windowMs)}`;
}
