import {
  describeAssignment,
  ExperimentAssignment,
  ExperimentCatalog,
  mergedParameters,
  ParameterOverrides,
  RankerDefinition,
  Scenario,
  seededRandom,
  teamDraftInterleave,
  unitKindOf,
  VariantAssignment,
} from '@app/experiments';
import { Candidate, Interleaver, Team } from '@app/pipeline';
import { ExposureRecord, SignalStore } from '@app/signals';

/** How one ranking is made: parameter overrides, and the stored script when a variant picks another one. */
export interface Ranker {
  readonly overrides: ParameterOverrides;
  readonly script?: string;
}

/** The two rankers of an interleaved variant: the request's overrides with each ranker's on top. */
export interface InterleavedRankers {
  readonly A: Ranker;
  readonly B: Ranker;
}

/** What the experiments make of one feed request. */
export interface ExperimentPlan {
  readonly assignments: readonly ExperimentAssignment[];
  /** `experiment:variant` (or `layer:holdout`) of each assignment, for the response. */
  readonly labels: readonly string[];
  /** Every plain variant's overrides, for the scenario's ParameterRegistry. */
  readonly overrides: ParameterOverrides;
  /** The stored script a plain variant picks (at most one layer of a scenario may pick scripts). */
  readonly script?: string;
  /** Present when an interleaved variant is assigned: the page is a team draft of these two rankers. */
  readonly interleave?: InterleavedRankers;
}

export const NO_EXPERIMENTS: ExperimentPlan = Object.freeze({
  assignments: Object.freeze([]),
  labels: Object.freeze([]),
  overrides: Object.freeze({}),
});

/**
 * The experiments' part of serving a feed: which variants a request gets (by the member, or by their city when an
 * experiment of the scenario randomises cities or switchback windows), the interleaver of an interleaved variant
 * (seeded by the request id, so a page can be rebuilt), and the exposure record of the page served.
 */
export class FeedExperiments {
  private readonly needsCity: ReadonlySet<Scenario>;

  constructor(
    readonly catalog: ExperimentCatalog,
    private readonly exposures: Pick<SignalStore, 'logExposure'>,
    /** Told when an exposure could not be logged (Redis away); the page was served all the same. */
    private readonly onLogFailed: (record: ExposureRecord, error: unknown) => void = () => undefined,
  ) {
    this.needsCity = new Set(
      catalog.experiments.filter((e) => unitKindOf(e.unit) !== 'member').map((e) => e.scenario),
    );
  }

  /** Logs what a served page showed, once per request id; never rejects (a failure is reported to onLogFailed). */
  async logExposure(record: ExposureRecord): Promise<void> {
    try {
      await this.exposures.logExposure(record);
    } catch (error) {
      this.onLogFailed(record, error);
    }
  }

  /** The plan of one request; `cityOf` is read only when an experiment of the scenario randomises by city. */
  async plan(
    scenario: Scenario,
    memberId: string,
    now: number,
    cityOf: () => Promise<string | undefined>,
  ): Promise<ExperimentPlan> {
    if (this.catalog.experiments.length === 0) return NO_EXPERIMENTS;
    const city = this.needsCity.has(scenario) ? await cityOf() : undefined;
    const assignments = this.catalog.assign(scenario, { memberId, now, ...(city !== undefined && { city }) });
    if (assignments.length === 0) return NO_EXPERIMENTS;
    const overrides = mergedParameters(assignments);
    const script = assignments.find(
      (a): a is VariantAssignment => !a.holdout && a.script !== undefined,
    )?.script;
    const interleaved = assignments.find(
      (a): a is VariantAssignment => !a.holdout && a.interleave !== undefined,
    );
    const ranker = (r: RankerDefinition): Ranker => {
      const rankerScript = r.script ?? script;
      return {
        overrides: { ...overrides, ...r.parameters },
        ...(rankerScript !== undefined && { script: rankerScript }),
      };
    };
    return {
      assignments,
      labels: assignments.map(describeAssignment),
      overrides,
      ...(script !== undefined && { script }),
      ...(interleaved?.interleave && {
        interleave: { A: ranker(interleaved.interleave.A), B: ranker(interleaved.interleave.B) },
      }),
    };
  }
}

/** Team draft over the whole of both rankings, its coin flips seeded by the request id. */
export function teamDraftOf(requestId: string): Interleaver {
  return (a, b) => teamDraftInterleave(a, b, a.length + b.length, seededRandom(requestId));
}

/** The exposure record of a served page: its items in order (with their team when interleaved) and its variants. */
export function exposureRecordOf(page: {
  scenario: Scenario;
  memberId: string;
  requestId: string;
  page: number;
  at: number;
  items: readonly Pick<Candidate<unknown>, 'id'>[];
  teams?: readonly Team[];
  plan: ExperimentPlan;
}): ExposureRecord {
  return {
    requestId: page.requestId,
    scenario: page.scenario,
    memberId: page.memberId,
    at: page.at,
    page: page.page,
    experiments: page.plan.assignments.map((a) =>
      a.holdout
        ? { experiment: a.layer, version: 0, variant: 'holdout', unit: a.unit, unitId: a.unitId }
        : {
            experiment: a.experiment,
            version: a.version,
            variant: a.variant,
            unit: a.unit,
            unitId: a.unitId,
          },
    ),
    items: page.items.map((item, position) => ({
      id: item.id,
      position,
      ...(page.teams && { team: page.teams[position] }),
    })),
  };
}
