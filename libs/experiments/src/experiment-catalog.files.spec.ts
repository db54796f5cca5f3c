import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ExperimentCatalog } from './experiment-catalog';
import { NOW, experiment, options, problemsOf } from './experiment-catalog.spec-helpers';
import { describeAssignment } from './experiment-assignment';

/** `ExperimentCatalog.fromDirectory` against temporary directories (the app checks the repository's files at boot). */
describe('ExperimentCatalog.fromDirectory', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'experiments-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: unknown) =>
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  const layers = { layers: [{ name: 'travel-ranking', holdout: 0.05 }] };

  it('loads layers.json and one experiment per file, ignoring other files', () => {
    write('layers.json', layers);
    write('travel-taste-weight.json', experiment());
    write('README.md', '# notes');
    mkdirSync(join(dir, 'retired'));
    write('retired/old.json', '{ not json');
    const catalog = ExperimentCatalog.fromDirectory(dir, options);
    expect(catalog.experiments.map((e) => e.name)).toEqual(['travel-taste-weight']);
    expect(catalog.layers).toEqual([{ name: 'travel-ranking', holdout: 0.05 }]);
    expect(catalog.assign('travel', { memberId: 'member-3', now: NOW }).map(describeAssignment)).toEqual([
      'travel-taste-weight:taste-5',
    ]);
  });

  it('is empty without a directory, or with an empty one', () => {
    expect(ExperimentCatalog.fromDirectory(join(dir, 'missing'), options).experiments).toEqual([]);
    expect(ExperimentCatalog.fromDirectory(dir, options).layers).toEqual([]);
    write('layers.json', layers);
    expect(ExperimentCatalog.fromDirectory(dir, options).layers).toHaveLength(1);
  });

  it('needs layers.json when there are experiments', () => {
    write('travel-taste-weight.json', experiment());
    expect(problemsOf(() => ExperimentCatalog.fromDirectory(dir, options))).toEqual([
      `${dir}/layers.json: is missing, and 1 experiment file needs its layers`,
      `${dir}/travel-taste-weight.json: layer: 'travel-ranking' is not a layer of layers.json (layers: none)`,
    ]);
  });

  it('names the file of a JSON syntax error, a misnamed file and a bad layer, all at once', () => {
    write('layers.json', { layers: [{ name: 'travel-ranking', holdout: 0.6 }] });
    write('broken.json', '{ "name": "broken", ');
    write('renamed.json', experiment());
    write(
      'travel-taste-weight.json',
      experiment({ variants: [{ name: 'taste-9', weight: 1, parameters: { 'travel.score.taste': 9 } }] }),
    );
    const problems = problemsOf(() => ExperimentCatalog.fromDirectory(dir, options));
    expect(problems).toHaveLength(4);
    expect(problems[0]).toBe(`${dir}/layers.json: layers[0].holdout: must be a number in [0, 0.5]`);
    expect(problems[1]).toMatch(new RegExp(`^${dir}/broken.json: is not valid JSON: `));
    expect(problems.slice(2)).toEqual([
      `${dir}/renamed.json: name: 'travel-taste-weight' must match the file name (renamed.json)`,
      `${dir}/travel-taste-weight.json: variants[0].parameters: travel.score.taste = 9 is out of its bounds [0, 5]`,
    ]);
  });

  it('reports paths as the directory was given, e.g. experiments/…', () => {
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      mkdirSync('experiments');
      writeFileSync(
        'experiments/layers.json',
        JSON.stringify({ layers: [{ name: 'travel-ranking', holdout: -1 }] }),
      );
      expect(problemsOf(() => ExperimentCatalog.fromDirectory('experiments', options))).toEqual([
        'experiments/layers.json: layers[0].holdout: must be a number in [0, 0.5]',
      ]);
    } finally {
      process.chdir(cwd);
    }
  });
});
