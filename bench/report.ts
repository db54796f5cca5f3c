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
