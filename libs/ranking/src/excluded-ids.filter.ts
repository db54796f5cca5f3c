import { Candidate, Filter, FilterResult, Query, partition } from '@app/pipeline';

/** One set of ids, or several (hidden, passed, blocked, …) checked in turn without building their union. */
export type IdSets = ReadonlySet<string> | readonly ReadonlySet<string>[];

export interface ExcludedIdsOptions<C> {
  /** The ids to leave out, from the query context. */
  readonly excludedOf: (context: C) => IdSets | undefined;
  /**
   * The stage name (PascalCase, no kind suffix), when a pipeline has more than one of these filters or wants
   * its logs to say what they leave out, e.g. 'Hidden' and 'Blocked'. Default 'ExcludedIds'.
   */
  readonly name?: string;
}

/** Leaves out candidates whose id is in the context's excluded sets (hidden, passed, blocked); `removed` lists them. */
export class ExcludedIdsFilter<C, T> implements Filter<C, T> {
  readonly name: string;

  constructor(private readonly options: ExcludedIdsOptions<C>) {
    this.name = options.name ?? 'ExcludedIds';
  }

  split(q: Query<C>, candidates: readonly Candidate<T>[]): FilterResult<T> {
    const excluded = this.options.excludedOf(q.context);
    const sets =
      excluded === undefined ? [] : isSet(excluded) ? [excluded] : excluded.filter((s) => s.size > 0);
    if (sets.length === 0) return { kept: candidates, removed: [] };
    if (sets.length === 1) {
      const [only] = sets;
      return partition(candidates, (c) => !only.has(c.id));
    }
    return partition(candidates, (c) => !sets.some((s) => s.has(c.id)));
  }
}

function isSet(ids: IdSets): ids is ReadonlySet<string> {
  return !Array.isArray(ids);
}
