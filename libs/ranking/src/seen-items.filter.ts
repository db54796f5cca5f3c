import { Candidate, Filter, FilterResult, ParameterDefinition, Query, partition } from '@app/pipeline';
import { KnobDefinition, ParamsOf, ParameterName, StageParameters, paramsField } from './stage-parameters';

export const SEEN_ITEMS_KNOBS = {
  maxCount: {
    default: 3,
    min: 0,
    max: 1000,
    integer: true,
    description:
      'An item seen more than this many times within the seen window is left out: shown three times without ' +
      'a reaction, it is not going to get one.',
  },
} as const satisfies Record<string, KnobDefinition>;

export type SeenItemsKnob = keyof typeof SEEN_ITEMS_KNOBS;
export type SeenItemsParameterName<S extends string> = ParameterName<S, 'seen', SeenItemsKnob>;

/** `<scenario>.seen.maxCount`. */
export function seenItemsParameters<S extends string>(
  scenario: S,
): readonly ParameterDefinition<SeenItemsParameterName<S>>[] {
  return new StageParameters(scenario, 'seen', SEEN_ITEMS_KNOBS).definitions;
}

export interface SeenItemsOptions<C, S extends string> {
  readonly scenario: S;
  /** How often the member saw each id recently (from the signal store's seen window); absent ids: never. */
  readonly seenCountsOf: (context: C) => ReadonlyMap<string, number> | undefined;
  readonly paramsOf?: ParamsOf<C>;
}

/** Leaves out the items the member has seen more than `maxCount` times recently; `removed` lists them. */
export class SeenItemsFilter<C, T, S extends string = string> implements Filter<C, T> {
  readonly name = 'SeenItems';
  readonly parameters: readonly ParameterDefinition<SeenItemsParameterName<S>>[];
  private readonly knobs: StageParameters<S, 'seen', SeenItemsKnob>;
  private readonly paramsOf: ParamsOf<C>;

  constructor(private readonly options: SeenItemsOptions<C, S>) {
    this.knobs = new StageParameters(options.scenario, 'seen', SEEN_ITEMS_KNOBS);
    this.parameters = this.knobs.definitions;
    this.paramsOf = options.paramsOf ?? paramsField;
  }

  split(q: Query<C>, candidates: readonly Candidate<T>[]): FilterResult<T> {
    const seen = this.options.seenCountsOf(q.context);
    if (!seen || seen.size === 0) return { kept: candidates, removed: [] };
    const { maxCount } = this.knobs.read(this.paramsOf(q.context));
    return partition(candidates, (c) => !((seen.get(c.id) ?? 0) > maxCount));
  }
}
