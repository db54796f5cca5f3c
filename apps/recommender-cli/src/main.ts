import { Command, InvalidArgumentError } from 'commander';
import { CliFailure } from './cli-context';
import { demoCommand } from './commands/demo.command';
import { registerEvaluateExperiment } from './commands/evaluate-experiment.command';
import { registerEvaluateTravel } from './commands/evaluate-travel.command';
import { registerExperimentReport } from './commands/experiment-report.command';
import { registerExperimentSimulate } from './commands/experiment-simulate.command';
import { searchInstallCommand } from './commands/search-install.command';
import { searchReindexCommand } from './commands/search-reindex.command';
import { registerSimulateCommand } from './commands/simulate-networking.command';

/** Operator commands: `npm run cli -- <command>`. Configuration comes from the same variables as the API. */
export function buildProgram(env: Record<string, string | undefined>, out: NodeJS.WritableStream): Command {
  const program = new Command('recommender-cli')
    .description("Operator commands of the recommender (configuration: the API's environment variables)")
    .showHelpAfterError()
    .exitOverride();

  program
    .command('search:install')
    .description(
      'install component and index templates, the versioned indices behind their aliases, and the stored scripts',
    )
    .action(async () => {
      await searchInstallCommand(env, out);
    });

  program
    .command('search:reindex')
    .description(
      'rebuild the index behind an alias from the current template and swap the alias (no write is lost)',
    )
    .argument('<index>', 'places, members or member_edges')
    .option('--delete-old', 'delete the old index after the swap (default: keep it for a rollback)')
    .action(async (index: string, options: { deleteOld?: boolean }) => {
      await searchReindexCommand(index, options, env, out);
    });

  program
    .command('demo')
    .description("generate the deterministic demo data and load it through the API's ingestion (once)")
    .option('--seed <seed>', 'seed of the generator (default demo-v1)')
    .option('--places <n>', 'number of places (default 20000)', positiveInteger)
    .option('--members <n>', 'number of members (default 10000)', positiveInteger)
    .option('--now <iso>', 'end of the generated history (default: today 00:00 UTC)', isoDate)
    .option('--force', 'load again even when already loaded')
    .option('--no-events', 'do not record the interaction history in the signal store')
    .option('--serve', 'then serve the API from this process and print example requests')
    .action(
      async (options: {
        seed?: string;
        places?: number;
        members?: number;
        now?: string;
        force?: boolean;
        events?: boolean;
        serve?: boolean;
      }) => {
        await demoCommand(options, env, out);
      },
    );

  registerEvaluateTravel(program, env, out);
  registerSimulateCommand(program, env, out);
  registerEvaluateExperiment(program, env, out);
  const experiment = program.command('experiment').description('online experiments: simulate, report');
  registerExperimentSimulate(experiment, env, out);
  registerExperimentReport(experiment, env, out);
  return program;
}

function positiveInteger(text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new InvalidArgumentError('must be a positive integer');
  return value;
}

function isoDate(text: string): string {
  if (Number.isNaN(Date.parse(text))) throw new InvalidArgumentError('must be an ISO 8601 date-time');
  return new Date(text).toISOString();
}

async function main(): Promise<void> {
  const program = buildProgram(process.env, process.stdout);
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help')
      process.exit(0);
    if (code?.startsWith('commander.')) process.exit(2);
    if (error instanceof CliFailure) {
      process.stderr.write(`recommender-cli: ${error.message}\n`);
      process.exit(error.exitCode);
    }
    process.stderr.write(`recommender-cli: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

if (require.main === module) void main();
