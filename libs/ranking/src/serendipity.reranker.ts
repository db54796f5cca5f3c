import { Candidate, ParameterDefinition, Query, Reranker, withReason } from '@app/pipeline';
import { normalizedScores } from './similarity';
import { KnobDefinition, ParamsOf, ParameterName, StageParameters, paramsField } from './stage-parameters';

export const SERENDIPITY_KNOBS = {
  interval: {
    default: 5,
    min: 2,
    max: 50,
    integer: true,
    description:
      'Every interval-th position of the page (5: positions 5, 10, 15, …) is kept for something different.',
  },
  maxShare: {
    default: 0.2,
    min: 0,
    max: 0.5,
    description:
      'At most this share of the page (rounded down) goes to serendipitous items, whatever the interval; ' +
      '0.2 matches one in five and leaves four in five to relevance.',
  },
  minRelevance: {
    default: 0.5,
    min: 0,
    max: 1,
    description:
      'Only candidates whose score, min-max normalised over the list, is at least this may be promoted: ' +
      'different, but still good.',
  },
} as const satisfies Record<string, KnobDefinition>;

export type SerendipityKnob = keyof typeof SERENDIPITY_KNOBS;
export type SerendipityParameterName<S extends string> = ParameterName<S, 'serendipity', SerendipityKnob>;

/** `<scenario>.serendipity.*`: interval, maxShare, minRelevance. */
export function serendipityParameters<S extends string>(
  scenario: S,
): readonly ParameterDefinition<SerendipityParameterName<S>>[] {
  return new StageParameters(scenario, 'serendipity', SERENDIPITY_KNOBS).definitions;
}

export interface SerendipityOptions<C, T, S extends string> {
  readonly scenario: S;
  /** A place's categories; a member's industries. */
  readonly categoriesOf: (item: T) => readonly string[];
  /** The member's usual (top) categories, from the query context; none known turns the stage off. */
  readonly usualCategoriesOf: (context: C) => Iterable<string> | undefined;
  /** The reason a promoted item carries; default "Something different". */
  readonly reason?: string;
  readonly paramsOf?: ParamsOf<C>;
}

export const SOMETHING_DIFFERENT = 'Something different';

/**
 * Keeps a bounded share of the page for good candidates outside the member's usual categories: at every
 * `interval`-th position of the page, at most `floor(maxShare · page size)` of them, the best remaining candidate
 * (by score) none of whose categories is a usual one and whose normalised score is at least `minRelevance` takes
 * the position, with a reason. Everything else keeps its order; scores are not changed. Deterministic, so pages of
 * one feed agree. Candidates without categories are never counted as different (we do not know that they are).
 */
export class SerendipityReranker<C, T, S extends string = string> implements Reranker<C, T> {
  readonly name = 'Serendipity';
  readonly parameters: readonly ParameterDefinition<SerendipityParameterName<S>>[];
  private readonly knobs: StageParameters<S, 'serendipity', SerendipityKnob>;
  private readonly paramsOf: ParamsOf<C>;
  private readonly reason: string;

  constructor(private readonly options: SerendipityOptions<C, T, S>) {
    this.knobs = new StageParameters(options.scenario, 'serendipity', SERENDIPITY_KNOBS);
    this.parameters = this.knobs.definitions;
    this.paramsOf = options.paramsOf ?? paramsField;
    this.reason = options.reason ?? SOMETHING_DIFFERENT;
  }

  rerank(q: Query<C>, candidates: readonly Candidate<T>[]): readonly Candidate<T>[] {
    const n = candidates.length;
    const { interval, maxShare, minRelevance } = this.knobs.read(this.paramsOf(q.context));
    const pageLength = Math.min(n, q.limit);
    const maxSlots = Math.floor(maxShare * pageLength + 1e-9);
    if (maxSlots === 0 || pageLength < interval) return candidates;
    const usual = new Set(this.options.usualCategoriesOf(q.context) ?? []);
    if (usual.size === 0) return candidates;

    const relevance = normalizedScores(candidates);
    const pool: number[] = [];
    for (let i = 0; i < n; i++) {
      const categories = this.options.categoriesOf(candidates[i].item) ?? [];
      const different = categories.length > 0 && !categories.some((c) => usual.has(c));
      if (different && relevance[i] >= minRelevance) pool.push(i);
    }
    if (pool.length === 0) return candidates;
    pool.sort((a, b) => candidates[b].score - candidates[a].score || a - b);

    const placed = new Uint8Array(n);
    const out: Candidate<T>[] = [];
    let next = 0;
    let fromPool = 0;
    let slots = 0;
    for (let position = 1; position <= n; position++) {
      if (position <= pageLength && position % interval === 0 && slots < maxSlots) {
        while (fromPool < pool.length && placed[pool[fromPool]]) fromPool++;
        if (fromPool < pool.length) {
          const i = pool[fromPool++];
          placed[i] = 1;
          slots++;
          out.push(withReason(candidates[i], this.reason));
          continue;
        }
      }
      while (placed[next]) next++;
      placed[next] = 1;
      out.push(candidates[next]);
    }
    return out;
  }
}
