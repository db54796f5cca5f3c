import { ParameterError, ParameterRegistry } from '@app/pipeline';
import {
  ExperimentDefinition,
  ExperimentUnit,
  LayerDefinition,
  RankerDefinition,
  SCENARIOS,
  Scenario,
  VariantDefinition,
} from './experiment-definition';
import { BUCKETS, sharesToBuckets } from './buckets';
import { ExperimentFileProblem } from './experiment-file.error';
import { variantBucketEnds } from './variant-buckets';

/** What the parser checks parameters and scripts against. */
export interface ExperimentParserOptions {
  readonly registries: Readonly<Record<Scenario, ParameterRegistry<string>>>;
  /** The stored script ids a variant may name; a variant naming any other is an error. */
  readonly knownScripts?: readonly string[];
}

const NAME = /^[a-z0-9-]{1,64}$/;
/** A date and a time with a zone: a time without one would depend on the machine's time zone. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const MAX_HOLDOUT = 0.5;
const MIN_WINDOW_MINUTES = 5;
const MAX_WINDOW_MINUTES = 10_080;

/** Collects the problems of one file, each at a JSON path. */
class FileChecker {
  constructor(
    readonly file: string,
    private readonly problems: ExperimentFileProblem[],
  ) {}

  report(path: string, message: string): void {
    this.problems.push({ file: this.file, path, message });
  }

  /** The value as a plain object, with every field outside `known` reported. */
  object(value: unknown, path: string, known: readonly string[]): Record<string, unknown> | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.report(path, 'must be an object');
      return undefined;
    }
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (!known.includes(key))
        this.report(join(path, key), `is not a known field (known: ${known.join(', ')})`);
    }
    return record;
  }

  name(value: unknown, path: string): string | undefined {
    if (typeof value === 'string' && NAME.test(value)) return value;
    this.report(path, 'must be a name of 1 to 64 characters a-z, 0-9 and -');
    return undefined;
  }

  text(value: unknown, path: string): string | undefined {
    if (typeof value === 'string' && value.trim() !== '') return value;
    this.report(path, 'must be a non-empty string');
    return undefined;
  }

  numberIn(value: unknown, path: string, min: number, max: number): number | undefined {
    if (typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max) return value;
    this.report(path, `must be a number in [${min}, ${max}]`);
    return undefined;
  }

  /** A share of 1 that is also a whole number of buckets (multiples of 1/10,000). */
  shareIn(value: unknown, path: string, min: number, max: number): number | undefined {
    const share = this.numberIn(value, path, min, max);
    if (share === undefined || sharesToBuckets(share) !== undefined) return share;
    this.report(path, `must be a whole number of buckets (a multiple of 1/${BUCKETS})`);
    return undefined;
  }

  time(value: unknown, path: string): number | undefined {
    const ms = typeof value === 'string' && ISO_8601.test(value) ? Date.parse(value) : NaN;
    if (Number.isFinite(ms)) return ms;
    this.report(path, 'must be an ISO-8601 date and time with a zone, e.g. 2026-11-01T00:00:00Z');
    return undefined;
  }
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** `layers.json`: `{ "layers": [{ "name", "holdout" }] }`, names unique. */
export function parseLayers(
  json: unknown,
  file: string,
  problems: ExperimentFileProblem[],
): LayerDefinition[] {
  const check = new FileChecker(file, problems);
  const root = check.object(json, '', ['layers']);
  if (!root) return [];
  if (!Array.isArray(root.layers)) {
    check.report('layers', 'must be an array');
    return [];
  }
  const layers: LayerDefinition[] = [];
  const names = new Set<string>();
  root.layers.forEach((raw: unknown, i) => {
    const path = join('layers', i);
    const layer = check.object(raw, path, ['name', 'holdout']);
    if (!layer) return;
    const name = check.name(layer.name, join(path, 'name'));
    const holdout = check.shareIn(layer.holdout, join(path, 'holdout'), 0, MAX_HOLDOUT);
    if (name !== undefined && names.has(name)) {
      check.report(join(path, 'name'), `'${name}' is defined twice`);
    } else if (name !== undefined) {
      names.add(name);
      if (holdout !== undefined) layers.push(Object.freeze({ name, holdout }));
    }
  });
  return layers;
}

/**
 * One experiment file, checked field by field (strict: unknown fields are errors) and its parameters resolved against
 * its scenario's registry. Undefined when anything is wrong; every problem goes to `problems`. Rules across files
 * (layers, overlaps, knobs) are in `catalog-validation.ts`.
 */
export function parseExperiment(
  json: unknown,
  file: string,
  options: ExperimentParserOptions,
  problems: ExperimentFileProblem[],
): ExperimentDefinition | undefined {
  const before = problems.length;
  const check = new FileChecker(file, problems);
  const known = [
    'name',
    'version',
    'description',
    'scenario',
    'layer',
    'salt',
    'unit',
    'allocation',
    'start',
    'end',
    'variants',
  ];
  const root = check.object(json, '', known);
  if (!root) return undefined;

  const name = check.name(root.name, 'name');
  const version = root.version;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    check.report('version', 'must be a positive integer');
  }
  const description = typeof root.description === 'string' ? root.description : undefined;
  if (description === undefined) check.report('description', 'must be a string');
  const scenario = SCENARIOS.find((s) => s === root.scenario);
  if (!scenario) check.report('scenario', `must be one of ${SCENARIOS.map((s) => `'${s}'`).join(', ')}`);
  const layer = check.name(root.layer, 'layer');
  const salt = check.text(root.salt, 'salt');
  const unit = parseUnit(check, root.unit);
  const allocation = parseAllocation(check, root.allocation);
  const start = check.time(root.start, 'start');
  const end = root.end === undefined ? Infinity : check.time(root.end, 'end');
  if (start !== undefined && end !== undefined && start >= end) check.report('end', 'must be after start');
  const variants = parseVariants(check, root.variants, scenario && options.registries[scenario], options);

  if (problems.length > before) return undefined;
  return deepFreeze({
    name: name!,
    version: version as number,
    description: description!,
    scenario: scenario!,
    layer: layer!,
    salt: salt!,
    unit: unit!,
    allocation: allocation!,
    start: root.start as string,
    ...(root.end === undefined ? {} : { end: root.end as string }),
    variants,
  });
}

function parseUnit(check: FileChecker, raw: unknown): ExperimentUnit | undefined {
  if (raw === 'member' || raw === 'city') return raw;
  if (typeof raw === 'object' && raw !== null && !Array.isArray(raw)) {
    const unit = check.object(raw, 'unit', ['type', 'windowMinutes'])!;
    if (unit.type !== 'switchback') {
      check.report('unit.type', "must be 'switchback'");
      return undefined;
    }
    const window = unit.windowMinutes;
    if (
      typeof window !== 'number' ||
      !Number.isInteger(window) ||
      window < MIN_WINDOW_MINUTES ||
      window > MAX_WINDOW_MINUTES
    ) {
      check.report(
        'unit.windowMinutes',
        `must be a whole number of minutes in [${MIN_WINDOW_MINUTES}, ${MAX_WINDOW_MINUTES}]`,
      );
      return undefined;
    }
    return { type: 'switchback', windowMinutes: window };
  }
  check.report('unit', `must be 'member', 'city' or { "type": "switchback", "windowMinutes": n }`);
  return undefined;
}

function parseAllocation(check: FileChecker, raw: unknown): { offset: number; share: number } | undefined {
  const allocation = check.object(raw, 'allocation', ['offset', 'share']);
  if (!allocation) return undefined;
  const offset = check.shareIn(allocation.offset, 'allocation.offset', 0, 1);
  const share = allocation.share;
  if (typeof share !== 'number' || !Number.isFinite(share) || share <= 0 || share > 1) {
    check.report('allocation.share', 'must be a number in (0, 1]');
    return undefined;
  }
  if (sharesToBuckets(share) === undefined) {
    check.report('allocation.share', `must be a whole number of buckets (a multiple of 1/${BUCKETS})`);
    return undefined;
  }
  if (offset === undefined) return undefined;
  return { offset, share };
}

function parseVariants(
  check: FileChecker,
  raw: unknown,
  registry: ParameterRegistry<string> | undefined,
  options: ExperimentParserOptions,
): VariantDefinition[] {
  if (!Array.isArray(raw) || raw.length === 0) {
    check.report('variants', 'must be a non-empty array');
    return [];
  }
  const variants: VariantDefinition[] = [];
  const names = new Set<string>();
  raw.forEach((item: unknown, i) => {
    const path = join('variants', i);
    const variant = check.object(item, path, ['name', 'weight', 'parameters', 'script', 'interleave']);
    if (!variant) return;
    const name = check.name(variant.name, join(path, 'name'));
    if (name !== undefined) {
      if (names.has(name)) check.report(join(path, 'name'), `'${name}' is used by another variant`);
      names.add(name);
    }
    const weight = variant.weight;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0) {
      check.report(join(path, 'weight'), 'must be a positive number');
    }
    const plain = 'parameters' in variant;
    const interleaved = 'interleave' in variant;
    if (plain === interleaved) {
      check.report(path, 'must have exactly one of parameters or interleave');
      return;
    }
    if (plain) {
      const ranker = parseRanker(check, variant, path, registry, options);
      if (ranker) variants.push({ name: name!, weight: weight as number, ...ranker });
      return;
    }
    if ('script' in variant)
      check.report(join(path, 'script'), 'belongs to each interleave ranker, not to the variant');
    const interleavePath = join(path, 'interleave');
    const interleave = check.object(variant.interleave, interleavePath, ['A', 'B']);
    if (!interleave) return;
    const rankers = (['A', 'B'] as const).map((team) => {
      const rankerPath = join(interleavePath, team);
      const ranker = check.object(interleave[team], rankerPath, ['parameters', 'script']);
      return ranker && parseRanker(check, ranker, rankerPath, registry, options);
    });
    const [A, B] = rankers;
    if (A && B) variants.push({ name: name!, weight: weight as number, interleave: { A, B } });
  });
  if (variants.length === raw.length) {
    // A weight so small next to the others that it rounds to no bucket would be a variant nobody can get.
    const ends = variantBucketEnds(variants.map((v) => v.weight));
    ends.forEach((end, i) => {
      if (end === (i === 0 ? 0 : ends[i - 1]))
        check.report(join(join('variants', i), 'weight'), 'is too small to get a bucket');
    });
  }
  return variants;
}

/** `parameters` (resolved against the registry, each problem reported by knob) and an optional known `script`. */
function parseRanker(
  check: FileChecker,
  raw: Record<string, unknown>,
  path: string,
  registry: ParameterRegistry<string> | undefined,
  options: ExperimentParserOptions,
): RankerDefinition | undefined {
  let ok = true;
  const parametersPath = join(path, 'parameters');
  const parameters = raw.parameters;
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
    check.report(parametersPath, 'must be an object of knob name → number');
    ok = false;
  } else if (registry) {
    try {
      registry.resolve(parameters as Record<string, unknown>);
    } catch (error) {
      if (!(error instanceof ParameterError)) throw error;
      for (const p of error.problems) check.report(parametersPath, `${p.parameter} ${p.message}`);
      ok = false;
    }
  }
  const script = raw.script;
  if (script !== undefined) {
    const knownScripts = options.knownScripts ?? [];
    if (typeof script !== 'string' || !knownScripts.includes(script)) {
      const known = knownScripts.length === 0 ? 'none' : knownScripts.join(', ');
      check.report(
        join(path, 'script'),
        `${JSON.stringify(script)} is not a known stored script (known: ${known})`,
      );
      ok = false;
    }
  }
  if (!ok || !registry) return undefined;
  return {
    parameters: { ...(parameters as Record<string, number>) },
    ...(script === undefined ? {} : { script: script as string }),
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
