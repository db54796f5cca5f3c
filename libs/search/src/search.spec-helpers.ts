import { Client } from '@opensearch-project/opensearch';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BackoffPolicy } from './backoff';
import { loadSearchArtifacts, SearchArtifacts } from './search-artifacts';
import { SearchArtifactsInstaller } from './search-artifacts.installer';
import { SearchNames } from './search-names';
import { openSearchClient } from './search-client.factory';

export {
  sampleEdge,
  sampleMember,
  samplePlace,
  testEmbedding,
} from '../../catalog/src/catalog-fixtures.spec-helpers';

/** The repository's own templates: tests install what production installs. */
export const TEMPLATES_DIR = resolve(__dirname, '../../../index-templates');

export const FAST_BACKOFF: BackoffPolicy = {
  maxAttempts: 4,
  initialDelayMs: 1,
  maxDelayMs: 5,
  multiplier: 2,
};

/** A painless directory of its own, with the given scripts (file name → source) and a manifest listing them. */
export function painlessDir(scripts: Record<string, string>): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'painless-'));
  const entries = Object.entries(scripts).map(([id, source]) => {
    writeFileSync(join(dir, `${id}.painless`), source);
    return { id, file: `${id}.painless`, description: `test script ${id}` };
  });
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ scripts: entries }, null, 2));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TestEngine {
  client: Client;
  names: SearchNames;
  artifacts: SearchArtifacts;
  installer: SearchArtifactsInstaller;
  close(): Promise<void>;
}

/** An in-memory embedded engine with the artifacts installed (unless `install: false`). */
export async function openTestEngine(
  options: { prefix?: string; scripts?: Record<string, string>; install?: boolean; dataDir?: string } = {},
): Promise<TestEngine> {
  const names = new SearchNames(options.prefix ?? '');
  const painless = painlessDir(options.scripts ?? { 'places-test-score-v1': '_score * 2' });
  const artifacts = await loadSearchArtifacts(
    { templatesDir: TEMPLATES_DIR, painlessDir: painless.dir },
    names,
  );
  const handle = await openSearchClient({
    engine: 'embedded',
    dataDir: options.dataDir,
    requestTimeoutMs: 10_000,
  });
  const client = handle.client;
  const installer = new SearchArtifactsInstaller(client, artifacts, { names, backoff: FAST_BACKOFF });
  if (options.install !== false) await installer.install();
  return {
    client,
    names,
    artifacts,
    installer,
    close: async () => {
      painless.remove();
      await handle.close();
    },
  };
}
