import { Command, InvalidArgumentError } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cliConfig } from '../cli-context';
import { renderExperimentSection, withExperimentSection } from './experiment-simulate.report';
import { ExperimentSimulation, simulateExperiment } from './experiment-simulate.simulation';
import { loadExperiment, variantPair } from './experiment-simulate.variants';
import { DEFAULT_SIMULATION_OPTIONS } from './simulate-networking.simulation';

export interface ExperimentSimulateOptions {
  control?: string;
  treatment?: string;
  /** The largest cities of the demo network taken whole (the clusters of the city-randomised run). */
  cities?: number;
  /** Members of the demo network the cities come from. */
  network?: number;
  days?: number;
  rounds?: number;
  page?: number;
  seed?: string;
  /** Where to write the section; default EVALUATION.md at the repository root. '-' prints only. */
  output?: string;
}

/**
 * Defaults: 12 cities of a 5,000-member demo network (about 800 members browsing) for 2 days of 2 rounds: four runs in
 * about 3 minutes on 2 cores, and enough cities for a city-level interval.
 */
export const DEFAULT_EXPERIMENT_SIMULATION = {
  cities: 12,
  network: 5_000,
  days: 2,
  roundsPerDay: 2,
} as const;

/**
 * What the measured runs showed, printed under the table (kept next to the command so that a new run keeps them; they
 * describe the default run and are to be revised when it changes).
 */
const FINDINGS: readonly string[] = [
  'What the default runs showed (2026-11-23; the simulation is deterministic, so a rerun gives the same numbers). ' +
    '`networking-popular-first` (no daily cap, no fairness boost) hurts the marketplace: matches per member fall ' +
    'from 13.99 to 11.54 (−17.5%) and the impression Gini per day doubles (0.27 → 0.55). ' +
    '`networking-exposure-boost` (maxBoost 0.6 → 0.9) changes almost nothing in this world: matches per member ' +
    '13.99 → 13.89 (−0.7%), impressions Gini 0.265 → 0.254; every estimate of it is within its noise (member-level ' +
    '±1.2 matches per member against a true −0.10), so it cannot show interference either way.',
  'Member-level randomisation over-states what the change does to the members who get it where treated viewers ' +
    'compete with control viewers for the same scarce people: likes given per member rise by +0.69 when everyone ' +
    'has popular-first, but treated members out-like control members by +1.48 (CUPED): they take the popular members ' +
    'that the daily cap rations away from control viewers (the spillover table: treated +0.23, control −0.57 against ' +
    'their whole worlds). It is 2.1× the true effect and its interval (±0.36) excludes the truth.',
  'It under-states the harm to matches (−0.88 CUPED, −1.34 raw, against a true −2.46): a match has two sides, and ' +
    "the popular-first viewers' lower-reciprocity choices cost the control members they would have matched with too " +
    '(control members lose 0.93 matches against everyone-control). The member-level estimate is the difference ' +
    'between two groups that both bear the harm, not the harm. So interference here does not only inflate effects: it ' +
    'shrinks those that spill over to the control group and inflates those where the arms compete.',
  'City-level randomisation did not recover the truth better in this run (matches −0.43 CUPED, −0.12 raw). The ' +
    'main reason is in the setup above: the simulated cities are not closed markets. The feed has no same-city ' +
    'filter, and more than half of the impressions show a member of another city, so treated cities take attention ' +
    'from control cities just as treated members take it from control members, and control cities drift from ' +
    'everyone-control (−1.36 matches per member in the spillover table). On top of that, 12 cities (7 treated, 5 ' +
    'control) leave a wide between-city spread (±1.1 raw). The intervals account for the spread but not for the ' +
    'spillover. City units would pay off with closed markets (a same-city or hard distance filter, as the real ' +
    'feed would have if members only meet locally) and many more cities; in this world neither design measures ' +
    "the change's effect on matches; only whole marketplaces compared with each other do (everyone treated against " +
    'everyone control, as here, or the whole marketplace alternating over time).',
];

/** `npm run cli -- experiment simulate <name>`: the four runs, the table, and the section of EVALUATION.md. */
export async function experimentSimulateCommand(
  name: string,
  options: ExperimentSimulateOptions,
  env: Record<string, string | undefined>,
  out: NodeJS.WritableStream,
): Promise<ExperimentSimulation> {
  const config = cliConfig(env);
  const experiment = loadExperiment(config.experimentsDir, name, 'networking');
  const variants = variantPair(experiment, { control: options.control, treatment: options.treatment });
  const settings = {
    seed: options.seed ?? DEFAULT_SIMULATION_OPTIONS.seed,
    network: options.network ?? DEFAULT_EXPERIMENT_SIMULATION.network,
    days: options.days ?? DEFAULT_EXPERIMENT_SIMULATION.days,
    roundsPerDay: options.rounds ?? DEFAULT_EXPERIMENT_SIMULATION.roundsPerDay,
    pageSize: options.page ?? DEFAULT_SIMULATION_OPTIONS.pageSize,
    joinShare: DEFAULT_SIMULATION_OPTIONS.joinShare,
  };
  const result = await simulateExperiment({
    ...settings,
    cities: options.cities ?? DEFAULT_EXPERIMENT_SIMULATION.cities,
    experiment,
    variants,
    templatesDir: config.indexTemplatesDir,
    painlessDir: config.painlessDir,
    onProgress: (message) => out.write(`${message}\n`),
  });
  const section = renderExperimentSection(
    result,
    {
      ...settings,
      command: commandLine(name, options),
      controlParameters: variants.control.parameters,
      treatmentParameters: variants.treatment.parameters,
    },
    FINDINGS,
  );
  out.write(`\n${section}\n`);
  if (options.output !== '-') {
    const file = options.output ?? resolve(process.cwd(), 'EVALUATION.md');
    writeFileSync(
      file,
      withExperimentSection(existsSync(file) ? readFileSync(file, 'utf8') : undefined, section),
    );
    out.write(`wrote the experiment-simulate section of ${file}\n`);
  }
  return result;
}

function commandLine(name: string, options: ExperimentSimulateOptions): string {
  const parts = [`npm run cli -- experiment simulate ${name}`];
  if (options.control !== undefined) parts.push(`--control ${options.control}`);
  if (options.treatment !== undefined) parts.push(`--treatment ${options.treatment}`);
  if (options.cities !== undefined) parts.push(`--cities ${options.cities}`);
  if (options.network !== undefined) parts.push(`--network ${options.network}`);
  if (options.days !== undefined) parts.push(`--days ${options.days}`);
  if (options.rounds !== undefined) parts.push(`--rounds ${options.rounds}`);
  if (options.page !== undefined) parts.push(`--page ${options.page}`);
  if (options.seed !== undefined) parts.push(`--seed ${options.seed}`);
  return parts.join(' ');
}

/** Adds `simulate <name>` under the `experiment` command (one line in main.ts). */
export function registerExperimentSimulate(
  experiment: Command,
  env: Record<string, string | undefined>,
  out: NodeJS.WritableStream,
): void {
  const d = DEFAULT_EXPERIMENT_SIMULATION;
  experiment
    .command('simulate')
    .description(
      'run a networking experiment on the demo marketplace four ways (everyone control, everyone treatment, ' +
        'randomised by member, randomised by city) and show what each randomisation reports against the true effect ' +
        '(writes its section of EVALUATION.md)',
    )
    .argument('<name>', 'the experiment (a file of EXPERIMENTS_DIR, default experiments/)')
    .option('--control <variant>', 'the control variant (default: the first plain variant)')
    .option('--treatment <variant>', 'the treatment variant (default: the next plain variant)')
    .option('--cities <n>', `the demo network's largest cities, whole (default ${d.cities})`, whole(2))
    .option('--network <n>', `members of the demo network (default ${d.network})`, whole(100))
    .option('--days <n>', `simulated days (default ${d.days})`, whole(1))
    .option('--rounds <n>', `feed requests per member per day (default ${d.roundsPerDay})`, whole(1))
    .option(
      '--page <n>',
      `profiles per page, 1 to 50 (default ${DEFAULT_SIMULATION_OPTIONS.pageSize})`,
      whole(1, 50),
    )
    .option('--seed <seed>', `seed of the demo network (default ${DEFAULT_SIMULATION_OPTIONS.seed})`)
    .option('--output <file>', "where to write the section (default EVALUATION.md; '-' prints only)")
    .action(async (name: string, options: ExperimentSimulateOptions) => {
      await experimentSimulateCommand(name, options, env, out);
    });
}

function whole(min: number, max = Number.MAX_SAFE_INTEGER): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new InvalidArgumentError(
        `must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}`,
      );
    }
    return value;
  };
}
