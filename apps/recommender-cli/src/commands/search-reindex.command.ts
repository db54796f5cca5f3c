import {
  CatalogIndexKind,
  CatalogReindexer,
  isCatalogIndexKind,
  ReindexReport,
  CATALOG_INDEX_KINDS,
} from '@app/search';
import { SearchArtifactsService } from '../../../recommender-api/src/search/search-artifacts.service';
import { CliFailure, cliConfig, withCliContext } from '../cli-context';
import { createProgress, Progress } from '../progress';

export interface ReindexCommandOptions {
  deleteOld?: boolean;
}

/**
 * `npm run cli -- search:reindex places`: installs the current templates first (so the new index gets them), then
 * builds `places_v{N+1}`, copies with a progress bar, and swaps the alias (see CatalogReindexer for how no write is lost).
 */
export async function searchReindexCommand(
  kind: string,
  options: ReindexCommandOptions,
  env: Record<string, string | undefined>,
  out: NodeJS.WritableStream,
): Promise<ReindexReport> {
  if (!isCatalogIndexKind(kind)) {
    throw new CliFailure(
      `search:reindex takes one of ${CATALOG_INDEX_KINDS.join(', ')}, got ${JSON.stringify(kind)}`,
      2,
    );
  }
  const config = cliConfig(env);
  return withCliContext(config, async (context) => {
    await context.get(SearchArtifactsService).install();
    let bar: { phase: string; progress: Progress } | undefined;
    const report = await context.get(CatalogReindexer).reindex(kind as CatalogIndexKind, {
      deleteOld: options.deleteOld,
      onProgress: (p) => {
        if (bar?.phase !== p.phase) {
          bar?.progress.stop();
          bar = { phase: p.phase, progress: createProgress(`${kind} ${p.phase}`, p.total) };
        }
        bar.progress.update(p.done, p.total);
      },
    });
    bar?.progress.stop();
    out.write(
      `${report.alias}: ${report.from} → ${report.to}; ${report.copied} copied, ${report.replayed} replayed ` +
        `(${report.catchUpPasses} catch-up passes), writes held ${report.writesHeldMs} ms, ` +
        `${report.oldIndexDeleted ? `${report.from} deleted` : `${report.from} kept (delete it once satisfied)`}, ` +
        `${(report.tookMs / 1000).toFixed(1)} s\n`,
    );
    return report;
  });
}
