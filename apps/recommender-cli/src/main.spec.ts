import { Logger } from '@nestjs/common';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { buildProgram } from './main';

/** The commands, run in-process on the embedded engine in a temporary DATA_DIR. */
describe('recommender-cli', () => {
  let dataDir: string;
  let env: Record<string, string>;
  beforeAll(() => {
    Logger.overrideLogger(false);
    dataDir = mkdtempSync(join(tmpdir(), 'cli-'));
    env = { DATA_DIR: dataDir, LOG_LEVEL: 'error' };
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  async function run(...args: string[]): Promise<string> {
    const out = new PassThrough();
    let text = '';
    out.on('data', (chunk) => (text += chunk));
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      await buildProgram(env, out).parseAsync(['node', 'recommender-cli', ...args]);
    } finally {
      stderr.mockRestore();
    }
    return text;
  }

  it('search:install installs, and a second run changes nothing', async () => {
    const first = await run('search:install');
    expect(first).toMatch(/alias +places +→ places_v1 +created/);
    expect(first).toMatch(/stored script +places-taste-score-v1 +created/);
    const second = await run('search:install');
    expect(second).not.toMatch(/created|updated/);
    expect(second).toMatch(/alias +places +→ places_v1 +exists/);
  });

  it('demo loads a data set once, saving the hidden tastes and what it loaded', async () => {
    const first = await run('demo', '--places', '300', '--members', '120', '--now', '2026-01-10T00:00:00Z');
    expect(first).toMatch(/loaded 300 places and 120 members \(and \d+ relations\) in \d+\.\d s/);
    expect(first).toContain('interaction history not recorded: the signal store is in memory');
    const hidden = JSON.parse(readFileSync(join(dataDir, 'demo-hidden-tastes.json'), 'utf8'));
    expect(hidden.places).toHaveLength(300);
    expect(hidden.members).toHaveLength(120);
    expect(existsSync(join(dataDir, 'demo-sample-place.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(dataDir, 'demo-manifest.json'), 'utf8'))).toMatchObject({
      placeCount: 300,
      memberCount: 120,
      now: '2026-01-10T00:00:00.000Z',
    });

    const second = await run('demo');
    expect(second).toContain('catalog already loaded: skipped');
    expect(second).toContain('generated 300 places, 120 members');
  });

  it('search:reindex builds the next version and swaps the alias', async () => {
    const text = await run('search:reindex', 'places');
    expect(text).toMatch(/^places: places_v1 → places_v2; 300 copied, 0 replayed .* places_v1 kept/m);
    expect(await run('search:reindex', 'members', '--delete-old')).toMatch(
      /members_v1 → members_v2; 120 copied.*members_v1 deleted/,
    );
  });

  it('refuses an unknown index with a clear message', async () => {
    await expect(run('search:reindex', 'cities')).rejects.toThrow(
      'search:reindex takes one of places, members, member_edges, got "cities"',
    );
  });

  it('refuses a bad configuration before touching anything', async () => {
    const saved = env;
    env = { ...env, SEARCH_ENGINE: 'opensearch' };
    try {
      await expect(run('search:install')).rejects.toThrow(
        'OPENSEARCH_URL must be the http(s) URL of the cluster',
      );
    } finally {
      env = saved;
    }
  });
});
