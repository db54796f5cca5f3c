import { ParameterDefinition, parameter } from '@app/pipeline';

/** A knob of a shared stage before it is given a scenario: its default, its bounds and what it does. */
export interface KnobDefinition {
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
  readonly description: string;
}

/** `<scenario>.<stage>.<knob>`, e.g. `travel.mmr.lambda`. */
export type ParameterName<S extends string, G extends string, K extends string> = `${S}.${G}.${K}`;

/** The parameter values of one request, as `ParameterRegistry.resolve` gives them. */
export type ParameterLookup = Readonly<Record<string, number>>;

/** Where a stage finds the request's parameter values in the query context. */
export type ParamsOf<C> = (context: C) => ParameterLookup | undefined;

/** The default `ParamsOf`: the context's `params` field, as the pipeline's README puts it (`{ ...signals, params }`). */
export function paramsField(context: unknown): ParameterLookup | undefined {
  if (typeof context !== 'object' || context === null) return undefined;
  const params = (context as { params?: unknown }).params;
  return typeof params === 'object' && params !== null ? (params as ParameterLookup) : undefined;
}

/**
 * The parameters of one stage for one scenario. Shared stages define their knobs once; each scenario gets its own
 * names (`travel.mmr.lambda`, `networking.mmr.lambda`) to add to its `ParameterRegistry`.
 */
export class StageParameters<S extends string, G extends string, K extends string> {
  readonly definitions: readonly ParameterDefinition<ParameterName<S, G, K>>[];
  private readonly knobs: readonly (readonly [K, ParameterDefinition<ParameterName<S, G, K>>])[];

  /** @throws ParameterError when the scenario is not a lower-camel-case word (the name would be invalid). */
  constructor(scenario: S, stage: G, knobs: Readonly<Record<K, KnobDefinition>>) {
    this.knobs = (Object.keys(knobs) as K[]).map(
      (knob) => [knob, parameter({ name: `${scenario}.${stage}.${knob}` as const, ...knobs[knob] })] as const,
    );
    this.definitions = Object.freeze(this.knobs.map(([, definition]) => definition));
  }

  /**
   * The knob values of one request: each from the request's parameters when given, else its default. Values are
   * clamped into their bounds (and rounded for whole-number knobs) so that a stage stays bounded even when it is
   * handed raw values; `ParameterRegistry.resolve` already refuses out-of-bounds overrides.
   */
  read(params: ParameterLookup | undefined): Readonly<Record<K, number>> {
    const values = {} as Record<K, number>;
    for (const [knob, d] of this.knobs) {
      const given = params?.[d.name];
      let value = typeof given === 'number' && Number.isFinite(given) ? given : d.default;
      if (d.integer) value = Math.round(value);
      values[knob] = Math.min(d.max, Math.max(d.min, value));
    }
    return values;
  }
}
