import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchIndexing } from './engine-indexing.bench';
import { renderMarkdown } from './report';
import { benchSearch } from './search.bench';
import { benchScriptScore } from './script-score.bench';
import { benchTravel } from './travel.bench';
import { benchNetworking } from './networking.bench';

/** `npm run bench`: every benchmark, one after the other (never two at once on a 2-core machine). */
async function main(): Promise<void> {
  const sections = [
    await benchIndexing(),
    await benchSearch(),
    await benchScriptScore(),
    await benchTravel(),
    await benchNetworking(),
  ];
  const markdown = renderMarkdown(sections, new Date());
  process.stdout.write(`${markdown}\n`);
  if (process.env.BENCH_WRITE !== '0') writeFileSync(join(__dirname, '../../BENCHMARKS.md'), markdown);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
