import { Candidate, ParameterDefinition, Query, Reranker, withReason, withScore } from '@app/pipeline';
import { byScoreDescending, scoreSpread } from './similarity';
import { KnobDefinition, ParamsOf, ParameterName, StageParameters, paramsField } from './stage-parameters';

export const FRESHNESS_EXPOSURE_KNOBS = {
  maxAgeDays: {
    default: 14,
    min: 1,
    max: 365,
    integer: true,
    description: 'An item created at most this many days ago is new.',
  },
  maxImpressions: {
    default: 100,
    min: 1,
    max: 100000,
    integer: true,
    description:
      'A new item with fewer impressions than this is boosted, the fewer the more (linearly down to 0 here): ' +
      'once it has been shown this often, its engagement speaks for it.',
  },
  boost: {
    default: 0.1,
    min: 0,
    max: 0.5,
    description:
      "The largest boost, as a share of the list's score range (max − min): 0.1 lifts an unseen new item past " +
      'the items within a tenth of the range above it, no further.',
  },
} as const satisfies Record<string, KnobDefinition>;

export type FreshnessExposureKnob = keyof typeof FRESHNESS_EXPOSURE_KNOBS;
export type FreshnessExposureParameterName<S extends string> = ParameterName<
  S,
  'freshness',
  FreshnessExposureKnob
>;

/** `<scenario>.freshness.*`: maxAgeDays, maxImpressions, boost. */
export function freshnessExposureParameters<S extends string>(
  scenario: S,
): readonly ParameterDefinition<FreshnessExposureParameterName<S>>[] {
  return new StageParameters(scenario, 'freshness', FRESHNESS_EXPOSURE_KNOBS).definitions;
}

export interface FreshnessExposureOptions<C, T, S extends string> {
  readonly scenario: S;
  /** When the item was created: epoch milliseconds, an ISO 8601 string or a Date; undefined: not new. */
  readonly createdAtOf: (item: T) => number | string | Date | undefined;
  /** The request's time in epoch milliseconds, from the context (e.g. the signals' `now`): the stage stays pure. */
  readonly nowOf: (context: C) => number;
  /** Recent impressions of the item; by default the `impressions7d` feature (0 when absent). */
  readonly impressionsOf?: (candidate: Candidate<T>, context: C) => number;
  /** The reason a boosted item carries; default "New" (networking: "New here"). */
  readonly reason?: string;
  readonly paramsOf?: ParamsOf<C>;
}

export const NEW_REASON = 'New';
const DAY_MS = 86_400_000;

const impressions7d = <T>(candidate: Candidate<T>): number => candidate.features['impressions7d'] ?? 0;

/** Epoch milliseconds of a creation time, NaN when there is none or it cannot be read. */
function epochMs(value: number | string | Date | undefined): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Date.parse(value);
  if (value instanceof Date) return value.getTime();
  return NaN;
}

/**
 * A small bounded boost for new items with few impressions, so that they get a first exposure (cold-start items):
 * an item created within `maxAgeDays` with `impressions < maxImpressions` gains
 * `boost · (max score − min score) · (1 − impressions / maxImpressions)` and the reason "New"; the list comes back
 * sorted by score (stably). A score re-ranker: put it before the order-only ones (MMR, serendipity), whose order
 * it would otherwise undo.
 */
export class FreshnessExposureReranker<C, T, S extends string = string> implements Reranker<C, T> {
  readonly name = 'FreshnessExposure';
  readonly parameters: readonly ParameterDefinition<FreshnessExposureParameterName<S>>[];
  private readonly knobs: StageParameters<S, 'freshness', FreshnessExposureKnob>;
  private readonly paramsOf: ParamsOf<C>;
  private readonly impressionsOf: (candidate: Candidate<T>, context: C) => number;
  private readonly reason: string;

  constructor(private readonly options: FreshnessExposureOptions<C, T, S>) {
    this.knobs = new StageParameters(options.scenario, 'freshness', FRESHNESS_EXPOSURE_KNOBS);
    this.parameters = this.knobs.definitions;
    this.paramsOf = options.paramsOf ?? paramsField;
    this.impressionsOf = options.impressionsOf ?? impressions7d;
    this.reason = options.reason ?? NEW_REASON;
  }

  rerank(q: Query<C>, candidates: readonly Candidate<T>[]): readonly Candidate<T>[] {
    const { maxAgeDays, maxImpressions, boost } = this.knobs.read(this.paramsOf(q.context));
    const now = this.options.nowOf(q.context);
    const newSince = now - maxAgeDays * DAY_MS;
    const range = scoreSpread(candidates);
    const out = candidates.map((c) => {
      const createdAt = epochMs(this.options.createdAtOf(c.item));
      // A creation time in the future (clock skew) is as new as it gets.
      if (!(createdAt >= newSince)) return c;
      const impressions = Math.max(0, this.impressionsOf(c, q.context) || 0);
      if (impressions >= maxImpressions) return c;
      const gain = boost * range * (1 - impressions / maxImpressions);
      return withReason(gain > 0 ? withScore(c, c.score + gain) : c, this.reason);
    });
    return byScoreDescending(out);
  }
}
