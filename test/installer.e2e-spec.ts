import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startApi, TestApi } from './api.e2e-helpers';

/** The installer over HTTP: at boot, on demand, idempotent, with stored scripts and index prefixes. */
describe('search artifacts installer', () => {
  const painless = mkdtempSync(join(tmpdir(), 'painless-e2e-'));
  writeFileSync(join(painless, 'places-test-score-v1.painless'), "_score * params.getOrDefault('w', 1.0)");
  writeFileSync(
    join(painless, 'manifest.json'),
    JSON.stringify({
      scripts: [{ id: 'places-test-score-v1', file: 'places-test-score-v1.painless', description: 'test' }],
    }),
  );
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi({ painlessDir: painless, searchIndexPrefix: 'e2e_' });
  });
  afterAll(async () => {
    await api.close();
    rmSync(painless, { recursive: true, force: true });
  });

  it('installed everything at boot, under the prefix', async () => {
    const answer = await api.request('GET', '/v1/admin/search/artifacts');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      status: { installed: true, state: 'installed' },
      check: { installed: true, problems: [] },
    });
  });

  it('is idempotent over HTTP: installing again changes nothing', async () => {
    const answer = await api.request('POST', '/v1/admin/search/install');
    expect(answer.status).toBe(200);
    const report = answer.body;
    expect(
      report.componentTemplates.map((t: { name: string; action: string }) => [t.name, t.action]),
    ).toEqual([
      ['e2e_member-edges-mappings', 'unchanged'],
      ['e2e_members-mappings', 'unchanged'],
      ['e2e_places-mappings', 'unchanged'],
      ['e2e_recommender-settings', 'unchanged'],
    ]);
    expect(report.indexTemplates.every((t: { action: string }) => t.action === 'unchanged')).toBe(true);
    expect(report.indices).toEqual([
      {
        kind: 'places',
        alias: 'e2e_places',
        index: 'e2e_places_v1',
        action: 'exists',
        writable: true,
        mapping: 'current',
      },
      {
        kind: 'members',
        alias: 'e2e_members',
        index: 'e2e_members_v1',
        action: 'exists',
        writable: true,
        mapping: 'current',
      },
      {
        kind: 'member_edges',
        alias: 'e2e_member_edges',
        index: 'e2e_member_edges_v1',
        action: 'exists',
        writable: true,
        mapping: 'current',
      },
    ]);
    expect(report.scripts).toEqual([{ id: 'places-test-score-v1', action: 'unchanged' }]);
  });

  it('picks up a changed script file on the next install', async () => {
    writeFileSync(join(painless, 'places-test-score-v1.painless'), "_score * params.getOrDefault('w', 2.0)");
    const before = await api.request('GET', '/v1/admin/search/artifacts');
    expect(before.body.check).toEqual({
      installed: false,
      problems: ['stored script places-test-score-v1 differs'],
    });
    const answer = await api.request('POST', '/v1/admin/search/install');
    expect(answer.body.scripts).toEqual([{ id: 'places-test-score-v1', action: 'updated' }]);
    expect((await api.request('GET', '/v1/admin/search/artifacts')).body.check.installed).toBe(true);
  });

  it('writes catalog documents through the prefixed alias', async () => {
    const answer = await api.request('PUT', '/v1/members/a/blocks/b');
    expect(answer.status).toBe(201);
  });
});

describe('an installer that cannot install', () => {
  it('keeps readiness down and says why, and the service still answers', async () => {
    const broken = mkdtempSync(join(tmpdir(), 'templates-broken-'));
    cpSync(resolve(__dirname, '../index-templates'), broken, { recursive: true });
    writeFileSync(
      join(broken, 'places.index-template.json'),
      JSON.stringify({ index_patterns: ['places_v*'], composed_of: ['no-such-component'], priority: 100 }),
    );
    const api = await startApi({ indexTemplatesDir: broken, installOnBoot: false });
    try {
      const install = await api.request('POST', '/v1/admin/search/install');
      expect(install.status).toBe(500);
      expect(install.body).toEqual({
        statusCode: 500,
        error: 'Internal Server Error',
        message: expect.stringMatching(
          /^installing the search artifacts failed: simulating index template places \(.*places\.index-template\.json\) failed: 400/,
        ),
      });
      const ready = await api.request('GET', '/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.error.search.artifacts).toMatchObject({
        installed: false,
        state: 'failed',
        error: expect.stringContaining('simulating index template places'),
      });
    } finally {
      await api.close();
      rmSync(broken, { recursive: true, force: true });
    }
  });
});
