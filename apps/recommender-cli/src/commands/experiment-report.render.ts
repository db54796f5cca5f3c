import { unitKindOf } from '@app/experiments';
import { Comparison, ExperimentReport, METRICS } from './experiment-report.analysis';

/** The report as text: the variants, the sample ratio check, the differences with their intervals, interleaving. */
export function renderExperimentReport(report: ExperimentReport): string {
  const { experiment } = report;
  const metrics: readonly string[] = METRICS[experiment.scenario];
  const unit = unitKindOf(experiment.unit);
  const lines: string[] = [
    `Experiment ${experiment.name} v${experiment.version} (${experiment.scenario}, layer ${experiment.layer}, ` +
      `unit ${unit}), ${experiment.start} → ${experiment.end ?? 'no end'}`,
    `${report.attributedEvents} events attributed to its exposures` +
      (report.unattributedEvents > 0
        ? `, ${report.unattributedEvents} of its members' left out (no exposure shown them)`
        : ''),
    '',
    table(
      ['variant', 'weight', 'units', 'members', 'exposures', 'items', ...metrics.map((m) => `${m}/exposure`)],
      report.variants.map((v) => [
        v.interleaved ? `${v.variant} (interleaved)` : v.variant,
        String(v.weight),
        String(v.units),
        String(v.members),
        String(v.exposures),
        String(v.itemsShown),
        ...metrics.map((m) => (v.exposures === 0 ? '–' : fixed(v.events[m] / v.exposures, 4))),
      ]),
    ),
  ];
  if (report.holdout.exposures > 0) {
    lines.push(
      `holdout of ${experiment.layer}: ${count(report.holdout.units, unit)}, ${count(report.holdout.exposures, 'exposure')}`,
    );
  }
  lines.push('');
  if (report.variants.every((v) => v.exposures === 0)) {
    lines.push('No exposure of this experiment is logged yet: nothing to compare.');
    return lines.join('\n') + '\n';
  }
  const srm = report.sampleRatio;
  if (srm) {
    lines.push(
      `Sample ratio (${unit}s per variant against the weights): χ² = ${fixed(srm.chiSquare, 3)} ` +
        `(df ${srm.degreesOfFreedom}), p = ${pValue(srm.pValue)} — ` +
        (srm.mismatch
          ? 'MISMATCH (p < 0.001): assignment or logging is broken; do not trust the differences below'
          : 'no mismatch'),
    );
  }
  if (report.comparisons.length > 0) {
    const level = report.comparisons[0].level;
    lines.push(
      '',
      level === 'member'
        ? 'Differences per member (events per exposure; Welch, 95% intervals; CUPED with each member’s events before the start):'
        : `Differences per ${unit} (one rate per ${unit}: the cluster is the unit of analysis, no member-level pseudo-replication):`,
      table(
        [
          'metric',
          'variant',
          'units',
          'control',
          'treatment',
          'difference',
          '95% CI',
          'relative',
          'p',
          ...(level === 'member' ? ['CUPED difference', 'CUPED 95% CI', 'θ'] : []),
        ],
        report.comparisons.map(comparisonRow),
      ),
    );
  }
  for (const { variant, preference: p } of report.interleaving) {
    lines.push(
      '',
      `Interleaving ${variant}: ${p.impressions} pages, ${p.withClicks} with credited events; ` +
        `A won ${p.winsA}, B won ${p.winsB}, ties ${p.ties}; ΔAB = ${fixed(p.deltaAB, 4)} ` +
        `[${fixed(p.ci95[0], 4)}, ${fixed(p.ci95[1], 4)}] (above 0: A preferred; Chapelle et al. 2012)`,
    );
  }
  return lines.join('\n') + '\n';
}

function comparisonRow(c: Comparison): string[] {
  const r = c.result;
  return [
    c.metric,
    `${c.treatment} − ${c.control}`,
    `${c.treatmentUnits} / ${c.controlUnits}`,
    fixed(r.meanC, 4),
    fixed(r.meanT, 4),
    signed(r.difference, 4),
    `[${signed(r.ci95[0], 4)}, ${signed(r.ci95[1], 4)}]`,
    Number.isFinite(r.relative) ? `${signed(r.relative * 100, 1)}%` : '–',
    pValue(r.pValue),
    ...(c.cuped
      ? [
          signed(c.cuped.difference, 4),
          `[${signed(c.cuped.ci95[0], 4)}, ${signed(c.cuped.ci95[1], 4)}]`,
          fixed(c.cuped.theta, 3),
        ]
      : []),
  ];
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '–';
}

function signed(value: number, digits: number): string {
  return Number.isFinite(value) ? `${value >= 0 ? '+' : ''}${value.toFixed(digits)}` : '–';
}

function pValue(p: number): string {
  if (!Number.isFinite(p)) return '–';
  return p < 0.0001 ? '< 0.0001' : p.toFixed(4);
}
