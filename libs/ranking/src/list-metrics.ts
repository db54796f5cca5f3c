import { cosine } from './similarity';

/**
 * Offline metrics of ranked lists, for the evaluation and the networking simulation. Pure functions; each states
 * its convention, since the literature has several.
 */

/** Graded relevance by id (0 or absent: not relevant). */
export type Relevance = ReadonlyMap<string, number>;

/**
 * Intra-list diversity: the mean over all pairs of `1 − cosine` of their embeddings (the complement of the
 * intra-list similarity of Ziegler et al. 2005, averaged over pairs). 0 for fewer than two items. A zero vector
 * counts as unrelated to every other (cosine 0).
 */
export function intraListDiversity(embeddings: readonly ArrayLike<number>[]): number {
  const n = embeddings.length;
  if (n < 2) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) total += 1 - cosine(embeddings[i], embeddings[j]);
  }
  return total / ((n * (n - 1)) / 2);
}

/** Catalog coverage: the share of the catalog's items that appear in at least one of the lists. */
export function catalogCoverage(lists: Iterable<Iterable<string>>, catalogSize: number): number {
  if (!(catalogSize > 0)) throw new RangeError(`catalogSize must be positive, got ${catalogSize}`);
  const shown = new Set<string>();
  for (const list of lists) for (const id of list) shown.add(id);
  return Math.min(1, shown.size / catalogSize);
}

/**
 * The Gini coefficient of a distribution of counts (e.g. impressions per member, zeros included): 0 when every
 * count is the same, `(n − 1) / n` when one holds everything. The population convention,
 * `G = Σᵢ Σⱼ |xᵢ − xⱼ| / (2 n² μ)`, computed on the sorted counts as `2 Σᵢ i·x₍ᵢ₎ / (n Σ x) − (n + 1) / n`
 * (i from 1, ascending). So [1, 1, 1, 1] → 0 and [0, 0, 0, 4] → 0.75. 0 for an empty or all-zero distribution.
 * @throws RangeError on a negative or non-finite count
 */
export function gini(counts: readonly number[]): number {
  const n = counts.length;
  if (n === 0) return 0;
  const sorted = Float64Array.from(counts);
  for (const x of sorted) {
    if (!(x >= 0) || !Number.isFinite(x)) throw new RangeError(`counts must be finite and ≥ 0, got ${x}`);
  }
  sorted.sort();
  let sum = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    sum += sorted[i];
    weighted += (i + 1) * sorted[i];
  }
  if (sum === 0) return 0;
  return Math.max(0, (2 * weighted) / (n * sum) - (n + 1) / n);
}

/**
 * nDCG@k with linear gain (Järvelin & Kekäläinen 2002; scikit-learn's `ndcg_score` uses the same):
 * `DCG@k = Σ_{i=1..k} rel(i) / log₂(i + 1)`, divided by the DCG@k of the ideal order of every graded item.
 * 0 when nothing is relevant.
 */
export function ndcgAtK(ranked: readonly string[], relevance: Relevance, k: number): number {
  checkK(k);
  let dcg = 0;
  const depth = Math.min(k, ranked.length);
  for (let i = 0; i < depth; i++) dcg += gainOf(relevance, ranked[i]) / Math.log2(i + 2);
  const ideal = [...relevance.values()].filter((g) => g > 0).sort((a, b) => b - a);
  let idcg = 0;
  for (let i = 0; i < Math.min(k, ideal.length); i++) idcg += ideal[i] / Math.log2(i + 2);
  return idcg === 0 ? 0 : dcg / idcg;
}

/**
 * Precision@k: the share of the first k positions holding a relevant item: a grade above 0 and at least
 * `minGrade` (default 0: any positive grade). Divided by k even when the list is shorter: empty positions are not
 * relevant.
 */
export function precisionAtK(
  ranked: readonly string[],
  relevance: Relevance,
  k: number,
  minGrade = 0,
): number {
  checkK(k);
  let hits = 0;
  const depth = Math.min(k, ranked.length);
  for (let i = 0; i < depth; i++) {
    const grade = gainOf(relevance, ranked[i]);
    if (grade > 0 && grade >= minGrade) hits++;
  }
  return hits / k;
}

function gainOf(relevance: Relevance, id: string): number {
  const grade = relevance.get(id) ?? 0;
  return grade > 0 ? grade : 0;
}

function checkK(k: number): void {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a whole number ≥ 1, got ${k}`);
}
