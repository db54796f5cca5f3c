import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem, release } from 'node:os';

export interface BenchSection {
  title: string;
  command: string;
  /** [what, measured, target or comparison] */
  rows: [string, string, string][];
}

export function machineDescription(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Linux ${release()}, Node ${process.version}`;
}

export function renderMarkdown(sections: BenchSection[], date: Date): string {
  const out = [
    '# Benchmarks',
    '',
    `Latest run: ${date.toISOString().slice(0, 10)} on ${machineDescription()}.`,
    'Run them all with `npm run bench` (one command; it rewrites this file). Each figure sits beside a baseline measured',
    'in the same run, so a number can be read against what the machine itself allows. Our machines are shared virtual',
    'machines whose speed varies from run to run (by up to half between runs, floors included): read a figure against',
    'the floor beside it rather than against another run.',
    '',
  ];
  out.push(renderSections(sections));
  return out.join('\n');
}

/** Sections as markdown tables, `## title`, the command, then one row per measure. */
export function renderSections(sections: BenchSection[]): string {
  const out: string[] = [];
  for (const s of sections) {
    out.push(
      `## ${s.title}`,
      '',
      `Command: \`${s.command}\``,
      '',
      '| measure | result | target / note |',
      '|---|---|---|',
    );
    for (const [what, value, note] of s.rows) out.push(`| ${what} | ${value} | ${note} |`);
    out.push('');
  }
  return out.join('\n');
}

const begin = (marker: string) => `<!-- ${marker}: begin -->`;
const end = (marker: string) => `<!-- ${marker}: end -->`;

/** The text between a marker's begin and end comments in `text` (both included), or '' when there is none. */
export function markedSection(text: string, marker: string): string {
  const from = text.indexOf(begin(marker));
  const to = text.indexOf(end(marker));
  return from >= 0 && to > from ? text.slice(from, to + end(marker).length) : '';
}

/**
 * Writes `markdown` into `file` between the marker's comments, replacing what was there (appending when absent), so
 * that a benchmark run separately (`npm run bench:load`) keeps its figures beside those of `npm run bench`.
 */
export function writeMarkedSection(file: string, marker: string, markdown: string): void {
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const section = `${begin(marker)}\n${markdown.trimEnd()}\n${end(marker)}`;
  const old = markedSection(text, marker);
  writeFileSync(file, old ? text.replace(old, section) : `${text.trimEnd()}\n\n${section}\n`);
}
