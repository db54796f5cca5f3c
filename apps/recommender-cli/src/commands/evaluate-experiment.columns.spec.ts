import { resolve } from 'node:path';
import { EvaluationColumn, experimentColumns } from './evaluate-experiment.columns';
import { sideBySideTable } from './evaluate-experiment.table';
import { loadExperiment } from './experiment-simulate.variants';

const EXPERIMENTS = resolve(__dirname, '../../../../experiments');

describe('experimentColumns', () => {
  it('gives every plain variant one column, in file order', () => {
    expect(experimentColumns(loadExperiment(EXPERIMENTS, 'travel-taste-weight'))).toEqual([
      { name: 'control', parameters: {} },
      { name: 'taste-5', parameters: { 'travel.score.taste': 5 } },
    ]);
  });

  it('gives an interleaved variant one column per ranker', () => {
    expect(experimentColumns(loadExperiment(EXPERIMENTS, 'travel-interleave-taste'))).toEqual([
      { name: 'taste-4-vs-5 A', parameters: { 'travel.score.taste': 4 } },
      { name: 'taste-4-vs-5 B', parameters: { 'travel.score.taste': 5 } },
    ]);
  });

  it('carries the stored script a variant picks, so that the evaluation ranks with it', () => {
    expect(experimentColumns(loadExperiment(EXPERIMENTS, 'networking-mutual-v2'))).toEqual([
      { name: 'v1', parameters: {}, script: 'members-mutual-score-v1' },
      { name: 'v2', parameters: {}, script: 'members-mutual-score-v2' },
    ]);
    expect(
      sideBySideTable(experimentColumns(loadExperiment(EXPERIMENTS, 'networking-mutual-v2')), [])[2],
    ).toBe('| parameters | script members-mutual-score-v1 | script members-mutual-score-v2 |');
  });

  it('keeps only the variants named, in the order named, and refuses unknown ones', () => {
    const e = loadExperiment(EXPERIMENTS, 'travel-taste-weight');
    expect(experimentColumns(e, ['taste-5', 'control', 'taste-5']).map((c) => c.name)).toEqual([
      'taste-5',
      'control',
    ]);
    expect(() => experimentColumns(e, ['control', 'taste-6'])).toThrow(
      'experiment travel-taste-weight has no variant "taste-6" (it has control, taste-5)',
    );
  });
});

describe('sideBySideTable', () => {
  const columns: EvaluationColumn[] = [
    { name: 'control', parameters: {} },
    { name: 'boost', parameters: { 'networking.exposure.maxBoost': 0.9, 'networking.exposure.target': 30 } },
  ];

  it('puts one column per variant, the parameters first', () => {
    expect(sideBySideTable(columns, [{ measure: 'Gini', values: ['0.30', '0.25'] }])).toEqual([
      '| measure | control | boost |',
      '|---|---|---|',
      '| parameters | defaults | networking.exposure.maxBoost=0.9, networking.exposure.target=30 |',
      '| Gini | 0.30 | 0.25 |',
    ]);
  });

  it('refuses a row without one value per column', () => {
    expect(() => sideBySideTable(columns, [{ measure: 'Gini', values: ['0.30'] }])).toThrow(
      'Gini: 1 values for 2 columns',
    );
  });
});
