/**
 * What an experiment file says, typed. The files live in `experiments/` at the repository root: `layers.json` and one
 * `<name>.json` per experiment; `experiment-validation.ts` turns their JSON into these (or lists every problem).
 */

/** The recommender's scenarios; each has its own parameter registry. */
export const SCENARIOS = ['travel', 'networking'] as const;
export type Scenario = (typeof SCENARIOS)[number];

/** What is randomised: a member, a whole city, or a city during one time window (switchback). */
export type UnitKind = 'member' | 'city' | 'switchback';

/** A switchback unit: the city's variant changes every `windowMinutes` (5 to 10,080, a week). */
export interface SwitchbackUnit {
  readonly type: 'switchback';
  readonly windowMinutes: number;
}

export type ExperimentUnit = 'member' | 'city' | SwitchbackUnit;

/** A layer: the buckets it is cut into are shared by its experiments, which never overlap (mutually exclusive). */
export interface LayerDefinition {
  /** `[a-z0-9-]{1,64}`; different layers hash differently, so layers are independent of each other. */
  readonly name: string;
  /** The share of units (0 to 0.5) held out of every experiment of the layer: its top buckets. */
  readonly holdout: number;
}

/** Knob name → value, checked against the scenario's `ParameterRegistry` when the file loads. */
export type ParameterOverrides = Readonly<Record<string, number>>;

/** One ranker: parameter overrides and, optionally, a stored script id (`<index>-<purpose>-v<N>`). */
export interface RankerDefinition {
  readonly parameters: ParameterOverrides;
  readonly script?: string;
}

/** A variant that changes parameters (and maybe the script) of the feed. */
export interface PlainVariantDefinition extends RankerDefinition {
  readonly name: string;
  readonly weight: number;
}

/** A variant that serves a team-draft interleaving of two rankers (Radlinski, Kurup & Joachims 2008). */
export interface InterleavedVariantDefinition {
  readonly name: string;
  readonly weight: number;
  readonly interleave: { readonly A: RankerDefinition; readonly B: RankerDefinition };
}

export type VariantDefinition = PlainVariantDefinition | InterleavedVariantDefinition;

/** The buckets of its layer an experiment takes: `[offset, offset + share)`, as shares of 1. */
export interface Allocation {
  readonly offset: number;
  readonly share: number;
}

/** One experiment file, `experiments/<name>.json`. */
export interface ExperimentDefinition {
  /** `[a-z0-9-]{1,64}`, the file's name without `.json`. */
  readonly name: string;
  /** A positive integer, bumped on every change, logged with each assignment. */
  readonly version: number;
  readonly description: string;
  readonly scenario: Scenario;
  readonly layer: string;
  /** Seeds the variant hash: a new salt reshuffles units across variants. */
  readonly salt: string;
  readonly unit: ExperimentUnit;
  readonly allocation: Allocation;
  /** ISO-8601 with a time zone (e.g. `2026-11-01T00:00:00Z`); the experiment runs in [start, end). */
  readonly start: string;
  readonly end?: string;
  readonly variants: readonly VariantDefinition[];
}

export function isInterleaved(variant: VariantDefinition): variant is InterleavedVariantDefinition {
  return 'interleave' in variant;
}

export function unitKindOf(unit: ExperimentUnit): UnitKind {
  return typeof unit === 'string' ? unit : unit.type;
}
