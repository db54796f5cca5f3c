import { BUCKETS, sharesToBuckets } from './buckets';
import {
  ExperimentDefinition,
  LayerDefinition,
  Scenario,
  isInterleaved,
  unitKindOf,
} from './experiment-definition';
import { ExperimentFileProblem } from './experiment-file.error';
import { variantBucketEnds } from './variant-buckets';

/** An experiment ready to assign: its buckets, times and variant ends worked out once. */
export interface CompiledExperiment {
  readonly definition: ExperimentDefinition;
  /** Layer buckets [fromBucket, toBucket). */
  readonly fromBucket: number;
  readonly toBucket: number;
  readonly startMs: number;
  /** Infinity when the experiment has no end. */
  readonly endMs: number;
  readonly variantEnds: readonly number[];
}

/** A layer with its experiments (sorted by offset) and where its holdout begins. */
export interface CompiledLayer {
  readonly definition: LayerDefinition;
  /** The scenario of its experiments; undefined for a layer without any. */
  readonly scenario?: Scenario;
  /** Layer buckets [holdoutFrom, 10,000) are the holdout. */
  readonly holdoutFrom: number;
  readonly experiments: readonly CompiledExperiment[];
}

/** An experiment that passed its own file's checks, with the file it came from. */
export interface ExperimentSource {
  readonly file: string;
  readonly definition: ExperimentDefinition;
}

/**
 * The rules across files: names unique; each experiment's layer exists and holds one scenario and one unit kind;
 * allocations fit below the layer's holdout and do not overlap; two layers of one scenario never override the same
 * knob (independent layers must not collide). Problems go to `problems`; the layers are compiled either way.
 */
export function validateCatalog(
  layers: readonly LayerDefinition[],
  sources: readonly ExperimentSource[],
  problems: ExperimentFileProblem[],
): CompiledLayer[] {
  const report = (source: ExperimentSource, path: string, message: string) =>
    problems.push({ file: source.file, path, message });
  const sorted = [...sources].sort((a, b) => compare(a.definition.name, b.definition.name));

  const seen = new Map<string, ExperimentSource>();
  for (const source of sorted) {
    const other = seen.get(source.definition.name);
    if (other) report(source, 'name', `'${source.definition.name}' is also the name of ${other.file}`);
    else seen.set(source.definition.name, source);
  }

  const byLayer = new Map<string, ExperimentSource[]>(layers.map((l) => [l.name, []]));
  for (const source of sorted) {
    const members = byLayer.get(source.definition.layer);
    if (members) members.push(source);
    else {
      const names = layers.map((l) => l.name).join(', ') || 'none';
      report(
        source,
        'layer',
        `'${source.definition.layer}' is not a layer of layers.json (layers: ${names})`,
      );
    }
  }

  const compiled: CompiledLayer[] = [];
  for (const layer of [...layers].sort((a, b) => compare(a.name, b.name))) {
    const members = byLayer.get(layer.name)!;
    const first = members[0]?.definition;
    for (const source of members.slice(1)) {
      const d = source.definition;
      if (d.scenario !== first.scenario) {
        report(
          source,
          'scenario',
          `is '${d.scenario}' but layer '${layer.name}' holds '${first.scenario}' experiments ` +
            `(${first.name}); a layer holds experiments of one scenario`,
        );
      }
      if (unitKindOf(d.unit) !== unitKindOf(first.unit)) {
        report(
          source,
          'unit',
          `is '${unitKindOf(d.unit)}' but layer '${layer.name}' holds ` +
            `'${unitKindOf(first.unit)}' experiments (${first.name}); a layer randomises one kind of unit`,
        );
      }
    }
    const holdoutFrom = BUCKETS - sharesToBuckets(layer.holdout)!;
    const experiments = members.map((source) => compile(source.definition));
    experiments.forEach((e, i) => {
      const source = members[i];
      if (e.toBucket > BUCKETS) {
        report(source, 'allocation', `ends at ${e.toBucket / BUCKETS}, beyond 1`);
      } else if (e.toBucket > holdoutFrom) {
        report(
          source,
          'allocation',
          `${range(e.fromBucket, e.toBucket)} overlaps the holdout ` +
            `${range(holdoutFrom, BUCKETS)} of layer '${layer.name}'`,
        );
      }
      for (const other of experiments.slice(0, i)) {
        if (e.fromBucket < other.toBucket && other.fromBucket < e.toBucket) {
          report(
            source,
            'allocation',
            `${range(e.fromBucket, e.toBucket)} overlaps ` +
              `${range(other.fromBucket, other.toBucket)} of '${other.definition.name}' in layer '${layer.name}'`,
          );
        }
      }
    });
    experiments.sort((a, b) => a.fromBucket - b.fromBucket || compare(a.definition.name, b.definition.name));
    compiled.push({ definition: layer, scenario: first?.scenario, holdoutFrom, experiments });
  }

  // knob → the first layer (and experiment) of the scenario overriding it, in layer then experiment name order.
  const owners = new Map<string, { layer: string; experiment: string }>();
  for (const layer of compiled) {
    for (const e of [...layer.experiments].sort((a, b) => compare(a.definition.name, b.definition.name))) {
      const d = e.definition;
      const source = sorted.find((s) => s.definition === d)!;
      d.variants.forEach((variant, i) => {
        if (isInterleaved(variant)) return;
        for (const knob of Object.keys(variant.parameters)) {
          const key = `${d.scenario}\u0000${knob}`;
          const owner = owners.get(key);
          if (!owner) owners.set(key, { layer: d.layer, experiment: d.name });
          else if (owner.layer !== d.layer) {
            report(
              source,
              `variants[${i}].parameters`,
              `${knob} is also overridden in layer '${owner.layer}' ` +
                `(${owner.experiment}); two layers of one scenario must not override the same knob`,
            );
          }
        }
      });
    }
  }
  return compiled;
}

function compile(definition: ExperimentDefinition): CompiledExperiment {
  const fromBucket = sharesToBuckets(definition.allocation.offset)!;
  return {
    definition,
    fromBucket,
    toBucket: fromBucket + sharesToBuckets(definition.allocation.share)!,
    startMs: Date.parse(definition.start),
    endMs: definition.end === undefined ? Infinity : Date.parse(definition.end),
    variantEnds: variantBucketEnds(definition.variants.map((v) => v.weight)),
  };
}

function range(from: number, to: number): string {
  return `[${from / BUCKETS}, ${to / BUCKETS})`;
}

/** Code-unit order, the same on every machine (localeCompare is not). */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
