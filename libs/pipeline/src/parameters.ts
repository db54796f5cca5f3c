import { ParameterError } from './errors';

/** A tunable knob of a stage, named `<scenario>.<stage>.<knob>` (e.g. `discovery.mmr.lambda`). */
export interface ParameterDefinition<N extends string = string> {
  readonly name: N;
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** The value must be a whole number (quotas, caps, counts). */
  readonly integer?: boolean;
  /** What it does and where its default came from. */
  readonly description: string;
}

/** The parameters of one request: every name defined, frozen. */
export type ParameterValues<N extends string> = { readonly [K in N]: number };

const NAME = /^[a-z][a-zA-Z0-9]*\.[a-z][a-zA-Z0-9]*\.[a-z][a-zA-Z0-9]*$/;

function definitionProblems(d: ParameterDefinition): string[] {
  const problems: string[] = [];
  const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (typeof d.name !== 'string' || !NAME.test(d.name))
    problems.push('is not named <scenario>.<stage>.<knob>');
  if (!isNumber(d.min) || !isNumber(d.max) || !isNumber(d.default)) {
    problems.push('needs finite numbers for default, min and max');
  } else {
    if (d.min > d.max) problems.push(`has min ${d.min} above max ${d.max}`);
    else if (d.default < d.min || d.default > d.max) {
      problems.push(`has default ${d.default} outside its bounds [${d.min}, ${d.max}]`);
    }
    if (d.integer && ![d.default, d.min, d.max].every(Number.isInteger)) {
      problems.push('is an integer parameter with a fractional default, min or max');
    }
  }
  if (typeof d.description !== 'string' || d.description.trim() === '') problems.push('has no description');
  return problems;
}

function valueProblem(d: ParameterDefinition, value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return `must be a finite number, got ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`;
  }
  if (d.integer && !Number.isInteger(value)) return `must be a whole number, got ${value}`;
  if (value < d.min || value > d.max) return `= ${value} is out of its bounds [${d.min}, ${d.max}]`;
  return undefined;
}

/**
 * One definition, checked at once (name, bounds, default inside them) so a bad one fails at import.
 * @throws ParameterError
 */
export function parameter<const N extends string>(
  definition: ParameterDefinition<N>,
): ParameterDefinition<N> {
  const problems = definitionProblems(definition);
  if (problems.length > 0) {
    throw new ParameterError(problems.map((message) => ({ parameter: String(definition.name), message })));
  }
  return Object.freeze({ ...definition });
}

/**
 * The typed, bounded parameters of a scenario. Immutable: `with` returns a larger registry.
 * `resolve` gives each request its values, defaults overridden by experiments.
 */
export class ParameterRegistry<N extends string = never> {
  private readonly byName: ReadonlyMap<string, ParameterDefinition>;
  private readonly defaults: ParameterValues<N>;

  /** @throws ParameterError on a bad definition or a name defined twice. */
  constructor(definitions: readonly ParameterDefinition<N>[] = []) {
    const byName = new Map<string, ParameterDefinition>();
    const problems: { parameter: string; message: string }[] = [];
    for (const d of definitions) {
      for (const message of definitionProblems(d)) problems.push({ parameter: String(d.name), message });
      if (byName.has(d.name)) problems.push({ parameter: d.name, message: 'is defined twice' });
      byName.set(d.name, Object.freeze({ ...d }));
    }
    if (problems.length > 0) throw new ParameterError(problems);
    this.byName = byName;
    const defaults: Record<string, number> = {};
    for (const d of byName.values()) defaults[d.name] = d.default;
    this.defaults = Object.freeze(defaults) as ParameterValues<N>;
  }

  /** A registry with these definitions added. @throws ParameterError */
  with<M extends string>(...definitions: readonly ParameterDefinition<M>[]): ParameterRegistry<N | M> {
    return new ParameterRegistry<N | M>([
      ...(this.byName.values() as Iterable<ParameterDefinition<N>>),
      ...definitions,
    ]);
  }

  get definitions(): readonly ParameterDefinition<N>[] {
    return [...this.byName.values()] as ParameterDefinition<N>[];
  }

  has(name: string): name is N {
    return this.byName.has(name);
  }

  /**
   * The values for one request: the defaults with these overrides, frozen. Every unknown or out-of-bounds override
   * is reported at once, by name; experiments call this when their file loads to reject bad variants early.
   * @throws ParameterError
   */
  resolve(overrides: Readonly<Record<string, unknown>> = {}): ParameterValues<N> {
    const names = Object.keys(overrides);
    if (names.length === 0) return this.defaults;
    const problems: { parameter: string; message: string }[] = [];
    for (const name of names) {
      const definition = this.byName.get(name);
      const problem = definition ? valueProblem(definition, overrides[name]) : 'is unknown';
      if (problem) problems.push({ parameter: name, message: problem });
    }
    if (problems.length > 0) throw new ParameterError(problems);
    return Object.freeze({ ...this.defaults, ...overrides }) as ParameterValues<N>;
  }
}
