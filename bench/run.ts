import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchIndexing } from './engine-indexing.bench';
import { benchApproximateKnn } from './knn-approximate.bench';
import { FAULTS_MARKER } from './faults.bench';
import { LOAD_MARKER } from './load.bench';
import { markedSection, renderMarkdown } from './report';
import { benchSearch } from './search.bench';
import { benchScriptScore } from './script-score.bench';
import { benchTravel } from './travel.bench';
import { benchNetworking } from './networking.bench';

/** `npm run bench`: every benchmark, one after the other (never two at once on a 2-core machine). */
async function main(): Promise<void> {
  const sections = [
    await benchIndexing(),
    await benchSearch(),
    await benchApproximateKnn(),
    await benchScriptScore(),
    await benchTravel(),
    await benchNetworking(),
  ];
  const markdown = renderMarkdown(sections, new Date());
  process.stdout.write(`${markdown}\n`);
  if (process.env.BENCH_WRITE !== '0') {
    // the sections of the benchmarks run on their own (npm run bench:load, bench:faults) stay as they were
    const file = join(__dirname, '../../BENCHMARKS.md');
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const kept = [LOAD_MARKER, FAULTS_MARKER]
      .map((marker) => markedSection(text, marker))
      .filter((section) => section !== '')
      .join('\n\n');
    writeFileSync(file, kept ? `${markdown.trimEnd()}\n\n${kept}\n` : markdown);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
