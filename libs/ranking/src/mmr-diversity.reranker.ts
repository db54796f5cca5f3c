import type { Candidate, ParameterDefinition, Query, Reranker } from '@app/pipeline';
import { normalizedScores } from './similarity';
import { KnobDefinition, ParamsOf, ParameterName, StageParameters, paramsField } from './stage-parameters';

export const MMR_DIVERSITY_KNOBS = {
  lambda: {
    default: 0.7,
    min: 0,
    max: 1,
    description:
      'Relevance versus diversity: 1 keeps the relevance order, 0 picks only by dissimilarity. 0.7 leans on ' +
      'relevance, a common starting point until the offline evaluation tunes it.',
  },
  embeddingWeight: {
    default: 0.5,
    min: 0,
    max: 1,
    description:
      'Weight of embedding cosine in the similarity of two items; the rest is the Jaccard overlap of their ' +
      'categories. 0.5: neither signal trusted over the other until an offline sweep says otherwise.',
  },
  categoryCap: {
    default: 3,
    min: 1,
    max: 100,
    integer: true,
    description: 'At most this many items sharing a (capped) category within the first capWindow positions.',
  },
  capWindow: {
    default: 10,
    min: 0,
    max: 100,
    integer: true,
    description: 'How many leading positions the category cap covers (0 turns it off); 10: the first screen.',
  },
  depth: {
    default: 20,
    min: 1,
    max: 1000,
    integer: true,
    description:
      'Positions chosen greedily (at least the page size); the rest keep their order. Each page is ranked ' +
      'afresh, so only the first page-size positions are ever served (serendipity promotes by score, not by ' +
      'position), and positions beyond the page only cost time: 20, the default page size (50 at first).',
  },
} as const satisfies Record<string, KnobDefinition>;

export type MmrDiversityKnob = keyof typeof MMR_DIVERSITY_KNOBS;
export type MmrDiversityParameterName<S extends string> = ParameterName<S, 'mmr', MmrDiversityKnob>;

/** `<scenario>.mmr.*`: lambda, embeddingWeight, categoryCap, capWindow, depth. */
export function mmrDiversityParameters<S extends string>(
  scenario: S,
): readonly ParameterDefinition<MmrDiversityParameterName<S>>[] {
  return new StageParameters(scenario, 'mmr', MMR_DIVERSITY_KNOBS).definitions;
}

export interface MmrDiversityOptions<C, T, S extends string> {
  /** The parameter prefix, e.g. `travel` for `travel.mmr.lambda`. */
  readonly scenario: S;
  /** The item's embedding; undefined (or all zeros, or another length than the others) compares by categories only. */
  readonly embeddingOf: (item: T) => ArrayLike<number> | undefined;
  /** Labels compared by Jaccard overlap: a place's categories; a member's industries and city (e.g. `city:Porto`). */
  readonly categoriesOf: (item: T) => readonly string[];
  /** Labels the category cap counts; the same as `categoriesOf` when absent (e.g. industries only, not cities). */
  readonly cappedCategoriesOf?: (item: T) => readonly string[];
  /** Where the request's parameter values are; the context's `params` field by default. */
  readonly paramsOf?: ParamsOf<C>;
}

const NO_LABELS: readonly string[] = [];

/**
 * Greedy Maximal Marginal Relevance (Carbonell & Goldstein 1998): each next position takes the candidate with the
 * best `lambda · relevance − (1 − lambda) · max similarity to the items already chosen`. Relevance is the score
 * min-max normalised over the list; similarity is `w · max(0, cosine) + (1 − w) · Jaccard(categories)` (cosine
 * clamped at 0 so that opposite embeddings count as unrelated rather than as a bonus; categories only when an
 * embedding is missing). Within the first `capWindow` positions no more than `categoryCap` items share a capped
 * category; when every remaining candidate breaks the cap, the best of them is taken (the list never shrinks).
 *
 * It changes the order, not the scores. Norms are computed once; the picks are found by lazy greedy selection
 * (lazyGreedy below): the same picks as recomputing every candidate's value at every position, while most
 * candidates are compared with only a few of the chosen items.
 */
export class MmrDiversityReranker<C, T, S extends string = string> implements Reranker<C, T> {
  readonly name = 'MmrDiversity';
  readonly parameters: readonly ParameterDefinition<MmrDiversityParameterName<S>>[];
  private readonly knobs: StageParameters<S, 'mmr', MmrDiversityKnob>;
  private readonly paramsOf: ParamsOf<C>;

  constructor(private readonly options: MmrDiversityOptions<C, T, S>) {
    this.knobs = new StageParameters(options.scenario, 'mmr', MMR_DIVERSITY_KNOBS);
    this.parameters = this.knobs.definitions;
    this.paramsOf = options.paramsOf ?? paramsField;
  }

  rerank(q: Query<C>, candidates: readonly Candidate<T>[]): readonly Candidate<T>[] {
    const n = candidates.length;
    if (n <= 1) return candidates;
    const { lambda, embeddingWeight, categoryCap, capWindow, depth } = this.knobs.read(
      this.paramsOf(q.context),
    );
    const picks = Math.min(n, Math.max(depth, q.limit));
    const relevance = normalizedScores(candidates);
    const vectors = unitVectors(candidates, this.options.embeddingOf);
    const labels = new LabelIds();
    const categories = candidates.map((c) => labels.idsOf(this.options.categoriesOf(c.item) ?? NO_LABELS));
    const cappedOf = this.options.cappedCategoriesOf;
    const capped = cappedOf ? candidates.map((c) => labels.idsOf(cappedOf(c.item) ?? NO_LABELS)) : categories;
    const capCounts = new Int32Array(labels.size);

    const { unit, dim, has } = vectors;
    const similarity = (i: number, j: number): number => {
      const overlap = jaccardOfSorted(categories[i], categories[j]);
      if (!has[i] || !has[j]) return overlap;
      let dot = 0;
      const a = i * dim;
      const b = j * dim;
      for (let k = 0; k < dim; k++) dot += unit[a + k] * unit[b + k];
      return embeddingWeight * (dot > 0 ? dot : 0) + (1 - embeddingWeight) * overlap;
    };
    const picked = lazyGreedy(n, picks, {
      relevance: (i) => lambda * relevance[i],
      penalty: 1 - lambda,
      similarity,
      breaksCap: (i, position) => position < capWindow && breaksCap(capped[i], capCounts, categoryCap),
      onPick: (i, position) => {
        if (position < capWindow) for (const label of capped[i]) capCounts[label]++;
      },
    });
    const chosen = new Uint8Array(n);
    const order: Candidate<T>[] = [];
    for (const i of picked) {
      chosen[i] = 1;
      order.push(candidates[i]);
    }
    for (let i = 0; i < n; i++) if (!chosen[i]) order.push(candidates[i]);
    return order;
  }
}

/** How lazyGreedy scores candidate `i`: `relevance(i) − penalty · max similarity to the picks so far`. */
interface GreedyObjective {
  relevance(i: number): number;
  penalty: number;
  similarity(i: number, j: number): number;
  /** Whether `i` may not take `position` (the category cap); such candidates are taken only when all others are. */
  breaksCap(i: number, position: number): boolean;
  onPick(i: number, position: number): void;
}

/**
 * The first `picks` positions of greedy maximal marginal relevance: at each position the candidate of highest value
 * that does not break the cap (the lowest index among equals), else the highest-valued of those that do. A value
 * only falls as picks are added (its maximum similarity only grows), so a value computed against fewer picks is an
 * upper bound: candidates wait in a max-heap under their last value, and only the one on top is brought up to date;
 * once the top is up to date, no other can beat it (lazy greedy, Minoux 1978). Breaking the cap only gets worse
 * within a position window (counts only grow), so a candidate found breaking it is set aside until the cap lets it
 * back in or nothing else is left.
 */
export function lazyGreedy(n: number, picks: number, objective: GreedyObjective): number[] {
  const maxSimilarity = new Float64Array(n);
  const seen = new Int32Array(n); // how many picks each candidate's maxSimilarity covers
  const value = new Float64Array(n);
  for (let i = 0; i < n; i++) value[i] = objective.relevance(i) - objective.penalty * maxSimilarity[i];
  const picked: number[] = [];
  const bringUpToDate = (i: number): void => {
    for (let k = seen[i]; k < picked.length; k++) {
      const s = objective.similarity(i, picked[k]);
      if (s > maxSimilarity[i]) maxSimilarity[i] = s;
    }
    seen[i] = picked.length;
    value[i] = objective.relevance(i) - objective.penalty * maxSimilarity[i];
  };
  const heap = new CandidateHeap(value);
  for (let i = 0; i < n; i++) heap.push(i);
  let setAside: number[] = [];
  for (let position = 0; position < Math.min(picks, n); position++) {
    let best = -1;
    while (heap.size > 0) {
      const top = heap.pop();
      if (seen[top] < picked.length) {
        bringUpToDate(top);
        heap.push(top);
      } else if (objective.breaksCap(top, position)) {
        setAside.push(top);
      } else {
        best = top;
        break;
      }
    }
    if (best < 0) {
      // every remaining candidate breaks the cap: the best of them, by up-to-date value
      for (const i of setAside) bringUpToDate(i);
      for (const i of setAside)
        if (best < 0 || value[i] > value[best] || (value[i] === value[best] && i < best)) best = i;
      setAside = setAside.filter((i) => i !== best);
    }
    picked.push(best);
    objective.onPick(best, position);
    // those set aside may take the next position if the cap no longer holds it
    if (setAside.length > 0 && !setAside.every((i) => objective.breaksCap(i, position + 1))) {
      for (const i of setAside) heap.push(i);
      setAside = [];
    }
  }
  return picked;
}

/** A binary max-heap of candidate indices by `value` (the lower index first among equal values). */
class CandidateHeap {
  private readonly items: number[] = [];

  constructor(private readonly value: Float64Array) {}

  get size(): number {
    return this.items.length;
  }

  private above(a: number, b: number): boolean {
    const va = this.value[a];
    const vb = this.value[b];
    return va > vb || (va === vb && a < b);
  }

  push(i: number): void {
    const items = this.items;
    let at = items.length;
    items.push(i);
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.above(items[at], items[parent])) break;
      const swapped = items[at];
      items[at] = items[parent];
      items[parent] = swapped;
      at = parent;
    }
  }

  pop(): number {
    const items = this.items;
    const top = items[0];
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      let at = 0;
      for (;;) {
        const left = 2 * at + 1;
        const right = left + 1;
        let next = at;
        if (left < items.length && this.above(items[left], items[next])) next = left;
        if (right < items.length && this.above(items[right], items[next])) next = right;
        if (next === at) break;
        const swapped = items[at];
        items[at] = items[next];
        items[next] = swapped;
        at = next;
      }
    }
    return top;
  }
}

function breaksCap(labels: Int32Array, counts: Int32Array, cap: number): boolean {
  for (let k = 0; k < labels.length; k++) if (counts[labels[k]] >= cap) return true;
  return false;
}

/** Jaccard overlap of two sorted, duplicate-free label id lists, by a merge. */
function jaccardOfSorted(a: Int32Array, b: Int32Array): number {
  if (a.length === 0 && b.length === 0) return 0;
  let i = 0;
  let j = 0;
  let shared = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      shared++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return shared / (a.length + b.length - shared);
}

/** Labels as small integers, so overlaps are merges of sorted arrays rather than string hashing. */
class LabelIds {
  private readonly ids = new Map<string, number>();

  get size(): number {
    return this.ids.size;
  }

  /** The labels' ids, ascending, each once (a few labels per item: no Set, called for every candidate). */
  idsOf(labels: readonly string[]): Int32Array {
    const out = new Int32Array(labels.length);
    let n = 0;
    for (const label of labels) {
      let id = this.ids.get(label);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(label, id);
      }
      let seen = false;
      for (let k = 0; k < n && !seen; k++) seen = out[k] === id;
      if (!seen) out[n++] = id;
    }
    return (n === out.length ? out : out.slice(0, n)).sort();
  }
}

/** The embeddings as unit vectors in one packed array (so a cosine is a dot product); `has` marks usable ones. */
function unitVectors<T>(
  candidates: readonly Candidate<T>[],
  embeddingOf: (item: T) => ArrayLike<number> | undefined,
): { unit: Float64Array; dim: number; has: Uint8Array } {
  const n = candidates.length;
  const embeddings = candidates.map((c) => embeddingOf(c.item));
  const dim = embeddings.find((e) => e !== undefined && e.length > 0)?.length ?? 0;
  const unit = new Float64Array(n * dim);
  const has = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const e = embeddings[i];
    if (!e || e.length !== dim) continue;
    let norm = 0;
    for (let k = 0; k < dim; k++) norm += e[k] * e[k];
    if (!(norm > 0) || !Number.isFinite(norm)) continue;
    const scale = 1 / Math.sqrt(norm);
    for (let k = 0; k < dim; k++) unit[i * dim + k] = e[k] * scale;
    has[i] = 1;
  }
  return { unit, dim, has };
}
