import { Candidate, ParameterDefinition, Query, Reranker, withScore } from '@app/pipeline';
import { byScoreDescending, scoreSpread } from './similarity';
import { KnobDefinition, ParamsOf, ParameterName, StageParameters, paramsField } from './stage-parameters';

export const EXPOSURE_BALANCE_KNOBS = {
  dailyCap: {
    default: 100,
    min: 1,
    max: 100000,
    integer: true,
    description:
      'A candidate shown this many times today is over the cap: dropped, or pushed to the end. 100 keeps the ' +
      'most popular profiles from absorbing the attention of the whole network.',
  },
  target: {
    default: 20,
    min: 1,
    max: 10000,
    integer: true,
    description:
      'Impressions a day that count as a fair exposure; candidates below it are boosted in proportion to the ' +
      'shortfall. 20: the first-day exposure the networking issue asks for new members.',
  },
  maxBoost: {
    default: 0.3,
    min: 0,
    max: 1,
    description:
      'The largest boost, as a factor on the score: an unseen candidate scores at most (1 + maxBoost) times ' +
      'its relevance, so exposure never outweighs relevance by more than that.',
  },
} as const satisfies Record<string, KnobDefinition>;

export type ExposureBalanceKnob = keyof typeof EXPOSURE_BALANCE_KNOBS;
export type ExposureBalanceParameterName<S extends string> = ParameterName<
  S,
  'exposure',
  ExposureBalanceKnob
>;

/** `<scenario>.exposure.*`: dailyCap, target, maxBoost. */
export function exposureBalanceParameters<S extends string>(
  scenario: S,
): readonly ParameterDefinition<ExposureBalanceParameterName<S>>[] {
  return new StageParameters(scenario, 'exposure', EXPOSURE_BALANCE_KNOBS).definitions;
}

/** What happens to a candidate over its daily cap. */
export type OverCapPolicy = 'drop' | 'demote';

export interface ExposureBalanceOptions<C, T, S extends string> {
  readonly scenario: S;
  /** Impressions of the candidate today (real-time, from the signal store); by default the `impressionsToday` feature. */
  readonly impressionsTodayOf?: (candidate: Candidate<T>, context: C) => number;
  /** 'drop' (default): the cap holds. 'demote': over-cap candidates go to the end, for thin candidate pools. */
  readonly overCap?: OverCapPolicy;
  readonly paramsOf?: ParamsOf<C>;
}

const impressionsToday = <T>(candidate: Candidate<T>): number => candidate.features['impressionsToday'] ?? 0;

/**
 * Exposure balancing for people feeds (amortized fairness of exposure, Biega et al. 2018: attention in proportion
 * to relevance, over time rather than per list):
 * - a daily cap: a candidate with `impressionsToday ≥ dailyCap` is dropped, or with 'demote' moved to the end with
 *   its score lowered by the list's score range (so that later re-rankers, which read scores, keep it there);
 * - a fairness boost: a candidate under `target` impressions today gets `score · (1 + maxBoost · deficit)` with
 *   `deficit = max(0, target − impressionsToday) / target` in [0, 1]: a boost in proportion to its relevance and to
 *   how far it is from a fair exposure, never more than the factor `1 + maxBoost`. Scores ≤ 0 are not boosted
 *   (script_score results are never negative in OpenSearch).
 * The rest is sorted by score, stably. A score re-ranker: put it before MMR and serendipity.
 */
export class ExposureBalanceReranker<C, T, S extends string = string> implements Reranker<C, T> {
  readonly name = 'ExposureBalance';
  readonly parameters: readonly ParameterDefinition<ExposureBalanceParameterName<S>>[];
  private readonly knobs: StageParameters<S, 'exposure', ExposureBalanceKnob>;
  private readonly paramsOf: ParamsOf<C>;
  private readonly impressionsTodayOf: (candidate: Candidate<T>, context: C) => number;
  private readonly overCap: OverCapPolicy;

  constructor(options: ExposureBalanceOptions<C, T, S>) {
    this.knobs = new StageParameters(options.scenario, 'exposure', EXPOSURE_BALANCE_KNOBS);
    this.parameters = this.knobs.definitions;
    this.paramsOf = options.paramsOf ?? paramsField;
    this.impressionsTodayOf = options.impressionsTodayOf ?? impressionsToday;
    this.overCap = options.overCap ?? 'drop';
  }

  rerank(q: Query<C>, candidates: readonly Candidate<T>[]): readonly Candidate<T>[] {
    const { dailyCap, target, maxBoost } = this.knobs.read(this.paramsOf(q.context));
    const range = scoreSpread(candidates);
    const within: Candidate<T>[] = [];
    const over: Candidate<T>[] = [];
    for (const c of candidates) {
      const impressions = Math.max(0, this.impressionsTodayOf(c, q.context) || 0);
      if (impressions >= dailyCap) {
        if (this.overCap === 'demote') over.push(range > 0 ? withScore(c, c.score - range) : c);
        continue;
      }
      const deficit = Math.max(0, target - impressions) / target;
      within.push(c.score > 0 && deficit > 0 ? withScore(c, c.score * (1 + maxBoost * deficit)) : c);
    }
    const ranked = byScoreDescending(within);
    for (const c of over) ranked.push(c);
    return ranked;
  }
}
