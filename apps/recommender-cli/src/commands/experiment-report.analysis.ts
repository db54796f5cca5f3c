import {
  clusterLevelDifference,
  cuped,
  ExperimentDefinition,
  interleavingOutcome,
  InterleavingPreference,
  interleavingPreference,
  isInterleaved,
  MeanDifference,
  meanDifference,
  SampleRatioMismatch,
  sampleRatioMismatch,
  Team,
  unitKindOf,
} from '@app/experiments';
import { ExposureRecord, SignalEvent } from '@app/signals';

/**
 * The analysis of one experiment from the exposure log and the event stream (`npm run cli -- experiment report`).
 *
 * Attribution: an event counts for the exposure whose request id it quotes (`context.requestId`); an event without
 * one counts for the acting member's latest earlier exposure, in this experiment, that showed its target. Events that
 * no exposure explains are left out. A match is a like (or connect) answering the other member's earlier like; it is
 * the completing member's.
 *
 * Units: with member units each member is one observation (events per exposure, Welch's test; CUPED with the member's
 * events of the same kind before the experiment started). With city or switchback units the cluster is the unit of
 * analysis (one rate per city or city-window): testing members one by one would count each cluster many times over.
 */

/** The outcome kinds measured per scenario: events per exposure (a served page). */
export const METRICS = {
  travel: ['save', 'like', 'book'],
  networking: ['like', 'connect', 'match'],
} as const;
export type Metric = 'save' | 'like' | 'book' | 'connect' | 'match';

const POSITIVE = new Set(['like', 'save', 'book', 'connect']);

export interface VariantSummary {
  readonly variant: string;
  readonly weight: number;
  readonly interleaved: boolean;
  /** Distinct randomised units (members, cities or city-windows) exposed. */
  readonly units: number;
  readonly members: number;
  /** Served pages. */
  readonly exposures: number;
  readonly itemsShown: number;
  /** Attributed events of each metric. */
  readonly events: Readonly<Record<string, number>>;
}

export interface Comparison {
  readonly metric: string;
  readonly treatment: string;
  readonly control: string;
  /** `member` (one value per member) or `cluster` (one rate per city or city-window). */
  readonly level: 'member' | 'cluster';
  readonly result: MeanDifference;
  /** Member units only: the same difference after CUPED with the pre-period events. */
  readonly cuped?: MeanDifference & { readonly theta: number };
  readonly treatmentUnits: number;
  readonly controlUnits: number;
}

export interface InterleavingSummary {
  readonly variant: string;
  readonly preference: InterleavingPreference;
}

export interface ExperimentReport {
  readonly experiment: ExperimentDefinition;
  readonly control: string;
  readonly variants: readonly VariantSummary[];
  /** Exposures of units held out of the experiment's layer. */
  readonly holdout: { readonly units: number; readonly exposures: number };
  /** Units per variant against the variants' weights; undefined with fewer than two variants. */
  readonly sampleRatio?: SampleRatioMismatch;
  readonly comparisons: readonly Comparison[];
  readonly interleaving: readonly InterleavingSummary[];
  /** Events attributed to an exposure of this experiment, and those of its members left out. */
  readonly attributedEvents: number;
  readonly unattributedEvents: number;
}

interface ExposureState {
  readonly record: ExposureRecord;
  readonly variant: string;
  readonly unitId: string;
  /** Credited positions (positive events) of the page, for interleaving. */
  readonly credited: Set<number>;
}

interface UnitTotals {
  exposures: number;
  events: Map<string, number>;
}

/**
 * @param exposures every exposure record (any experiment), oldest first
 * @param events every event of the stream, oldest first
 * @param control the control variant (default: the one named `control`, else the first)
 */
export function analyseExperiment(
  experiment: ExperimentDefinition,
  exposures: readonly ExposureRecord[],
  events: readonly SignalEvent[],
  control?: string,
): ExperimentReport {
  const controlName =
    control ?? experiment.variants.find((v) => v.name === 'control')?.name ?? experiment.variants[0].name;
  if (!experiment.variants.some((v) => v.name === controlName)) {
    throw new RangeError(`the experiment ${experiment.name} has no variant ${JSON.stringify(controlName)}`);
  }
  const metrics: readonly string[] = METRICS[experiment.scenario];
  const startMs = Date.parse(experiment.start);

  const mine: ExposureState[] = [];
  const holdoutUnits = new Set<string>();
  let holdoutExposures = 0;
  for (const record of exposures) {
    if (record.scenario !== experiment.scenario) continue;
    for (const e of record.experiments) {
      if (e.experiment === experiment.name) {
        mine.push({ record, variant: e.variant, unitId: e.unitId, credited: new Set() });
      } else if (e.experiment === experiment.layer && e.variant === 'holdout') {
        holdoutUnits.add(e.unitId);
        holdoutExposures++;
      }
    }
  }

  const byRequest = new Map(mine.map((state) => [state.record.requestId, state]));
  const byMember = new Map<string, ExposureState[]>();
  for (const state of mine) {
    const list = byMember.get(state.record.memberId) ?? [];
    list.push(state);
    byMember.set(state.record.memberId, list);
  }

  const attributed = new Map<ExposureState, Map<string, number>>();
  const preperiod = new Map<string, Map<string, number>>();
  let attributedEvents = 0;
  let unattributedEvents = 0;
  for (const { event, kind } of withMatches(events)) {
    if (event.at < startMs) {
      const counts = preperiod.get(event.memberId) ?? new Map<string, number>();
      counts.set(kind, (counts.get(kind) ?? 0) + 1);
      preperiod.set(event.memberId, counts);
      continue;
    }
    if (!metrics.includes(kind) && !POSITIVE.has(kind)) continue;
    const state = exposureOf(event, byRequest, byMember);
    if (!state) {
      if (byMember.has(event.memberId) && metrics.includes(kind)) unattributedEvents++;
      continue;
    }
    const position = state.record.items.find((item) => item.id === event.target.id)?.position;
    if (position !== undefined && POSITIVE.has(kind)) state.credited.add(position);
    if (!metrics.includes(kind)) continue;
    const counts = attributed.get(state) ?? new Map<string, number>();
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
    attributed.set(state, counts);
    attributedEvents++;
  }

  // Per variant, per unit: exposures and attributed events.
  const units = new Map<string, Map<string, UnitTotals>>();
  const members = new Map<string, Set<string>>();
  for (const v of experiment.variants) {
    units.set(v.name, new Map());
    members.set(v.name, new Set());
  }
  for (const state of mine) {
    const byUnit = units.get(state.variant);
    if (!byUnit) continue; // a variant no longer in the file
    const totals = byUnit.get(state.unitId) ?? { exposures: 0, events: new Map() };
    totals.exposures++;
    for (const [kind, count] of attributed.get(state) ?? []) {
      totals.events.set(kind, (totals.events.get(kind) ?? 0) + count);
    }
    byUnit.set(state.unitId, totals);
    members.get(state.variant)!.add(state.record.memberId);
  }

  const variants: VariantSummary[] = experiment.variants.map((v) => {
    const byUnit = units.get(v.name)!;
    const states = mine.filter((s) => s.variant === v.name);
    const events: Record<string, number> = {};
    for (const metric of metrics)
      events[metric] = sum([...byUnit.values()].map((t) => t.events.get(metric) ?? 0));
    return {
      variant: v.name,
      weight: v.weight,
      interleaved: isInterleaved(v),
      units: byUnit.size,
      members: members.get(v.name)!.size,
      exposures: states.length,
      itemsShown: sum(states.map((s) => s.record.items.length)),
      events,
    };
  });

  const comparisons: Comparison[] = [];
  const level = unitKindOf(experiment.unit) === 'member' ? 'member' : 'cluster';
  const controlVariant = experiment.variants.find((v) => v.name === controlName)!;
  const treatments = isInterleaved(controlVariant)
    ? []
    : experiment.variants.filter((v) => !isInterleaved(v) && v.name !== controlName);
  for (const treatment of treatments) {
    for (const metric of metrics) {
      comparisons.push(
        level === 'member'
          ? memberComparison(metric, treatment.name, controlName, units, preperiod)
          : clusterComparison(metric, treatment.name, controlName, units),
      );
    }
  }

  const interleaving = experiment.variants.filter(isInterleaved).map((v) => ({
    variant: v.name,
    preference: interleavingPreference(
      mine.filter((s) => s.variant === v.name).map((s) => interleavingOutcome(teamsOf(s.record), s.credited)),
    ),
  }));

  return {
    experiment,
    control: controlName,
    variants,
    holdout: { units: holdoutUnits.size, exposures: holdoutExposures },
    ...(variants.length >= 2 && {
      sampleRatio: sampleRatioMismatch(
        variants.map((v) => v.units),
        variants.map((v) => v.weight),
      ),
    }),
    comparisons,
    interleaving,
    attributedEvents,
    unattributedEvents,
  };
}

/** Each event with its kind, and a `match` after each like or connect that answers the other member's earlier one. */
function* withMatches(events: readonly SignalEvent[]): Generator<{ event: SignalEvent; kind: string }> {
  const liked = new Set<string>();
  const matched = new Set<string>();
  for (const event of events) {
    yield { event, kind: event.type };
    if ((event.type !== 'like' && event.type !== 'connect') || event.target.kind !== 'member') continue;
    const a = event.memberId;
    const b = event.target.id;
    liked.add(`${a}\u0000${b}`);
    const pair = a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
    if (liked.has(`${b}\u0000${a}`) && !matched.has(pair)) {
      matched.add(pair);
      yield { event, kind: 'match' };
    }
  }
}

function exposureOf(
  event: SignalEvent,
  byRequest: ReadonlyMap<string, ExposureState>,
  byMember: ReadonlyMap<string, readonly ExposureState[]>,
): ExposureState | undefined {
  const requestId = event.context?.requestId;
  if (requestId !== undefined) {
    const state = byRequest.get(requestId);
    return state && state.record.memberId === event.memberId ? state : undefined;
  }
  const states = byMember.get(event.memberId) ?? [];
  for (let i = states.length - 1; i >= 0; i--) {
    const state = states[i];
    if (state.record.at <= event.at && state.record.items.some((item) => item.id === event.target.id))
      return state;
  }
  return undefined;
}

function memberComparison(
  metric: string,
  treatment: string,
  control: string,
  units: ReadonlyMap<string, ReadonlyMap<string, UnitTotals>>,
  preperiod: ReadonlyMap<string, ReadonlyMap<string, number>>,
): Comparison {
  const rows = (variant: string) =>
    [...units.get(variant)!].map(([memberId, totals]) => ({
      y: (totals.events.get(metric) ?? 0) / totals.exposures,
      x: preperiod.get(memberId)?.get(metric) ?? 0,
    }));
  const t = rows(treatment);
  const c = rows(control);
  const adjusted = cuped(
    [...t, ...c].map((r) => r.y),
    [...t, ...c].map((r) => r.x),
  );
  return {
    metric,
    treatment,
    control,
    level: 'member',
    result: meanDifference(
      t.map((r) => r.y),
      c.map((r) => r.y),
    ),
    cuped: {
      ...meanDifference(adjusted.adjusted.slice(0, t.length), adjusted.adjusted.slice(t.length)),
      theta: adjusted.theta,
    },
    treatmentUnits: t.length,
    controlUnits: c.length,
  };
}

function clusterComparison(
  metric: string,
  treatment: string,
  control: string,
  units: ReadonlyMap<string, ReadonlyMap<string, UnitTotals>>,
): Comparison {
  const rows = [treatment, control].flatMap((variant) =>
    [...units.get(variant)!].map(([cluster, totals]) => ({
      cluster,
      variant,
      exposures: totals.exposures,
      events: totals.events.get(metric) ?? 0,
    })),
  );
  const result = clusterLevelDifference(rows, treatment, control);
  return {
    metric,
    treatment,
    control,
    level: 'cluster',
    result,
    treatmentUnits: result.treatmentClusters,
    controlUnits: result.controlClusters,
  };
}

/** The team of each position of an interleaved page (every item of one has its team). */
function teamsOf(record: ExposureRecord): Team[] {
  return record.items.map((item) => {
    if (item.team === undefined) {
      throw new RangeError(
        `the exposure of request ${record.requestId} is interleaved but item ${item.id} has no team`,
      );
    }
    return item.team;
  });
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}
