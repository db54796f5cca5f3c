import { ExperimentDefinition } from '@app/experiments';
import { resolve } from 'node:path';
import { CliFailure } from '../cli-context';
import { loadExperimentCatalog } from '../../../recommender-api/src/experiments/experiment-catalog.loader';
import { isTreatedUnit, loadExperiment, variantPair } from './experiment-simulate.variants';

const EXPERIMENTS = resolve(__dirname, '../../../../experiments');

const experiment = (variants: ExperimentDefinition['variants']): ExperimentDefinition => ({
  name: 'e',
  version: 1,
  description: '',
  scenario: 'networking',
  layer: 'l',
  salt: 's',
  unit: 'city',
  allocation: { offset: 0, share: 1 },
  start: '2026-01-01T00:00:00Z',
  variants,
});

const plain = (name: string) => ({ name, weight: 1, parameters: { [`networking.${name}`]: 1 } });
const interleaved = {
  name: 'mix',
  weight: 1,
  interleave: { A: { parameters: {} }, B: { parameters: {} } },
};

describe('variantPair', () => {
  const e = experiment([plain('control'), interleaved, plain('b'), plain('c')]);

  it('takes the first two plain variants, or the ones named', () => {
    const names = (pair: ReturnType<typeof variantPair>) => [pair.control.name, pair.treatment.name];
    expect(names(variantPair(e))).toEqual(['control', 'b']);
    expect(names(variantPair(e, { treatment: 'c' }))).toEqual(['control', 'c']);
    expect(names(variantPair(e, { control: 'b' }))).toEqual(['b', 'control']);
  });

  it('refuses an unknown or interleaved variant, the same variant twice, and fewer than two plain variants', () => {
    expect(() => variantPair(e, { treatment: 'zzz' })).toThrow(
      'experiment e has no variant "zzz" (it has control, mix, b, c)',
    );
    expect(() => variantPair(e, { treatment: 'mix' })).toThrow('variant mix of e is interleaved');
    expect(() => variantPair(e, { control: 'b', treatment: 'b' })).toThrow('the same variant (b)');
    expect(() => variantPair(experiment([plain('control'), interleaved]))).toThrow(CliFailure);
  });

  it('refuses variants that pick a stored script: the simulation compares parameters only', () => {
    expect(() => variantPair(loadExperiment(EXPERIMENTS, 'networking-mutual-v2'))).toThrow(
      'variants v1 and v2 of networking-mutual-v2 pick stored scripts: the simulation compares parameters only',
    );
  });
});

describe('loadExperiment', () => {
  it("loads the repository's networking experiments as the API does", () => {
    expect(
      loadExperiment(EXPERIMENTS, 'networking-popular-first', 'networking').variants.map((v) => v.name),
    ).toEqual(['control', 'popular-first']);
  });

  it('names the experiments there when the one asked for is not, and refuses another scenario', () => {
    expect(() => loadExperiment(EXPERIMENTS, 'nope')).toThrow(
      /no experiment named "nope" in .*networking-exposure-boost/,
    );
    expect(() => loadExperiment(EXPERIMENTS, 'travel-taste-weight', 'networking')).toThrow(
      'experiment travel-taste-weight is a travel experiment, not a networking one',
    );
  });
});

describe('isTreatedUnit', () => {
  it('splits units about 50/50', () => {
    const ids = Array.from({ length: 4000 }, (_, i) => `m${i}`);
    const share = ids.filter((id) => isTreatedUnit('salt-v1', id)).length / ids.length;
    // Binomial(4000, 0.5): standard deviation 0.0079; ±0.03 is almost 4 of them.
    expect(share).toBeGreaterThan(0.47);
    expect(share).toBeLessThan(0.53);
  });

  it('agrees with the API: a city of networking-exposure-boost gets its second variant exactly when treated', () => {
    const catalog = loadExperimentCatalog(EXPERIMENTS);
    const salt = catalog.find('networking-exposure-boost')!.salt;
    const now = Date.parse('2026-11-15T00:00:00Z');
    let compared = 0;
    for (let i = 0; i < 300; i++) {
      const city = `city-${i}`;
      const assignment = catalog
        .assign('networking', { memberId: 'm', city, now })
        .find((a) => !a.holdout && a.experiment === 'networking-exposure-boost');
      if (!assignment || assignment.holdout) continue;
      compared++;
      expect([city, assignment.variant === 'boost-0-9']).toEqual([city, isTreatedUnit(salt, city)]);
    }
    expect(compared).toBeGreaterThan(100);
  });
});
