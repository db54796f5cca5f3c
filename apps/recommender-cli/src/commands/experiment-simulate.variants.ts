import {
  BUCKETS,
  ExperimentDefinition,
  ExperimentFileError,
  PlainVariantDefinition,
  Scenario,
  isInterleaved,
  variantBucketOf,
} from '@app/experiments';
import {
  ExperimentScriptError,
  loadExperimentCatalog,
} from '../../../recommender-api/src/experiments/experiment-catalog.loader';
import { CliFailure } from '../cli-context';

/**
 * One experiment of the directory, checked as the API checks it at boot (the feeds' real parameter registries).
 * @throws CliFailure when the files do not load, the experiment is not there, or it belongs to another scenario
 */
export function loadExperiment(dir: string, name: string, scenario?: Scenario): ExperimentDefinition {
  let experiments: readonly ExperimentDefinition[];
  try {
    experiments = loadExperimentCatalog(dir).experiments;
  } catch (error) {
    if (error instanceof ExperimentFileError || error instanceof ExperimentScriptError)
      throw new CliFailure(`the experiment files do not load: ${error.message}`, 2);
    throw error;
  }
  const experiment = experiments.find((e) => e.name === name);
  if (!experiment) {
    const known = experiments.map((e) => e.name).join(', ') || 'none';
    throw new CliFailure(`no experiment named ${JSON.stringify(name)} in ${dir} (there: ${known})`, 2);
  }
  if (scenario !== undefined && experiment.scenario !== scenario) {
    throw new CliFailure(
      `experiment ${name} is a ${experiment.scenario} experiment, not a ${scenario} one`,
      2,
    );
  }
  return experiment;
}

/** The two plain variants compared: control and treatment. */
export interface VariantPair {
  control: PlainVariantDefinition;
  treatment: PlainVariantDefinition;
}

/**
 * The control and the treatment: the ones named, or else the experiment's first two plain variants (in file order,
 * the first being the control).
 * @throws CliFailure for an unknown or interleaved variant, the same one twice, or fewer than two plain variants
 */
export function variantPair(
  experiment: ExperimentDefinition,
  chosen: { control?: string; treatment?: string } = {},
): VariantPair {
  const plain = experiment.variants.filter((v): v is PlainVariantDefinition => !isInterleaved(v));
  const pick = (name: string): PlainVariantDefinition => {
    const variant = experiment.variants.find((v) => v.name === name);
    if (!variant) {
      throw new CliFailure(
        `experiment ${experiment.name} has no variant ${JSON.stringify(name)} ` +
          `(it has ${experiment.variants.map((v) => v.name).join(', ')})`,
        2,
      );
    }
    if (isInterleaved(variant)) {
      throw new CliFailure(
        `variant ${name} of ${experiment.name} is interleaved: a simulation needs plain variants`,
        2,
      );
    }
    return variant;
  };
  const control = chosen.control !== undefined ? pick(chosen.control) : plain[0];
  const treatment =
    chosen.treatment !== undefined ? pick(chosen.treatment) : plain.find((v) => v !== control);
  if (!control || !treatment) {
    throw new CliFailure(
      `experiment ${experiment.name} needs two plain variants (a control and a treatment)`,
      2,
    );
  }
  const scripted = [control, treatment].filter((v) => v.script !== undefined).map((v) => v.name);
  if (scripted.length > 0) {
    throw new CliFailure(
      `${scripted.length === 1 ? 'variant' : 'variants'} ${scripted.join(' and ')} of ${experiment.name} ` +
        `${scripted.length === 1 ? 'picks a stored script' : 'pick stored scripts'}: the simulation compares ` +
        `parameters only (compare scripts offline with \`evaluate networking --experiment ${experiment.name}\`)`,
      2,
    );
  }
  if (control === treatment) {
    throw new CliFailure(`the control and the treatment are the same variant (${control.name})`, 2);
  }
  return { control, treatment };
}

/**
 * Whether a unit (a member id or a city) gets the treatment when every unit takes part 50/50: the experiment's variant
 * bucket (MurmurHash3 of salt and unit id, as in the API) in the upper half. The simulation randomises everyone, so
 * the file's allocation and weights are left aside.
 */
export function isTreatedUnit(salt: string, unitId: string): boolean {
  return variantBucketOf(salt, unitId) >= BUCKETS / 2;
}
