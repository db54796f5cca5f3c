import { Member } from '@app/catalog';
import { ExperimentDefinition } from '@app/experiments';
import { performance } from 'node:perf_hooks';
import { Arms, FourRuns, InterferenceRow, interferenceRows } from './experiment-simulate.interference';
import { VariantPair, isTreatedUnit } from './experiment-simulate.variants';
import {
  MemberOutcome,
  SimulationOptions,
  VariantMetrics,
  ViewerOverrides,
  buildWorld,
  runVariant,
} from './simulate-networking.simulation';

/** The four ways the same world is run, in the order they run. */
export const RUNS = ['allControl', 'allTreatment', 'byMember', 'byCity'] as const;
export type RunName = (typeof RUNS)[number];

const RUN_LABELS: Record<RunName, string> = {
  allControl: 'everyone control',
  allTreatment: 'everyone treatment',
  byMember: 'member-randomised',
  byCity: 'city-randomised',
};

export interface ExperimentSimulationOptions
  extends Omit<SimulationOptions, 'overrides' | 'members'>, Pick<Partial<SimulationOptions>, 'members'> {
  experiment: ExperimentDefinition;
  variants: VariantPair;
}

export interface ExperimentSimulation {
  experiment: string;
  salt: string;
  control: string;
  treatment: string;
  cities: string[];
  treatedCities: string[];
  /** Members who browsed (the same in every run). */
  members: number;
  treatedMembers: number;
  /** Share of the impressions of the everyone-control run that showed a member of another city than the viewer's. */
  otherCityShare: number;
  /** Each run's marketplace figures (as `simulate networking` measures them), without the per-member outcomes. */
  runs: Record<RunName, Omit<VariantMetrics, 'outcomes'>>;
  rows: InterferenceRow[];
  seconds: number;
}

/**
 * Runs the experiment's control and treatment on one demo world four ways (everyone control, everyone treatment,
 * 50/50 by member, 50/50 by city) with the same seed and the same draw per pair, and compares what each randomisation
 * would have reported with the true effect.
 */
export async function simulateExperiment(
  options: ExperimentSimulationOptions,
): Promise<ExperimentSimulation> {
  const started = performance.now();
  const { experiment, variants } = options;
  const progress = options.onProgress ?? (() => undefined);
  const simulation: SimulationOptions = {
    ...options,
    members: options.members ?? 0,
    overrides: {},
  };
  const world = buildWorld(simulation);
  const arms: Arms = {
    isTreatedMember: (id) => isTreatedUnit(experiment.salt, id),
    isTreatedCity: (city) => isTreatedUnit(experiment.salt, city),
  };
  const control = { ...variants.control.parameters };
  const treatment = { ...variants.treatment.parameters };
  const overridesOf: Record<RunName, ViewerOverrides> = {
    allControl: control,
    allTreatment: treatment,
    byMember: (viewer: Member) => (arms.isTreatedMember(viewer.id) ? treatment : control),
    byCity: (viewer: Member) => (arms.isTreatedCity(viewer.city) ? treatment : control),
  };
  const treatedCities = world.cities.filter((c) => arms.isTreatedCity(c));
  progress(
    `${world.byId.size} members of the demo network's ${world.cities.length} largest cities ` +
      `(${treatedCities.length} of them treated in the city-randomised run), ${options.days} days × ` +
      `${options.roundsPerDay} rounds; ${experiment.name}: ${variants.control.name} against ${variants.treatment.name}`,
  );
  const metrics = {} as Record<RunName, VariantMetrics>;
  for (const run of RUNS) {
    metrics[run] = await runVariant(
      'full',
      world,
      {
        ...simulation,
        onProgress: (message) => progress(`[${RUN_LABELS[run]}] ${message.replace(/^full: /, '')}`),
      },
      overridesOf[run],
    );
  }
  const outcomes = (run: RunName) => metrics[run].outcomes ?? [];
  const four: FourRuns = {
    allControl: outcomes('allControl'),
    allTreatment: outcomes('allTreatment'),
    byMember: outcomes('byMember'),
    byCity: outcomes('byCity'),
  };
  const runs = Object.fromEntries(
    RUNS.map((run) => {
      const { outcomes: _outcomes, ...figures } = metrics[run];
      return [run, figures];
    }),
  ) as Record<RunName, Omit<VariantMetrics, 'outcomes'>>;
  return {
    experiment: experiment.name,
    salt: experiment.salt,
    control: variants.control.name,
    treatment: variants.treatment.name,
    cities: world.cities,
    treatedCities,
    members: four.byMember.length,
    treatedMembers: four.byMember.filter((o) => arms.isTreatedMember(o.id)).length,
    otherCityShare: otherCityShareOf(four.allControl),
    runs,
    rows: interferenceRows(four, arms),
    seconds: (performance.now() - started) / 1000,
  };
}

/** Profiles of another city's members over all profiles seen (0 when nothing was seen). */
export function otherCityShareOf(outcomes: readonly MemberOutcome[]): number {
  let other = 0;
  let seen = 0;
  for (const o of outcomes) {
    other += o.otherCitySeen;
    seen += o.impressionsSeen;
  }
  return seen === 0 ? 0 : other / seen;
}

export { RUN_LABELS };
