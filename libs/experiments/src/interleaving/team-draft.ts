/**
 * Team-draft interleaving and its credit (Radlinski, Kurup & Joachims, "How does clickthrough data reflect retrieval
 * quality?", CIKM 2008), with the preference statistic of Chapelle, Joachims, Radlinski & Yue, "Large-scale validation
 * and analysis of interleaved search evaluation", ACM TOIS 2012.
 */

export type Team = 'A' | 'B';
export type InterleavingOutcome = Team | 'tie' | 'none';

export interface InterleavedList {
  readonly ids: string[];
  /** `teams[i]` is the ranker that contributed `ids[i]`; clicks on it are credited to that ranker. */
  readonly teams: Team[];
}

/**
 * Like captains picking teams: the team with fewer picks so far picks next (a coin flip from `random` on a tie), and
 * adds its highest-ranked item not already shown. A team whose list is used up lets the other pick. Stops at `length`
 * items or when both lists are used up.
 */
export function teamDraftInterleave(
  rankingA: readonly string[],
  rankingB: readonly string[],
  length: number,
  random: () => number,
): InterleavedList {
  const ids: string[] = [];
  const teams: Team[] = [];
  const shown = new Set<string>();
  let nextA = 0;
  let nextB = 0;
  let picksA = 0;
  let picksB = 0;
  const skipShown = () => {
    while (nextA < rankingA.length && shown.has(rankingA[nextA])) nextA++;
    while (nextB < rankingB.length && shown.has(rankingB[nextB])) nextB++;
  };
  skipShown();
  while (ids.length < length && (nextA < rankingA.length || nextB < rankingB.length)) {
    let team: Team;
    if (nextA >= rankingA.length) team = 'B';
    else if (nextB >= rankingB.length) team = 'A';
    else if (picksA !== picksB) team = picksA < picksB ? 'A' : 'B';
    else team = random() < 0.5 ? 'A' : 'B';
    const id = team === 'A' ? rankingA[nextA] : rankingB[nextB];
    if (team === 'A') picksA++;
    else picksB++;
    ids.push(id);
    teams.push(team);
    shown.add(id);
    skipShown();
  }
  return { ids, teams };
}

/**
 * Which ranker won one impression: the team with more clicked positions (0-based indexes into `teams`; duplicates and
 * positions outside the list are ignored). Equal and nonzero is a tie; no clicks is none.
 */
export function interleavingOutcome(
  teams: readonly Team[],
  creditedPositions: Iterable<number>,
): InterleavingOutcome {
  let clicksA = 0;
  let clicksB = 0;
  for (const position of new Set(creditedPositions)) {
    const team = teams[position];
    if (team === 'A') clicksA++;
    else if (team === 'B') clicksB++;
  }
  if (clicksA === 0 && clicksB === 0) return 'none';
  return clicksA > clicksB ? 'A' : clicksB > clicksA ? 'B' : 'tie';
}

export interface InterleavingPreference {
  readonly impressions: number;
  /** Impressions with at least one credited click: the only ones that say anything. */
  readonly withClicks: number;
  readonly winsA: number;
  readonly winsB: number;
  readonly ties: number;
  /** Above 0: users prefer A. NaN without impressions with clicks. */
  readonly deltaAB: number;
  /** 95% interval of deltaAB; NaN with fewer than two impressions with clicks. */
  readonly ci95: readonly [number, number];
}

/** z for a two-sided 95% interval, the 0.975 quantile of the standard normal. */
const Z_975 = 1.959963984540054;

/**
 * ΔAB = (winsA + ties / 2) / (winsA + winsB + ties) − 0.5 (Chapelle et al. 2012, section 3.2). The interval is the
 * normal approximation over the per-impression scores s = 1 (A won), 0.5 (tie), 0 (B won) of the n impressions with
 * clicks: ΔAB ± 1.96 · sd(s) / √n, with the sample standard deviation (n − 1).
 */
export function interleavingPreference(outcomes: readonly InterleavingOutcome[]): InterleavingPreference {
  let winsA = 0;
  let winsB = 0;
  let ties = 0;
  for (const outcome of outcomes) {
    if (outcome === 'A') winsA++;
    else if (outcome === 'B') winsB++;
    else if (outcome === 'tie') ties++;
  }
  const n = winsA + winsB + ties;
  const mean = (winsA + ties / 2) / n;
  const deltaAB = mean - 0.5;
  let ci95: [number, number] = [NaN, NaN];
  if (n >= 2) {
    const squares = winsA * (1 - mean) ** 2 + ties * (0.5 - mean) ** 2 + winsB * mean ** 2;
    const half = Z_975 * Math.sqrt(squares / (n - 1) / n);
    ci95 = [deltaAB - half, deltaAB + half];
  }
  return { impressions: outcomes.length, withClicks: n, winsA, winsB, ties, deltaAB, ci95 };
}
