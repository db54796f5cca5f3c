import {
  ClusterLevelDifference,
  ClusterRow,
  MeanDifference,
  clusterLevelDifference,
  cuped,
  meanDifference,
} from '@app/experiments';
import { MemberOutcome } from './simulate-networking.simulation';

/**
 * How much member-level randomisation misjudges a change that moves exposure between members (interference: a treated
 * viewer who takes a popular member's attention takes it from control viewers too). The same world is run four ways;
 * the truth is everyone-treated minus everyone-control, and the two randomised runs give the estimates an experiment
 * would report.
 */

/** A per-member measure of the run; undefined leaves the member out (a ratio without a denominator). */
export interface MemberMeasure {
  readonly name: string;
  /** What it says, in the table. */
  readonly label: string;
  readonly digits: number;
  valueOf(outcome: MemberOutcome): number | undefined;
}

export const MEMBER_MEASURES: readonly MemberMeasure[] = [
  { name: 'matches', label: 'matches per member', digits: 3, valueOf: (o) => o.matches },
  { name: 'likesGiven', label: 'likes given per member', digits: 2, valueOf: (o) => o.likesGiven },
  { name: 'likesReceived', label: 'likes received per member', digits: 2, valueOf: (o) => o.likesReceived },
  {
    name: 'impressionsReceived',
    label: 'impressions received per member',
    digits: 2,
    valueOf: (o) => o.impressionsReceived,
  },
  {
    name: 'daysSeen',
    label: 'share of days with ≥ 1 impression received',
    digits: 4,
    valueOf: (o) => (o.daysPresent === 0 ? undefined : o.daysSeen / o.daysPresent),
  },
  {
    name: 'matchesPerHundredSeen',
    label: 'matches per 100 profiles seen',
    digits: 3,
    valueOf: (o) => (o.impressionsSeen === 0 ? undefined : (100 * o.matches) / o.impressionsSeen),
  },
];

/** The four runs of one world, each as its members' outcomes. */
export interface FourRuns {
  /** Everyone gets the control. */
  allControl: readonly MemberOutcome[];
  /** Everyone gets the treatment. */
  allTreatment: readonly MemberOutcome[];
  /** Each member 50/50 by the hash of salt and member id. */
  byMember: readonly MemberOutcome[];
  /** Each city 50/50 by the hash of salt and city. */
  byCity: readonly MemberOutcome[];
}

/** Who got the treatment in the randomised runs. */
export interface Arms {
  isTreatedMember(memberId: string): boolean;
  isTreatedCity(city: string): boolean;
}

export interface InterferenceRow {
  measure: MemberMeasure;
  /** Means of the measure when everyone got the control, and when everyone got the treatment. */
  allControlMean: number;
  allTreatmentMean: number;
  /** The change's real effect on the whole marketplace: allTreatmentMean − allControlMean. */
  trueEffect: number;
  /** Treated members' mean minus control members' (Welch over members). */
  memberLevel: MeanDifference & { treatedMembers: number; controlMembers: number };
  /** Treated cities' mean minus control cities' (Welch over the cities' means). */
  cityLevel: ClusterLevelDifference;
  /**
   * The same two estimates after CUPED, with each unit's value in the everyone-control run as the covariate: it takes
   * out the chance imbalance between the arms (who happened to be treated), so what remains of the gap to the truth is
   * the bias of the design. A real experiment has only the weeks before it as a covariate, which removes less.
   */
  memberLevelCuped: MeanDifference;
  cityLevelCuped: MeanDifference;
  /** How far the half-treated worlds are from the whole ones, unit by unit (why an estimate misses the truth). */
  memberSpillover: Spillover;
  citySpillover: Spillover;
}

/**
 * In a randomised run: the treated units' mean change from the everyone-treatment run, and the control units' from the
 * everyone-control run (the same units, the same draws). Both 0 when units do not interact; then the estimate is the
 * truth up to which units were treated. The estimate's gap to the truth is about treated − control.
 */
export interface Spillover {
  treated: number;
  control: number;
}

/** One row per measure: the truth and both estimates. */
export function interferenceRows(
  runs: FourRuns,
  arms: Arms,
  measures: readonly MemberMeasure[] = MEMBER_MEASURES,
): InterferenceRow[] {
  return measures.map((measure) => {
    const allControlMean = meanOf(valuesOf(runs.allControl, measure));
    const allTreatmentMean = meanOf(valuesOf(runs.allTreatment, measure));
    const treated = valuesOf(
      runs.byMember.filter((o) => arms.isTreatedMember(o.id)),
      measure,
    );
    const control = valuesOf(
      runs.byMember.filter((o) => !arms.isTreatedMember(o.id)),
      measure,
    );
    return {
      measure,
      allControlMean,
      allTreatmentMean,
      trueEffect: allTreatmentMean - allControlMean,
      memberLevel: {
        ...meanDifference(treated, control),
        treatedMembers: treated.length,
        controlMembers: control.length,
      },
      cityLevel: clusterLevelDifference(cityRows(runs.byCity, measure, arms), TREATMENT, CONTROL),
      memberLevelCuped: cupedDifference(
        unitValues(runs.byMember, measure, (o) => o.id),
        unitValues(runs.allControl, measure, (o) => o.id),
        arms.isTreatedMember,
      ),
      cityLevelCuped: cupedDifference(
        unitValues(runs.byCity, measure, (o) => o.city),
        unitValues(runs.allControl, measure, (o) => o.city),
        arms.isTreatedCity,
      ),
      memberSpillover: spilloverOf(runs, runs.byMember, measure, (o) => o.id, arms.isTreatedMember),
      citySpillover: spilloverOf(runs, runs.byCity, measure, (o) => o.city, arms.isTreatedCity),
    };
  });
}

/** The mean of the measure per unit (a member: their value; a city: the mean of its members'). */
export function unitValues(
  outcomes: readonly MemberOutcome[],
  measure: MemberMeasure,
  unitOf: (outcome: MemberOutcome) => string,
): Map<string, number> {
  const sums = new Map<string, { sum: number; count: number }>();
  for (const o of outcomes) {
    const value = measure.valueOf(o);
    if (value === undefined) continue;
    const unit = unitOf(o);
    const total = sums.get(unit) ?? { sum: 0, count: 0 };
    total.sum += value;
    total.count++;
    sums.set(unit, total);
  }
  return new Map([...sums].map(([unit, { sum, count }]) => [unit, sum / count]));
}

/** Each arm's mean change, unit by unit, from the whole world of its own variant. */
export function spilloverOf(
  runs: Pick<FourRuns, 'allControl' | 'allTreatment'>,
  mixed: readonly MemberOutcome[],
  measure: MemberMeasure,
  unitOf: (outcome: MemberOutcome) => string,
  isTreated: (unit: string) => boolean,
): Spillover {
  const inMixed = unitValues(mixed, measure, unitOf);
  const changes = (whole: readonly MemberOutcome[], treated: boolean) => {
    const values = unitValues(whole, measure, unitOf);
    const deltas = [...inMixed]
      .filter(([unit]) => isTreated(unit) === treated && values.has(unit))
      .map(([unit, value]) => value - values.get(unit)!);
    return meanOf(deltas);
  };
  return { treated: changes(runs.allTreatment, true), control: changes(runs.allControl, false) };
}

/**
 * Treated minus control units (Welch) after CUPED (Deng et al. 2013) with the covariate `before` (θ pooled over both
 * arms); units without a covariate are left out.
 */
export function cupedDifference(
  values: ReadonlyMap<string, number>,
  before: ReadonlyMap<string, number>,
  isTreated: (unit: string) => boolean,
): MeanDifference {
  const units = [...values.keys()].filter((unit) => before.has(unit));
  const { adjusted } = cuped(
    units.map((unit) => values.get(unit)!),
    units.map((unit) => before.get(unit)!),
  );
  const treated = adjusted.filter((_, i) => isTreated(units[i]));
  const control = adjusted.filter((_, i) => !isTreated(units[i]));
  return meanDifference(treated, control);
}

const TREATMENT = 'treatment';
const CONTROL = 'control';

/**
 * One cluster row per member (exposures 1, events the member's value): summed per city, the city's rate is the mean
 * of its members' values, so both estimates and the truth measure the same per-member quantity.
 */
export function cityRows(
  outcomes: readonly MemberOutcome[],
  measure: MemberMeasure,
  arms: Pick<Arms, 'isTreatedCity'>,
): ClusterRow[] {
  const rows: ClusterRow[] = [];
  for (const o of outcomes) {
    const value = measure.valueOf(o);
    if (value === undefined) continue;
    rows.push({
      cluster: o.city,
      variant: arms.isTreatedCity(o.city) ? TREATMENT : CONTROL,
      exposures: 1,
      events: value,
    });
  }
  return rows;
}

function valuesOf(outcomes: readonly MemberOutcome[], measure: MemberMeasure): number[] {
  const values: number[] = [];
  for (const o of outcomes) {
    const value = measure.valueOf(o);
    if (value !== undefined) values.push(value);
  }
  return values;
}

function meanOf(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Below this share of the control's mean an effect counts as none (the runs share every random draw). */
const NEGLIGIBLE = 0.005;

/**
 * One line, on the CUPED estimates (the chance imbalance taken out, the design's bias left): which is nearer the
 * truth, whether each 95% interval covers it, and how far member-level randomisation over- (or under-) states it.
 */
export function verdictOf(row: InterferenceRow): string {
  const truth = row.trueEffect;
  const member = row.memberLevelCuped;
  const city = row.cityLevelCuped;
  const memberError = Math.abs(member.difference - truth);
  const cityError = Math.abs(city.difference - truth);
  const nearer =
    Number.isNaN(cityError) || memberError < cityError
      ? 'member-level is nearer the truth'
      : memberError > cityError
        ? 'city-level is nearer the truth'
        : 'both are as near the truth';
  const covers = (ci: readonly [number, number]) =>
    Number.isNaN(ci[0])
      ? 'has none (too few units)'
      : ci[0] <= truth && truth <= ci[1]
        ? 'covers it'
        : 'misses it';
  const negligible = Math.abs(truth) <= NEGLIGIBLE * Math.abs(row.allControlMean);
  const ratio = member.difference / truth;
  const memberNoise = (member.ci95[1] - member.ci95[0]) / 2;
  const statement = negligible
    ? `the change has next to no true effect (${signed(truth, row.measure.digits)}) and member-level ` +
      `randomisation reports ${signed(member.difference, row.measure.digits)}`
    : Math.abs(truth) < memberNoise
      ? `the true effect (${signed(truth, row.measure.digits)}) is smaller than the member-level interval's ` +
        `half-width (${memberNoise.toFixed(row.measure.digits)}): this run cannot tell a bias from noise`
      : Math.sign(member.difference) !== Math.sign(truth)
        ? `member-level randomisation gets the sign wrong (${signed(member.difference, row.measure.digits)} ` +
          `against ${signed(truth, row.measure.digits)})`
        : ratio >= 1
          ? `member-level randomisation over-states it ${ratio.toFixed(1)}×`
          : `member-level randomisation under-states it (${(100 * ratio).toFixed(0)}% of it)`;
  return (
    `${nearer}; ${statement}; the member-level interval ${covers(member.ci95)}, ` +
    `the city-level interval ${covers(city.ci95)}`
  );
}

/** A number with its sign, to `digits` places. */
export function signed(value: number, digits: number): string {
  if (Number.isNaN(value)) return 'n/a';
  const text = value.toFixed(digits);
  return value >= 0 && !text.startsWith('-') ? `+${text}` : text;
}
