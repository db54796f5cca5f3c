import { KnobDefinition, StageParameters } from '@app/ranking';
import { NETWORKING } from './discovery-context';

/** The cold-start knobs: read by the NewMembers source, and by the "New here" reason (the same window). */
export const NEW_MEMBERS_KNOBS = {
  quota: {
    default: 10,
    min: 0,
    max: 50,
    integer: true,
    description:
      'Recently joined members added to each request, whatever their score: enough for a fair first exposure ' +
      '(20 impressions on the first day), few enough that they cannot crowd a page of 20.',
  },
  maxAgeDays: {
    default: 7,
    min: 1,
    max: 30,
    integer: true,
    description: 'A member is new (and "New here") for this many days after joining.',
  },
  maxImpressions: {
    default: 20,
    min: 0,
    max: 10_000,
    integer: true,
    description:
      'Only new members with at most this many impressions over 7 days (the engine stats): once they had their ' +
      'fair first exposure they compete like everyone else.',
  },
} as const satisfies Record<string, KnobDefinition>;

export const newMembersKnobs = new StageParameters(NETWORKING, 'newMembers', NEW_MEMBERS_KNOBS);
