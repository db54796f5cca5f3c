import { EvaluationColumn } from './evaluate-experiment.columns';

/** One measure across the columns, already formatted. */
export interface SideBySideRow {
  measure: string;
  values: readonly string[];
}

/**
 * A markdown table with one column per variant: a header row, the columns' parameters (so the reader sees what each
 * one changed), then one row per measure.
 * @throws Error when a row has not one value per column
 */
export function sideBySideTable(
  columns: readonly EvaluationColumn[],
  rows: readonly SideBySideRow[],
): string[] {
  for (const row of rows) {
    if (row.values.length !== columns.length) {
      throw new Error(`${row.measure}: ${row.values.length} values for ${columns.length} columns`);
    }
  }
  const parameters = columns.map((c) => {
    const entries = Object.entries(c.parameters).map(([k, v]) => `${k}=${v}`);
    if (c.script !== undefined) entries.push(`script ${c.script}`);
    return entries.length === 0 ? 'defaults' : entries.join(', ');
  });
  return [
    `| measure | ${columns.map((c) => c.name).join(' | ')} |`,
    `|---|${columns.map(() => '---').join('|')}|`,
    `| parameters | ${parameters.join(' | ')} |`,
    ...rows.map((row) => `| ${row.measure} | ${row.values.join(' | ')} |`),
  ];
}
