import { errors } from '@opensearch-project/opensearch';
import { engineRequest } from './engine-request';
import { loadSearchArtifacts } from './search-artifacts';
import { SearchArtifactsInstaller } from './search-artifacts.installer';
import { SearchNames } from './search-names';
import { FAST_BACKOFF, openTestEngine, painlessDir, TEMPLATES_DIR, TestEngine } from './search.spec-helpers';

describe('SearchArtifactsInstaller', () => {
  let engine: TestEngine;
  const dirs: { remove(): void }[] = [];
  const scriptsDir = (scripts: Record<string, string>) => {
    const dir = painlessDir(scripts);
    dirs.push(dir);
    return dir.dir;
  };
  afterEach(async () => {
    jest.restoreAllMocks();
    dirs.splice(0).forEach((d) => d.remove());
    await engine?.close();
  });

  it('installs templates, the versioned indices behind their aliases and the stored scripts', async () => {
    engine = await openTestEngine({ install: false });
    const report = await engine.installer.install();
    expect(report.componentTemplates.map((t) => t.action)).toEqual([
      'created',
      'created',
      'created',
      'created',
    ]);
    expect(report.indexTemplates.map((t) => [t.name, t.action])).toEqual([
      ['member-edges', 'created'],
      ['members', 'created'],
      ['places', 'created'],
    ]);
    expect(report.indices).toEqual([
      {
        kind: 'places',
        alias: 'places',
        index: 'places_v1',
        action: 'created',
        writable: true,
        mapping: 'current',
      },
      {
        kind: 'members',
        alias: 'members',
        index: 'members_v1',
        action: 'created',
        writable: true,
        mapping: 'current',
      },
      {
        kind: 'member_edges',
        alias: 'member_edges',
        index: 'member_edges_v1',
        action: 'created',
        writable: true,
        mapping: 'current',
      },
    ]);
    expect(report.scripts).toEqual([{ id: 'places-test-score-v1', action: 'created' }]);

    const alias = await engineRequest<Record<string, unknown>>(engine.client, {
      method: 'GET',
      path: '/_alias/places',
    });
    expect(Object.keys(alias.body)).toEqual(['places_v1']);
    const mapping = await engineRequest<
      Record<string, { mappings: { properties: Record<string, { type: string }> } }>
    >(engine.client, { method: 'GET', path: '/places_v1/_mapping' });
    expect(mapping.body.places_v1.mappings.properties.embedding.type).toBe('knn_vector');
    const template = await engineRequest<{
      index_templates: { index_template: { _meta: Record<string, unknown> } }[];
    }>(engine.client, { method: 'GET', path: '/_index_template/places' });
    expect(template.body.index_templates[0].index_template._meta.checksum).toMatch(/^sha256:/);
    await expect(engine.installer.check()).resolves.toEqual({ installed: true, problems: [] });
  });

  it('is idempotent: a second install changes nothing and rewrites nothing', async () => {
    engine = await openTestEngine();
    const spy = jest.spyOn(engine.client.transport, 'request');
    const report = await engine.installer.install();
    expect(
      [...report.componentTemplates, ...report.indexTemplates, ...report.scripts].every(
        (a) => a.action === 'unchanged',
      ),
    ).toBe(true);
    expect(report.indices.map((i) => i.action)).toEqual(['exists', 'exists', 'exists']);
    const writes = spy.mock.calls.filter(([params]) => params.method === 'PUT');
    expect(writes).toEqual([]);
  });

  it('rewrites only what changed, and says an index needs a reindex when its template changed', async () => {
    engine = await openTestEngine();
    const changed = await loadSearchArtifacts(
      { templatesDir: TEMPLATES_DIR, painlessDir: scriptsDir({ 'places-test-score-v1': '_score * 3' }) },
      engine.names,
    );
    const mappings = changed.componentTemplates.find((t) => t.name === 'places-mappings')!;
    const template = mappings.body.template as { mappings: { _meta: Record<string, unknown> } };
    template.mappings._meta = { ...template.mappings._meta, version: 2 };
    mappings.checksum = 'sha256:changed';
    (mappings.body._meta as Record<string, unknown>).checksum = 'sha256:changed';

    const installer = new SearchArtifactsInstaller(engine.client, changed, {
      names: engine.names,
      backoff: FAST_BACKOFF,
    });
    await expect(installer.check()).resolves.toEqual({
      installed: false,
      problems: ['component template places-mappings differs', 'stored script places-test-score-v1 differs'],
    });
    const report = await installer.install();
    expect(report.componentTemplates.filter((t) => t.action !== 'unchanged')).toEqual([
      { name: 'places-mappings', version: 1, action: 'updated' },
    ]);
    expect(report.scripts).toEqual([{ id: 'places-test-score-v1', action: 'updated' }]);
    expect(report.indices.find((i) => i.kind === 'places')!.mapping).toBe('outdated');
    expect(report.indices.find((i) => i.kind === 'members')!.mapping).toBe('current');
    expect(report.notes).toEqual([expect.stringContaining('run search:reindex places')]);
  });

  it('keeps deployments with different prefixes apart', async () => {
    engine = await openTestEngine();
    const names = new SearchNames('other_');
    const artifacts = await loadSearchArtifacts(
      { templatesDir: TEMPLATES_DIR, painlessDir: scriptsDir({}) },
      names,
    );
    const report = await new SearchArtifactsInstaller(engine.client, artifacts, {
      names,
      backoff: FAST_BACKOFF,
    }).install();
    expect(report.indices.map((i) => i.index)).toEqual([
      'other_places_v1',
      'other_members_v1',
      'other_member_edges_v1',
    ]);
    expect(report.indices.every((i) => i.mapping === 'current')).toBe(true);
  });

  it('retries transient failures with backoff', async () => {
    engine = await openTestEngine({ install: false });
    const original = engine.client.transport.request.bind(engine.client.transport);
    let failures = 2;
    jest.spyOn(engine.client.transport, 'request').mockImplementation(((params: never, options: never) => {
      if (failures-- > 0) return Promise.reject(new errors.ConnectionError('connect ECONNREFUSED'));
      return original(params, options);
    }) as never);
    const report = await engine.installer.install();
    expect(report.indices.map((i) => i.action)).toEqual(['created', 'created', 'created']);
  });

  it("fails with the step, the file and the engine's reason when a script does not compile", async () => {
    engine = await openTestEngine({ scripts: { 'places-broken-v1': 'return (;' }, install: false });
    await expect(engine.installer.install()).rejects.toThrow(
      /putting stored script places-broken-v1 \(.*places-broken-v1\.painless\) failed: 400/,
    );
  });

  it('refuses to guess when the alias is gone but versioned indices exist', async () => {
    engine = await openTestEngine();
    await engineRequest(engine.client, {
      method: 'POST',
      path: '/_aliases',
      body: { actions: [{ remove: { index: 'places_v1', alias: 'places' } }] },
    });
    await expect(engine.installer.install()).rejects.toThrow('alias places is missing but places_v1 exist');
  });

  it('gives up on an engine that stays unreachable, naming the step', async () => {
    engine = await openTestEngine({ install: false });
    jest
      .spyOn(engine.client.transport, 'request')
      .mockImplementation((() =>
        Promise.reject(new errors.ConnectionError('connect ECONNREFUSED'))) as never);
    await expect(engine.installer.install()).rejects.toThrow(
      /reading component template .* failed: no answer ConnectionError: connect ECONNREFUSED/,
    );
  });
});
