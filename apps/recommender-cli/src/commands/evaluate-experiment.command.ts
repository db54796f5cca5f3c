import { Command, InvalidArgumentError } from 'commander';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ExperimentDefinition } from '@app/experiments';
import { Writable } from 'node:stream';
import { CliFailure, cliConfig } from '../cli-context';
import { DemoData } from '../demo';
import { EvaluationColumn, experimentColumns } from './evaluate-experiment.columns';
import { SideBySideRow, sideBySideTable } from './evaluate-experiment.table';
import {
  TravelEvaluation,
  evaluateCommand,
  evaluateTravel,
  evaluateTravelCommand,
  withEvaluationWorld,
} from './evaluate-travel.command';
import { loadExperiment } from './experiment-simulate.variants';
import {
  DEFAULT_SIMULATION_OPTIONS,
  SimulationOptions,
  VariantMetrics,
  buildWorld,
  runVariant,
} from './simulate-networking.simulation';

/** What `evaluate <scenario> --experiment <name>` prints: the columns and the table. */
export interface ExperimentEvaluation {
  experiment: string;
  columns: EvaluationColumn[];
  rows: SideBySideRow[];
  table: string[];
}

export interface EvaluateTravelExperimentOptions {
  experiment: string;
  variant?: string[];
  seed?: string;
  places?: number;
  members?: number;
  /** Members with a taste embedding per column (default 300: each column asks the feed once per member). */
  sample?: number;
  coldSample?: number;
  /** `--set` overrides under every column (the column's own parameters win). */
  set?: Record<string, number>;
}

export interface EvaluateNetworkingOptions {
  experiment?: string;
  variant?: string[];
  members?: number;
  /** Members of the demo network the cities come from (default the demo's 10,000). */
  network?: number;
  days?: number;
  rounds?: number;
  seed?: string;
}

/** Modest defaults: every column is a full evaluation. */
export const EXPERIMENT_EVALUATION_DEFAULTS = {
  travelSample: 300,
  travelColdSample: 100,
  networkingMembers: 300,
  networkingDays: 2,
} as const;

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/**
 * `evaluate travel --experiment <name>`: the demo data loaded once into a throwaway engine (as `evaluate travel`
 * does), then the travel evaluation once per column with the column's parameters, impressions not recorded (so the
 * columns see the same history); the full pipeline's figures side by side. Writes nothing to EVALUATION.md.
 */
export async function evaluateTravelExperiment(
  options: EvaluateTravelExperimentOptions,
  env: Record<string, string | undefined>,
  out: NodeJS.WritableStream,
): Promise<ExperimentEvaluation> {
  const config = cliConfig(env);
  const experiment = loadExperiment(config.experimentsDir, options.experiment, 'travel');
  const columns = experimentColumns(experiment, options.variant);
  return withEvaluationWorld(config, options, out, async (app, data) => {
    const evaluations: TravelEvaluation[] = [];
    for (const column of columns) {
      out.write(`evaluating ${experiment.name}: ${column.name}\n`);
      evaluations.push(await evaluateTravelColumn(app, data, column, options, out));
    }
    return printed(experiment, columns, travelRows(evaluations), out);
  });
}

async function evaluateTravelColumn(
  app: NestFastifyApplication,
  data: DemoData,
  column: EvaluationColumn,
  options: EvaluateTravelExperimentOptions,
  out: NodeJS.WritableStream,
): Promise<TravelEvaluation> {
  // evaluateTravel prints its whole section; here only its progress lines are wanted.
  const progress = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const text = chunk.toString();
      if (text.startsWith('evaluated ')) out.write(text);
      done();
    },
  });
  return evaluateTravel(
    app,
    data,
    {
      seed: options.seed,
      sample: options.sample ?? EXPERIMENT_EVALUATION_DEFAULTS.travelSample,
      coldSample: options.coldSample ?? EXPERIMENT_EVALUATION_DEFAULTS.travelColdSample,
      set: { ...options.set, ...column.parameters },
      ...(column.script !== undefined && { script: column.script }),
      recordImpressions: false,
    },
    progress,
  );
}

/** The full pipeline's figures of each column (members with history, then new members), formatted. */
export function travelRows(evaluations: readonly TravelEvaluation[]): SideBySideRow[] {
  const full = (e: TravelEvaluation, group: 'withHistory' | 'coldStart') =>
    e[group].find((f) => f.system === 'full pipeline');
  const row = (measure: string, value: (e: TravelEvaluation) => string): SideBySideRow => ({
    measure,
    values: evaluations.map(value),
  });
  const fixed = (x: number | undefined, digits = 3) => (x === undefined ? 'n/a' : x.toFixed(digits));
  return [
    row('nDCG@20 (members with history)', (e) => fixed(full(e, 'withHistory')?.ndcg)),
    row('precision@20', (e) => fixed(full(e, 'withHistory')?.precision)),
    row('intra-list diversity', (e) => fixed(full(e, 'withHistory')?.ild)),
    row('catalog coverage', (e) => pct(full(e, 'withHistory')?.coverage ?? NaN)),
    row('share of new places', (e) => pct(full(e, 'withHistory')?.newShare ?? NaN)),
    row('nDCG@20 over popularity-only', (e) => `${e.ndcgLift >= 0 ? '+' : ''}${pct(e.ndcgLift)}`),
    row('nDCG@20 (new members)', (e) => fixed(full(e, 'coldStart')?.ndcg)),
    row('request p50 / p99 (ms)', (e) => `${e.requestMs.p50.toFixed(1)} / ${e.requestMs.p99.toFixed(1)}`),
  ];
}

/**
 * `evaluate networking [--experiment <name>]`: the marketplace simulation of `simulate networking` once per column,
 * each column's parameters for every member, on copies of one world (same seed, same draw per pair). Without an
 * experiment, one column: the feed's defaults.
 */
export async function evaluateNetworkingExperiment(
  options: EvaluateNetworkingOptions,
  env: Record<string, string | undefined>,
  out: NodeJS.WritableStream,
): Promise<ExperimentEvaluation> {
  const config = cliConfig(env);
  const experiment =
    options.experiment === undefined
      ? undefined
      : loadExperiment(config.experimentsDir, options.experiment, 'networking');
  const columns: EvaluationColumn[] = experiment
    ? experimentColumns(experiment, options.variant)
    : [{ name: 'defaults', parameters: {} }];
  if (!experiment && (options.variant ?? []).length > 0) {
    throw new CliFailure('--variant needs --experiment', 2);
  }
  const simulation: SimulationOptions = {
    ...DEFAULT_SIMULATION_OPTIONS,
    members: options.members ?? EXPERIMENT_EVALUATION_DEFAULTS.networkingMembers,
    days: options.days ?? EXPERIMENT_EVALUATION_DEFAULTS.networkingDays,
    roundsPerDay: options.rounds ?? DEFAULT_SIMULATION_OPTIONS.roundsPerDay,
    seed: options.seed ?? DEFAULT_SIMULATION_OPTIONS.seed,
    ...(options.network !== undefined && { network: options.network }),
    overrides: {},
    templatesDir: config.indexTemplatesDir,
    painlessDir: config.painlessDir,
  };
  const world = buildWorld(simulation);
  out.write(
    `${world.byId.size} members of the demo network's ${world.cities.length} largest cities, ` +
      `${simulation.days} days × ${simulation.roundsPerDay} rounds per column\n`,
  );
  const metrics: VariantMetrics[] = [];
  for (const column of columns) {
    metrics.push(
      await runVariant(
        'full',
        world,
        {
          ...simulation,
          ...(column.script !== undefined && { scoreScript: column.script }),
          onProgress: (m) => out.write(`[${column.name}] ${m.replace(/^full: /, '')}\n`),
        },
        { ...column.parameters },
      ),
    );
  }
  const name = experiment?.name ?? "the feed's defaults";
  return printed(experiment ?? { name }, columns, networkingRows(metrics), out);
}

/** The marketplace figures of each column, formatted. */
export function networkingRows(metrics: readonly VariantMetrics[]): SideBySideRow[] {
  const row = (measure: string, value: (m: VariantMetrics) => string): SideBySideRow => ({
    measure,
    values: metrics.map(value),
  });
  return [
    row('impression Gini, per day (mean)', (m) => m.dailyGini.toFixed(3)),
    row('impression Gini, whole run', (m) => m.runGini.toFixed(3)),
    row('members seen per day (mean; worst day)', (m) => `${pct(m.seenDailyShare)}; ${pct(m.seenDailyMin)}`),
    row('share of impressions to the top 1%', (m) => pct(m.topPercentShare)),
    row(
      'new members with ≥ 20 first-day impressions',
      (m) => `${pct(m.newMembersReaching20)} of ${m.joiners}`,
    ),
    row('matches per 1,000 impressions', (m) => m.matchesPerThousandImpressions.toFixed(1)),
    row('reciprocity of shown pairs', (m) => m.reciprocity.toFixed(3)),
    row('matches; impressions', (m) => `${m.matches}; ${m.impressions}`),
    row('request p50 / p99 (ms)', (m) => `${m.latencyP50Ms.toFixed(1)} / ${m.latencyP99Ms.toFixed(1)}`),
  ];
}

function printed(
  experiment: Pick<ExperimentDefinition, 'name'>,
  columns: EvaluationColumn[],
  rows: SideBySideRow[],
  out: NodeJS.WritableStream,
): ExperimentEvaluation {
  const table = sideBySideTable(columns, rows);
  out.write(`\n${experiment.name}\n\n${table.join('\n')}\n`);
  return { experiment: experiment.name, columns, rows, table };
}

/**
 * Adds `--experiment` and `--variant` to `evaluate travel` (its usage without them is unchanged), and
 * `evaluate networking`. Call after registerEvaluateTravel.
 */
export function registerEvaluateExperiment(
  program: Command,
  env: Record<string, string | undefined>,
  out: NodeJS.WritableStream,
): void {
  const evaluate = evaluateCommand(program);
  const travel = evaluate.commands.find((c) => c.name() === 'travel');
  if (travel) {
    travel
      .option(
        '--experiment <name>',
        'evaluate each variant of this travel experiment, side by side (writes nothing)',
      )
      .option('--variant <name>', 'with --experiment: only this variant (repeatable; default all)', collect)
      .action(async (options: TravelCommandOptions) => {
        if (options.experiment === undefined) {
          if (options.variant !== undefined) throw new CliFailure('--variant needs --experiment', 2);
          // The action registerEvaluateTravel gave it, unchanged.
          await evaluateTravelCommand(
            { ...options, output: options.write === false ? false : options.output },
            env,
            out,
          );
          return;
        }
        await evaluateTravelExperiment({ ...options, experiment: options.experiment }, env, out);
      });
  }
  evaluate
    .command('networking')
    .description(
      'run the marketplace simulation once per variant of a networking experiment (each for every member) and ' +
        'print exposure Gini, share seen per day, matches per 1,000 impressions and reciprocity side by side',
    )
    .option('--experiment <name>', "a networking experiment (default: the feed's defaults alone)")
    .option('--variant <name>', 'only this variant (repeatable; default all)', collect)
    .option(
      '--members <n>',
      `members of the network (default ${EXPERIMENT_EVALUATION_DEFAULTS.networkingMembers})`,
      wholeNumber,
    )
    .option('--network <n>', "members of the demo network (default the demo's 10000)", wholeNumber)
    .option(
      '--days <n>',
      `simulated days (default ${EXPERIMENT_EVALUATION_DEFAULTS.networkingDays})`,
      wholeNumber,
    )
    .option(
      '--rounds <n>',
      `feed requests per member per day (default ${DEFAULT_SIMULATION_OPTIONS.roundsPerDay})`,
      wholeNumber,
    )
    .option('--seed <seed>', `seed of the demo network (default ${DEFAULT_SIMULATION_OPTIONS.seed})`)
    .action(async (options: EvaluateNetworkingOptions) => {
      await evaluateNetworkingExperiment(options, env, out);
    });
}

/** `evaluate travel`'s options: its own, and those `--experiment` brings. */
type TravelCommandOptions = Partial<EvaluateTravelExperimentOptions> & { output?: string; write?: boolean };

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function wholeNumber(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('must be a positive integer');
  return value;
}
