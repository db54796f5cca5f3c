import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, loadSearchArtifacts, templateChecksum } from './search-artifacts';
import { SearchNames } from './search-names';
import { painlessDir, TEMPLATES_DIR } from './search.spec-helpers';

describe('loadSearchArtifacts', () => {
  const scripts = painlessDir({ 'places-test-score-v1': '_score * 2' });
  afterAll(() => scripts.remove());

  it('reads every template of index-templates/ and stamps a checksum in _meta', async () => {
    const artifacts = await loadSearchArtifacts(
      { templatesDir: TEMPLATES_DIR, painlessDir: scripts.dir },
      new SearchNames(),
    );
    expect(artifacts.componentTemplates.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'places-mappings',
        'members-mappings',
        'member-edges-mappings',
        'recommender-settings',
      ]),
    );
    expect(artifacts.indexTemplates.map((t) => t.name).sort()).toEqual(['member-edges', 'members', 'places']);
    for (const template of [...artifacts.componentTemplates, ...artifacts.indexTemplates]) {
      expect(template.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect((template.body._meta as Record<string, unknown>).checksum).toBe(template.checksum);
      expect(template.version).toBe(1);
    }
    expect(artifacts.scripts).toEqual([
      expect.objectContaining({
        id: 'places-test-score-v1',
        source: '_score * 2',
        description: 'test script places-test-score-v1',
      }),
    ]);
    expect(artifacts.notes).toEqual([]);
  });

  it('puts the prefix before template names, index patterns and components', async () => {
    const artifacts = await loadSearchArtifacts(
      { templatesDir: TEMPLATES_DIR, painlessDir: scripts.dir },
      new SearchNames('staging_'),
    );
    const places = artifacts.indexTemplates.find((t) => t.name === 'staging_places')!;
    expect(places.body.index_patterns).toEqual(['staging_places_v*']);
    expect(places.body.composed_of).toEqual(['staging_recommender-settings', 'staging_places-mappings']);
    // The checksum covers what is put, so a prefixed install is not mistaken for an unprefixed one.
    const plain = await loadSearchArtifacts(
      { templatesDir: TEMPLATES_DIR, painlessDir: scripts.dir },
      new SearchNames(),
    );
    expect(places.checksum).not.toBe(plain.indexTemplates.find((t) => t.name === 'places')!.checksum);
  });

  it('treats a missing manifest as no scripts, and says so', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'painless-empty-'));
    try {
      const artifacts = await loadSearchArtifacts(
        { templatesDir: TEMPLATES_DIR, painlessDir: empty },
        new SearchNames(),
      );
      expect(artifacts.scripts).toEqual([]);
      expect(artifacts.notes).toEqual([expect.stringContaining('no stored scripts to install')]);
    } finally {
      rmSync(empty, { recursive: true });
    }
  });

  it.each([
    ['not JSON', '{', 'not valid JSON'],
    ['no scripts array', '{}', '"scripts" must be an array'],
    ['a bad id', JSON.stringify({ scripts: [{ id: 'a b', file: 'x.painless' }] }), 'scripts[0].id'],
    [
      'a file outside the directory',
      JSON.stringify({ scripts: [{ id: 'x', file: '../x.painless' }] }),
      'must stay inside',
    ],
    ['a missing file', JSON.stringify({ scripts: [{ id: 'x', file: 'nope.painless' }] }), 'cannot be read'],
    [
      'a duplicate id',
      JSON.stringify({
        scripts: [
          { id: 'x', file: 'x.painless' },
          { id: 'x', file: 'x.painless' },
        ],
      }),
      'appears twice',
    ],
  ])('refuses a manifest with %s, naming the file', async (_name, manifest, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'painless-bad-'));
    try {
      writeFileSync(join(dir, 'manifest.json'), manifest);
      writeFileSync(join(dir, 'x.painless'), '1');
      await expect(
        loadSearchArtifacts({ templatesDir: TEMPLATES_DIR, painlessDir: dir }, new SearchNames()),
      ).rejects.toThrow(new RegExp(`manifest\\.json: .*${message.replace(/[[\]().*]/g, '\\$&')}`));
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('refuses a template file that is not a JSON object, naming it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'templates-bad-'));
    try {
      writeFileSync(join(dir, 'x.index-template.json'), '{"index_patterns": "x*"}');
      await expect(
        loadSearchArtifacts({ templatesDir: dir, painlessDir: scripts.dir }, new SearchNames()),
      ).rejects.toThrow(/x\.index-template\.json: "index_patterns" must be a non-empty array/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

describe('checksums', () => {
  it('do not depend on key order, and ignore a checksum already stamped', () => {
    const a = { template: { settings: { a: 1, b: [1, { c: 2, d: 3 }] } }, _meta: { version: 1 } };
    const b = {
      _meta: { version: 1, checksum: 'sha256:old' },
      template: { settings: { b: [1, { d: 3, c: 2 }], a: 1 } },
    };
    expect(templateChecksum(a)).toBe(templateChecksum(b));
    expect(templateChecksum(a)).not.toBe(templateChecksum({ ...a, _meta: { version: 2 } }));
  });

  it('canonical JSON sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
  });
});

describe('SearchNames', () => {
  it('builds aliases, versioned indices and patterns', () => {
    const names = new SearchNames('t1_');
    expect(names.alias('places')).toBe('t1_places');
    expect(names.physicalIndex('member_edges', 3)).toBe('t1_member_edges_v3');
    expect(names.physicalPattern('members')).toBe('t1_members_v*');
    expect(names.versionOf('places', 't1_places_v12')).toBe(12);
    expect(names.versionOf('places', 't1_places_v0')).toBeUndefined();
    expect(names.versionOf('places', 'places_v1')).toBeUndefined();
  });

  it('refuses a prefix OpenSearch would refuse or that would run into the name', () => {
    expect(() => new SearchNames('Upper_')).toThrow('lower-case');
    expect(() => new SearchNames('x')).toThrow("ending with '_' or '-'");
  });
});
