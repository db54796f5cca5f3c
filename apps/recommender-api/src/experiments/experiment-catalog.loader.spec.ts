import { mergedParameters } from '@app/experiments';
import { join } from 'node:path';
import { loadExperimentCatalog } from './experiment-catalog.loader';

describe('loadExperimentCatalog', () => {
  it("loads the repository's experiment files against the feeds' real parameters", () => {
    const catalog = loadExperimentCatalog(join(__dirname, '../../../../experiments'));
    expect(catalog.experiments.map((e) => [e.name, e.scenario])).toEqual([
      ['networking-exposure-boost', 'networking'],
      ['networking-mutual-v2', 'networking'],
      ['networking-popular-first', 'networking'],
      ['travel-interleave-taste', 'travel'],
      ['travel-taste-weight', 'travel'],
    ]);
  });

  it("gives each request one set of overrides from the repository's experiments", () => {
    const catalog = loadExperimentCatalog(join(__dirname, '../../../../experiments'));
    const now = Date.parse('2026-12-01T00:00:00Z');
    for (let i = 0; i < 200; i++) {
      const assignments = catalog.assign('travel', { memberId: `member-${i}`, now });
      const taste = assignments.find((a) => !a.holdout && a.experiment === 'travel-taste-weight');
      expect(mergedParameters(assignments)).toEqual(taste && !taste.holdout ? taste.parameters : {});
    }
  });

  it('is empty for a directory that does not exist', () => {
    expect(loadExperimentCatalog(join(__dirname, 'no-such-dir')).experiments).toEqual([]);
  });
});
