import { InterferenceRow, signed, verdictOf } from './experiment-simulate.interference';
import { ExperimentSimulation, RUNS, RUN_LABELS } from './experiment-simulate.simulation';

/** The section of EVALUATION.md this command owns lives between these markers; the rest of the file is left alone. */
export const EXPERIMENT_SECTION_BEGIN =
  '<!-- experiment-simulate:begin (written by `npm run cli -- experiment simulate`) -->';
export const EXPERIMENT_SECTION_END = '<!-- experiment-simulate:end -->';

/** Run settings the section states. */
export interface ExperimentRunSettings {
  command: string;
  seed: string;
  network: number;
  days: number;
  roundsPerDay: number;
  pageSize: number;
  joinShare: number;
  /** Every member keeps to people within this many km (closed city markets); undefined: the demo's preferences. */
  localMarketKm?: number;
  /** The variants' parameters, for the reader. */
  controlParameters: Readonly<Record<string, number>>;
  treatmentParameters: Readonly<Record<string, number>>;
}

/** `estimate ± half-width` of a 95% interval. */
export function withInterval(difference: number, ci: readonly [number, number], digits: number): string {
  if (Number.isNaN(ci[0])) return `${signed(difference, digits)} (no interval)`;
  return `${signed(difference, digits)} ± ${((ci[1] - ci[0]) / 2).toFixed(digits)}`;
}

/**
 * The table: measure | A → B | true effect | each estimate ± half its 95% interval (member-level, city-level, then
 * both after CUPED).
 */
export function interferenceTable(rows: readonly InterferenceRow[]): string[] {
  return [
    '| measure (per member) | everyone control → everyone treatment | true effect (B − A) | member-level estimate | ' +
      'city-level estimate | member-level, CUPED | city-level, CUPED |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((row) => {
      const d = row.measure.digits;
      const estimate = (e: { difference: number; ci95: readonly [number, number] }) =>
        withInterval(e.difference, e.ci95, d);
      return (
        `| ${row.measure.label} | ${row.allControlMean.toFixed(d)} → ${row.allTreatmentMean.toFixed(d)} | ` +
        `${signed(row.trueEffect, d)} | ${estimate(row.memberLevel)} | ${estimate(row.cityLevel)} | ` +
        `${estimate(row.memberLevelCuped)} | ${estimate(row.cityLevelCuped)} |`
      );
    }),
  ];
}

/** Why the estimates miss: each arm of each randomised run against the whole world of its own variant. */
export function spilloverTable(rows: readonly InterferenceRow[]): string[] {
  return [
    '| measure (per member) | by member: treated vs everyone treatment | by member: control vs everyone control | ' +
      'by city: treated vs everyone treatment | by city: control vs everyone control |',
    '|---|---|---|---|---|',
    ...rows.map((row) => {
      const d = row.measure.digits;
      return (
        `| ${row.measure.label} | ${signed(row.memberSpillover.treated, d)} | ${signed(row.memberSpillover.control, d)} | ` +
        `${signed(row.citySpillover.treated, d)} | ${signed(row.citySpillover.control, d)} |`
      );
    }),
  ];
}

const parametersText = (parameters: Readonly<Record<string, number>>): string => {
  const entries = Object.entries(parameters);
  return entries.length === 0 ? "the feed's defaults" : entries.map(([k, v]) => `\`${k}=${v}\``).join(', ');
};

/** The section's markdown: the command, the setup, the table, a verdict per measure, and the findings. */
export function renderExperimentSection(
  result: ExperimentSimulation,
  settings: ExperimentRunSettings,
  findings: readonly string[],
): string {
  const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
  const runFigures = RUNS.map((run) => {
    const m = result.runs[run];
    return (
      `| ${RUN_LABELS[run]} | ${m.impressions} | ${m.matches} | ${m.matchesPerThousandImpressions.toFixed(1)} | ` +
      `${m.dailyGini.toFixed(3)} | ${pct(m.seenDailyShare)} | ${pct(m.topPercentShare)} | ${m.seconds.toFixed(0)} s |`
    );
  });
  const first = result.rows[0];
  return [
    EXPERIMENT_SECTION_BEGIN,
    '## Online experiments: member-level against city-level randomisation (simulated)',
    '',
    `Command: \`${settings.command}\` (${result.seconds.toFixed(0)} s on 2 cores).`,
    '',
    `Experiment \`${result.experiment}\` (salt \`${result.salt}\`): control \`${result.control}\` ` +
      `(${parametersText(settings.controlParameters)}) against \`${result.treatment}\` ` +
      `(${parametersText(settings.treatmentParameters)}). The marketplace simulation of \`simulate networking\` ` +
      `(demo network of ${settings.network.toLocaleString('en-US')} members, seed \`${settings.seed}\`) in its ` +
      `${result.cities.length} largest cities (${result.cities.join(', ')}): ${result.members} members browse, ` +
      `${settings.days} days × ${settings.roundsPerDay} rounds of pages of ${settings.pageSize}, ` +
      `${pct(settings.joinShare)} of them joining during the run. The same world runs four times with the same ` +
      'seed and the same random draw per pair, so the runs differ only in who gets which parameters: everyone on the ' +
      'control (A), everyone on the treatment (B), each member 50/50 by the hash of salt and member id ' +
      `(${result.treatedMembers} treated, ${result.members - result.treatedMembers} control), and each city 50/50 by ` +
      `the hash of salt and city (${result.treatedCities.length} treated: ${result.treatedCities.join(', ') || 'none'}). ` +
      'A viewer on the treatment gets pages ranked with its parameters; the measures are per member, over everyone ' +
      'who browsed. ' +
      (settings.localMarketKm === undefined
        ? `Cities are not closed markets here: ${pct(result.otherCityShare)} of the impressions of the ` +
          "everyone-control run showed a member of another city than the viewer's (the feed has no same-city " +
          'filter; only members with a hard distance preference are kept near).'
        : `Each city is a closed market: every member keeps to people within ${settings.localMarketKm} km (a hard ` +
          `distance preference, both ways; the cities are far apart), and ${pct(result.otherCityShare)} of the ` +
          "impressions of the everyone-control run showed a member of another city than the viewer's."),
    '',
    ...interferenceTable(result.rows),
    '',
    'Estimates are ± half their 95% interval. True effect: mean of B minus mean of A. Member-level: treated members ' +
      'minus control members of the member-randomised run, Welch over members (what a member-randomised experiment ' +
      'reports). City-level: `clusterLevelDifference` over the cities of the city-randomised run (each city one value, ' +
      `the mean of its members; ${first?.cityLevel.treatmentClusters ?? 0} treated and ` +
      `${first?.cityLevel.controlClusters ?? 0} control cities), Welch over cities. CUPED: the same after \`cuped\` ` +
      "with each unit's value in the everyone-control run as the covariate, which takes out the chance imbalance " +
      'between the arms (which members or cities happened to be treated) and leaves the bias of the design; a real ' +
      'experiment only has the weeks before it as a covariate, which removes less of the noise.',
    '',
    'Spillover: how far each arm of a randomised run is from the whole world of its own variant, unit by unit (0 when ' +
      "units do not affect each other; an estimate's gap to the truth is about the treated column minus the control " +
      'column, plus the chance imbalance):',
    '',
    ...spilloverTable(result.rows),
    '',
    'Verdicts (on the CUPED estimates):',
    '',
    ...result.rows.map((row) => `- ${row.measure.label}: ${verdictOf(row)}.`),
    '',
    '| run | impressions | matches | matches per 1,000 impressions | impression Gini per day | seen daily | top 1% share | time |',
    '|---|---|---|---|---|---|---|---|',
    ...runFigures,
    '',
    ...findings.map((finding) => `- ${finding}`),
    ...(findings.length > 0 ? [''] : []),
    EXPERIMENT_SECTION_END,
  ].join('\n');
}

/** The file with this command's section replaced, or appended (a new file gets a title). */
export function withExperimentSection(existing: string | undefined, section: string): string {
  if (existing === undefined || existing.trim() === '') return `# Evaluation\n\n${section}\n`;
  const begin = existing.indexOf(EXPERIMENT_SECTION_BEGIN);
  const end = existing.indexOf(EXPERIMENT_SECTION_END);
  if (begin >= 0 && end > begin) {
    return existing.slice(0, begin) + section + existing.slice(end + EXPERIMENT_SECTION_END.length);
  }
  return `${existing.replace(/\s*$/, '')}\n\n${section}\n`;
}
