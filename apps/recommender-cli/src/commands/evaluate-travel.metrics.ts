import { Relevance, catalogCoverage, intraListDiversity, ndcgAtK, precisionAtK } from '@app/ranking';
import { mulberry32 } from '../demo/seeded-random';

/**
 * The figures of the travel evaluation, pure: lists in, a table out. Relevance is the demo generator's hidden
 * utility of a place for a member (`placeUtility`), graded as is (negative: 0).
 */

/** Positions scored. */
export const EVALUATION_K = 20;
/**
 * A place is relevant (for precision) when its hidden utility is at least this: the generator's members like such a
 * place more often than not (P(like) = sigmoid(−1.5 + 5 × utility) ≥ 0.5).
 */
export const RELEVANT_UTILITY = 0.3;

/** One member's list from one system, with what scoring it needs. */
export interface RankedList {
  readonly ids: readonly string[];
  /** Hidden utility of every candidate place of the member's area (absent: not a candidate). */
  readonly utility: ReadonlyMap<string, number>;
  readonly embeddingOf: (id: string) => ArrayLike<number>;
  readonly isNew: (id: string) => boolean;
}

export interface SystemFigures {
  readonly system: string;
  readonly lists: number;
  readonly ndcg: number;
  readonly precision: number;
  readonly ild: number;
  readonly coverage: number;
  readonly newShare: number;
  /** Mean list length (a feed may be shorter than k when few places match). */
  readonly length: number;
}

/** Graded relevance for nDCG: the utility where positive. */
export function gradesOf(utility: ReadonlyMap<string, number>): Relevance {
  const grades = new Map<string, number>();
  for (const [id, u] of utility) if (u > 0) grades.set(id, u);
  return grades;
}

/** Means over the lists of nDCG@k, precision@k (utility ≥ RELEVANT_UTILITY), ILD and the share of new places. */
export function systemFigures(
  system: string,
  lists: readonly RankedList[],
  catalogSize: number,
): SystemFigures {
  let ndcg = 0;
  let precision = 0;
  let ild = 0;
  let fresh = 0;
  let shown = 0;
  for (const list of lists) {
    const top = list.ids.slice(0, EVALUATION_K);
    const grades = gradesOf(list.utility);
    ndcg += ndcgAtK(top, grades, EVALUATION_K);
    precision += precisionAtK(top, grades, EVALUATION_K, RELEVANT_UTILITY);
    ild += intraListDiversity(top.map((id) => list.embeddingOf(id)));
    fresh += top.filter((id) => list.isNew(id)).length;
    shown += top.length;
  }
  const n = Math.max(1, lists.length);
  return {
    system,
    lists: lists.length,
    ndcg: ndcg / n,
    precision: precision / n,
    ild: ild / n,
    coverage:
      catalogSize > 0
        ? catalogCoverage(
            lists.map((l) => l.ids.slice(0, EVALUATION_K)),
            catalogSize,
          )
        : 0,
    newShare: shown === 0 ? 0 : fresh / shown,
    length: shown / n,
  };
}

/** The `count` ids with the highest key, highest first (ties by id, so that baselines are deterministic). */
export function topBy(ids: readonly string[], key: (id: string) => number, count: number): string[] {
  return [...ids]
    .map((id) => ({ id, k: key(id) }))
    .sort((a, b) => b.k - a.k || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, count)
    .map((x) => x.id);
}

/** A seeded shuffle (Fisher–Yates over mulberry32), the first `count`. */
export function randomSample(ids: readonly string[], seed: number, count: number): string[] {
  const random = mulberry32(seed);
  const out = [...ids];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out.slice(0, count);
}

/** The section markers in EVALUATION.md: the travel section is rewritten between them, the rest is kept. */
export const TRAVEL_SECTION_START = '<!-- travel-evaluation:start -->';
export const TRAVEL_SECTION_END = '<!-- travel-evaluation:end -->';

/** The document with the travel section replaced (or appended, or a new document when there is none). */
export function withTravelSection(document: string | undefined, section: string): string {
  const block = `${TRAVEL_SECTION_START}\n${section.trim()}\n${TRAVEL_SECTION_END}`;
  if (document === undefined || document.trim() === '') return `# Offline evaluation\n\n${block}\n`;
  const start = document.indexOf(TRAVEL_SECTION_START);
  const end = document.indexOf(TRAVEL_SECTION_END);
  if (start >= 0 && end > start) {
    return document.slice(0, start) + block + document.slice(end + TRAVEL_SECTION_END.length);
  }
  return `${document.trimEnd()}\n\n${block}\n`;
}

export function formatFigures(f: SystemFigures): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return `| ${f.system} | ${f.lists} | ${f.ndcg.toFixed(3)} | ${f.precision.toFixed(3)} | ${f.ild.toFixed(3)} | ${pct(f.coverage)} | ${pct(f.newShare)} |`;
}

export const FIGURES_HEADER = [
  '| system | lists | nDCG@20 | precision@20 | intra-list diversity | catalog coverage | new places shown |',
  '|---|---|---|---|---|---|---|',
];
