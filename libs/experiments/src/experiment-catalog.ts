import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { layerBucketOf } from './buckets';
import { CompiledLayer, ExperimentSource, validateCatalog } from './catalog-validation';
import { ExperimentAssignment } from './experiment-assignment';
import {
  ExperimentDefinition,
  LayerDefinition,
  Scenario,
  isInterleaved,
  unitKindOf,
} from './experiment-definition';
import { ExperimentFileError, ExperimentFileProblem } from './experiment-file.error';
import { ExperimentParserOptions, parseExperiment, parseLayers } from './experiment-parser';
import { Subject, unitIdOf } from './subject';
import { variantIndexOf } from './variant-buckets';

export type ExperimentCatalogOptions = ExperimentParserOptions;

const LAYERS_FILE = 'layers.json';

/**
 * The experiments in force, loaded and checked once at boot, and the deterministic assignment of a subject to them.
 *
 * Per layer of the scenario (in layer name order), for each experiment running at `now`: the unit's layer bucket
 * (`layer:<layer>:<unitId>`) decides holdout (the layer's top buckets) or which experiment's range it falls in; the
 * variant bucket (`variant:<salt>:<unitId>`) picks the variant by weight. Layers hash differently, so they are
 * independent; ranges in a layer do not overlap, so its experiments are mutually exclusive.
 */
export class ExperimentCatalog {
  private constructor(
    private readonly compiled: readonly CompiledLayer[],
    private readonly definitions: readonly ExperimentDefinition[],
  ) {}

  /**
   * Reads `layers.json` and every other `*.json` of `dir` (one experiment each, named `<name>.json`). A missing
   * directory is an empty catalog; experiment files without `layers.json` are an error.
   * @throws ExperimentFileError listing every problem of every file
   */
  static fromDirectory(dir: string, options: ExperimentCatalogOptions): ExperimentCatalog {
    if (!existsSync(dir)) return ExperimentCatalog.build([], [], []);
    const files = readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.json') && entry.name !== LAYERS_FILE)
      .map((entry) => entry.name)
      .sort();
    const problems: ExperimentFileProblem[] = [];
    const layersFile = join(dir, LAYERS_FILE);
    let layers: LayerDefinition[] = [];
    if (existsSync(layersFile)) {
      const json = readJson(layersFile, problems);
      if (json !== undefined) layers = parseLayers(json, layersFile, problems);
    } else if (files.length > 0) {
      problems.push({
        file: layersFile,
        path: '',
        message: `is missing, and ${files.length} experiment file${files.length === 1 ? ' needs' : 's need'} its layers`,
      });
    }
    const sources: ExperimentSource[] = [];
    for (const name of files) {
      const file = join(dir, name);
      const json = readJson(file, problems);
      if (json === undefined) continue;
      const definition = parseExperiment(json, file, options, problems);
      if (!definition) continue;
      if (`${definition.name}.json` !== name) {
        problems.push({
          file,
          path: 'name',
          message: `'${definition.name}' must match the file name (${name})`,
        });
        continue;
      }
      sources.push({ file, definition });
    }
    return ExperimentCatalog.build(layers, sources, problems);
  }

  /**
   * The same checks on definitions given in code (tests, tools): problems are reported against `layers.json` and
   * `<name>.json`.
   * @throws ExperimentFileError
   */
  static fromDefinitions(
    layers: readonly LayerDefinition[],
    experiments: readonly ExperimentDefinition[],
    options: ExperimentCatalogOptions,
  ): ExperimentCatalog {
    const problems: ExperimentFileProblem[] = [];
    const parsedLayers = parseLayers({ layers }, LAYERS_FILE, problems);
    const sources: ExperimentSource[] = [];
    experiments.forEach((raw, i) => {
      const file = typeof raw?.name === 'string' ? `${raw.name}.json` : `experiments[${i}]`;
      const definition = parseExperiment(raw, file, options, problems);
      if (definition) sources.push({ file, definition });
    });
    return ExperimentCatalog.build(parsedLayers, sources, problems);
  }

  private static build(
    layers: readonly LayerDefinition[],
    sources: readonly ExperimentSource[],
    problems: ExperimentFileProblem[],
  ): ExperimentCatalog {
    const compiled = validateCatalog(layers, sources, problems);
    if (problems.length > 0) throw new ExperimentFileError(problems);
    const definitions = sources
      .map((s) => s.definition)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return new ExperimentCatalog(compiled, Object.freeze(definitions));
  }

  /** Every experiment, in name order. */
  get experiments(): readonly ExperimentDefinition[] {
    return this.definitions;
  }

  /** Every layer, in name order. */
  get layers(): readonly LayerDefinition[] {
    return this.compiled.map((l) => l.definition);
  }

  find(name: string): ExperimentDefinition | undefined {
    return this.definitions.find((d) => d.name === name);
  }

  /**
   * Where the subject stands in each layer of the scenario that it falls in, in layer name order: a variant of one
   * experiment, or the layer's holdout. Layers with no experiment running at `subject.now`, or whose unit the subject
   * lacks (no city), or whose free buckets it falls in, give nothing.
   */
  assign(scenario: Scenario, subject: Subject): ExperimentAssignment[] {
    const assignments: ExperimentAssignment[] = [];
    for (const layer of this.compiled) {
      if (layer.scenario !== scenario) continue;
      const name = layer.definition.name;
      for (const e of layer.experiments) {
        if (subject.now < e.startMs || subject.now >= e.endMs) continue;
        const d = e.definition;
        const unitId = unitIdOf(d.unit, subject, e.startMs);
        if (unitId === undefined) continue;
        const unit = unitKindOf(d.unit);
        const bucket = layerBucketOf(name, unitId);
        if (bucket >= layer.holdoutFrom) {
          assignments.push({ holdout: true, layer: name, unit, unitId });
          break;
        }
        if (bucket < e.fromBucket || bucket >= e.toBucket) continue;
        const variant = d.variants[variantIndexOf(d.salt, unitId, e.variantEnds)];
        assignments.push({
          holdout: false,
          experiment: d.name,
          version: d.version,
          layer: name,
          unit,
          unitId,
          variant: variant.name,
          ...(isInterleaved(variant)
            ? { parameters: Object.freeze({}), interleave: variant.interleave }
            : {
                parameters: variant.parameters,
                ...(variant.script === undefined ? {} : { script: variant.script }),
              }),
        });
        break;
      }
    }
    return assignments;
  }
}

function readJson(file: string, problems: ExperimentFileProblem[]): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    problems.push({ file, path: '', message: `cannot be read: ${(error as Error).message}` });
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    problems.push({ file, path: '', message: `is not valid JSON: ${(error as Error).message}` });
    return undefined;
  }
}
