import { ExperimentCatalog, ExperimentDefinition, isInterleaved } from '@app/experiments';
import { networkingParameters } from '../networking/discovery-feed.pipeline';
import { travelParameters } from '../travel/travel-parameters';

/** Refused at boot: a variant that names another stored script, which the feeds do not switch yet. */
export class UnservedExperimentError extends Error {}

/**
 * The experiment files of EXPERIMENTS_DIR, checked against the feeds' parameters: a bad file stops the boot with
 * every problem named (ExperimentFileError). Variants change the feeds' typed bounded parameters; a variant that
 * names a script is refused, since the feeds always run their one stored script.
 * @throws ExperimentFileError, UnservedExperimentError
 */
export function loadExperimentCatalog(dir: string): ExperimentCatalog {
  const catalog = ExperimentCatalog.fromDirectory(dir, {
    registries: { travel: travelParameters, networking: networkingParameters },
    knownScripts: [...SERVED_SCRIPTS],
  });
  const scripted = catalog.experiments.flatMap(scriptedVariants);
  if (scripted.length > 0) {
    throw new UnservedExperimentError(
      `experiments in ${dir} name stored scripts, which the feeds do not switch (they run ` +
        `${[...SERVED_SCRIPTS].join(' and ')}): ${scripted.join(', ')}; change parameters instead`,
    );
  }
  return catalog;
}

const SERVED_SCRIPTS = new Set(['places-taste-score-v1', 'members-mutual-score-v1']);

function scriptedVariants(experiment: ExperimentDefinition): string[] {
  return experiment.variants.flatMap((variant) => {
    const rankers = isInterleaved(variant) ? [variant.interleave.A, variant.interleave.B] : [variant];
    return rankers.some((r) => r.script !== undefined) ? [`${experiment.name}:${variant.name}`] : [];
  });
}
