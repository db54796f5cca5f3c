import { InstallReport } from '@app/search';
import { SearchArtifactsService } from '../../../recommender-api/src/search/search-artifacts.service';
import { cliConfig, withCliContext } from '../cli-context';

/** `npm run cli -- search:install`: puts templates, indices behind aliases and stored scripts (idempotent). */
export async function searchInstallCommand(
  env: Record<string, string | undefined>,
  out: NodeJS.WritableStream,
): Promise<InstallReport> {
  const config = cliConfig(env);
  return withCliContext(config, async (context) => {
    const report = await context.get(SearchArtifactsService).install();
    out.write(formatInstallReport(report));
    return report;
  });
}

export function formatInstallReport(report: InstallReport): string {
  const lines: string[] = [];
  for (const t of report.componentTemplates)
    lines.push(`component template  ${t.name.padEnd(30)} v${t.version ?? '-'}  ${t.action}`);
  for (const t of report.indexTemplates)
    lines.push(`index template      ${t.name.padEnd(30)} v${t.version ?? '-'}  ${t.action}`);
  for (const i of report.indices) {
    lines.push(
      `alias               ${i.alias.padEnd(30)} → ${i.index}  ${i.action}` +
        (i.mapping === 'outdated' ? '  (mapping outdated: reindex)' : '') +
        (i.writable ? '' : '  (writes held)'),
    );
  }
  for (const s of report.scripts) lines.push(`stored script       ${s.id.padEnd(30)}      ${s.action}`);
  for (const note of report.notes) lines.push(`note: ${note}`);
  lines.push(`installed in ${report.tookMs} ms`);
  return `${lines.join('\n')}\n`;
}
