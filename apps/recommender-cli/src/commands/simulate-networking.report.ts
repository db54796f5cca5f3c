import { SimulationReport, VariantMetrics } from './simulate-networking.simulation';

/** The networking section of EVALUATION.md lives between these markers; the rest of the file is left alone. */
export const SECTION_BEGIN = '<!-- networking:begin (written by `npm run cli -- simulate networking`) -->';
export const SECTION_END = '<!-- networking:end -->';

/** The issue's targets. */
export const TARGETS = { gini: 0.35, seenDaily: 0.95, matchRatio: 0.9 } as const;

export interface TargetCheck {
  gini: boolean;
  seenDaily: boolean;
  matches: boolean;
}

export function checkTargets(report: SimulationReport): TargetCheck {
  const { full, relevanceOnly } = report;
  return {
    gini: full.dailyGini <= TARGETS.gini,
    seenDaily: full.seenDailyShare >= TARGETS.seenDaily,
    matches:
      full.matchesPerThousandImpressions >= TARGETS.matchRatio * relevanceOnly.matchesPerThousandImpressions,
  };
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const num = (x: number, digits = 2): string => x.toFixed(digits);
const verdict = (ok: boolean): string => (ok ? 'met' : '**missed**');

/** The section's markdown: the table, how it was measured, and the notes (tuning, reading the numbers). */
export function renderNetworkingSection(
  report: SimulationReport,
  command: string,
  notes: readonly string[],
): string {
  const { full, relevanceOnly: base, options } = report;
  const checks = checkTargets(report);
  const ratio =
    base.matchesPerThousandImpressions === 0
      ? 0
      : full.matchesPerThousandImpressions / base.matchesPerThousandImpressions;
  const row = (what: string, f: string, b: string, target: string) => `| ${what} | ${f} | ${b} | ${target} |`;
  const overrides = Object.entries(options.overrides);
  return [
    SECTION_BEGIN,
    '## Networking: marketplace health of the discovery feed',
    '',
    `Command: \`${command}\` (${report.seconds.toFixed(0)} s). The demo network (seed \`${options.seed}\`) in its ` +
      `${report.cities.length} largest cities (${report.cities.join(', ')}): ${report.networkSize} members, ` +
      `${report.visibleMembers} of them visible; ${options.days} simulated days of ` +
      `${options.roundsPerDay} rounds: each round every member who is not hidden asks for a page of ` +
      `${options.pageSize} and likes or passes each profile by the hidden tastes (the demo history's ` +
      '`sigmoid(−1 + 5 · interest)`); a like answering a like is a match. ' +
      `${full.joiners} members join during the run (${pct(options.joinShare)} of the visible ones, at the start of a day). ` +
      'The relevance-only ranker has the same sources and hard filters and ranks by the first-pass mutual score alone ' +
      '(no new-members quota, no exposure balancing, no diversity, no serendipity).',
    '',
    '| measure | full pipeline | relevance-only | target |',
    '|---|---|---|---|',
    row(
      'impression Gini, per day (mean over days)',
      num(full.dailyGini),
      num(base.dailyGini),
      `≤ ${TARGETS.gini}: ${verdict(checks.gini)}`,
    ),
    row('impression Gini, whole run', num(full.runGini), num(base.runGini), ''),
    row(
      'members with ≥ 1 impression per day (mean; worst day)',
      `${pct(full.seenDailyShare)}; ${pct(full.seenDailyMin)}`,
      `${pct(base.seenDailyShare)}; ${pct(base.seenDailyMin)}`,
      `≥ ${pct(TARGETS.seenDaily)}: ${verdict(checks.seenDaily)}`,
    ),
    row(
      'new members with ≥ 20 impressions on their first day',
      `${pct(full.newMembersReaching20)} of ${full.joiners}`,
      `${pct(base.newMembersReaching20)} of ${base.joiners}`,
      '',
    ),
    row(
      'matches per 1,000 impressions',
      `${num(full.matchesPerThousandImpressions)} (${full.matches})`,
      `${num(base.matchesPerThousandImpressions)} (${base.matches})`,
      `≥ 90% of relevance-only: ${pct(ratio)}, ${verdict(checks.matches)}`,
    ),
    row(
      'reciprocity of shown pairs (mean p(like) × p(like back))',
      num(full.reciprocity, 3),
      num(base.reciprocity, 3),
      '',
    ),
    row(
      'share of impressions to the 1% most shown',
      pct(full.topPercentShare),
      pct(base.topPercentShare),
      '',
    ),
    row(
      'requests; impressions',
      `${full.requests}; ${full.impressions}`,
      `${base.requests}; ${base.impressions}`,
      '',
    ),
    row('feed request p50 / p99 (in process)', latency(full), latency(base), ''),
    '',
    `Parameters: the feed's defaults${overrides.length === 0 ? '' : ` with ${overrides.map(([k, v]) => `\`${k}=${v}\``).join(', ')}`}` +
      ' (full pipeline; see `apps/recommender-api/src/networking/discovery-feed.pipeline.ts`).',
    '',
    ...notes.flatMap((note) => [`- ${note}`]),
    ...(notes.length > 0 ? [''] : []),
    SECTION_END,
  ].join('\n');
}

function latency(m: VariantMetrics): string {
  return `${m.latencyP50Ms.toFixed(1)} / ${m.latencyP99Ms.toFixed(1)} ms`;
}

/** The file with its networking section replaced (or appended; a new file gets a title). */
export function withNetworkingSection(existing: string | undefined, section: string): string {
  if (existing === undefined || existing.trim() === '') return `# Evaluation\n\n${section}\n`;
  const begin = existing.indexOf(SECTION_BEGIN);
  const end = existing.indexOf(SECTION_END);
  if (begin >= 0 && end > begin) {
    return existing.slice(0, begin) + section + existing.slice(end + SECTION_END.length);
  }
  return `${existing.replace(/\s*$/, '')}\n\n${section}\n`;
}
