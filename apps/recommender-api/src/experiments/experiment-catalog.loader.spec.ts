import { join } from 'node:path';
import { loadExperimentCatalog } from './experiment-catalog.loader';

describe('loadExperimentCatalog', () => {
  it("loads the repository's experiment files against the feeds' real parameters", () => {
    const catalog = loadExperimentCatalog(join(__dirname, '../../../../experiments'));
    expect(catalog.experiments.map((e) => [e.name, e.scenario])).toEqual([
      ['networking-exposure-boost', 'networking'],
      ['networking-popular-first', 'networking'],
      ['travel-interleave-taste', 'travel'],
      ['travel-taste-weight', 'travel'],
    ]);
  });

  it('is empty for a directory that does not exist', () => {
    expect(loadExperimentCatalog(join(__dirname, 'no-such-dir')).experiments).toEqual([]);
  });
});
