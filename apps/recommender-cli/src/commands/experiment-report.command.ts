import { ExposureRecord, RedisSignalStore, SignalEvent, SignalStore } from '@app/signals';
import { Command } from 'commander';
import { Redis } from 'ioredis';
import { loadExperimentCatalog } from '../../../recommender-api/src/experiments/experiment-catalog.loader';
import { CliFailure, cliConfig } from '../cli-context';
import { analyseExperiment, ExperimentReport } from './experiment-report.analysis';
import { renderExperimentReport } from './experiment-report.render';

const PAGE = 10_000;

/**
 * `npm run cli -- experiment report <name>`: the experiment of EXPERIMENTS_DIR analysed from the exposure log and the
 * event stream in Redis (REDIS_URL, REDIS_KEY_PREFIX: the API's). `store` replaces Redis in tests.
 */
export async function experimentReportCommand(
  name: string,
  options: { control?: string },
  env: Record<string, string | undefined>,
  out: NodeJS.WritableStream,
  store?: SignalStore,
): Promise<ExperimentReport> {
  const config = cliConfig(env);
  const catalog = loadExperimentCatalog(config.experimentsDir, config.painlessDir);
  const experiment = catalog.find(name);
  if (!experiment) {
    const known = catalog.experiments.map((e) => e.name).join(', ') || 'none';
    throw new CliFailure(
      `no experiment ${JSON.stringify(name)} in ${config.experimentsDir} (there: ${known})`,
      2,
    );
  }
  if (options.control !== undefined && !experiment.variants.some((v) => v.name === options.control)) {
    throw new CliFailure(
      `the experiment ${name} has no variant ${JSON.stringify(options.control)} ` +
        `(variants: ${experiment.variants.map((v) => v.name).join(', ')})`,
      2,
    );
  }
  let signals = store;
  if (!signals) {
    if (!config.redisUrl) {
      throw new CliFailure(
        'experiment report reads the exposure log and the events in Redis: set REDIS_URL (and REDIS_KEY_PREFIX) as the API has them',
        2,
      );
    }
    signals = new RedisSignalStore(new Redis(config.redisUrl, { maxRetriesPerRequest: 2 }), {
      keyPrefix: config.redisKeyPrefix,
    });
  }
  try {
    const exposures = await readAll(
      (after) => signals.readExposures({ after, limit: PAGE }),
      (e) => e.exposure,
    );
    const events = await readAll(
      (after) => signals.readEvents({ after, limit: PAGE }),
      (e) => e.event,
    );
    const report = analyseExperiment(experiment, exposures, events, options.control);
    out.write(renderExperimentReport(report));
    return report;
  } finally {
    if (!store) await signals.close();
  }
}

/** Every entry of a stream, page by page. */
async function readAll<E extends { streamId: string }, T extends ExposureRecord | SignalEvent>(
  read: (after: string | undefined) => Promise<E[]>,
  value: (entry: E) => T,
): Promise<T[]> {
  const all: T[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await read(after);
    all.push(...page.map(value));
    if (page.length < PAGE) return all;
    after = page[page.length - 1].streamId;
  }
}

export function registerExperimentReport(
  experiment: Command,
  env: Record<string, string | undefined>,
  out: NodeJS.WritableStream,
): void {
  experiment
    .command('report')
    .description(
      'per-variant exposures and events per exposure, differences with 95% intervals (CUPED), the sample ratio ' +
        'check, cluster-level analysis for city and switchback units, interleaving preference',
    )
    .argument('<name>', 'the experiment (a file of EXPERIMENTS_DIR)')
    .option(
      '--control <variant>',
      'the variant the others are compared with (default: control, else the first)',
    )
    .action(async (name: string, options: { control?: string }) => {
      await experimentReportCommand(name, options, env, out);
    });
}
