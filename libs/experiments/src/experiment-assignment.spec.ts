import { ExperimentAssignment, describeAssignment, mergedParameters } from './experiment-assignment';

const taste: ExperimentAssignment = {
  holdout: false,
  experiment: 'travel-taste-weight',
  version: 3,
  layer: 'travel-ranking',
  unit: 'member',
  unitId: 'm1',
  variant: 'taste-5',
  parameters: { 'travel.score.taste': 5 },
};
const quota: ExperimentAssignment = {
  ...taste,
  experiment: 'travel-quota',
  layer: 'travel-retrieval',
  variant: 'quota-400',
  parameters: { 'travel.taste.quota': 400, 'travel.recent.quota': 50 },
};
const interleaved: ExperimentAssignment = {
  ...taste,
  experiment: 'travel-interleave-taste',
  layer: 'travel-interleaving',
  variant: 'taste-4-vs-5',
  parameters: {},
  interleave: {
    A: { parameters: { 'travel.score.taste': 4 } },
    B: { parameters: { 'travel.score.taste': 5 } },
  },
};
const holdout: ExperimentAssignment = {
  holdout: true,
  layer: 'travel-holdout',
  unit: 'member',
  unitId: 'm1',
};

describe('mergedParameters', () => {
  it('unites the plain variants of every layer, leaving out holdouts and interleaved variants', () => {
    const merged = mergedParameters([taste, quota, interleaved, holdout]);
    expect(merged).toEqual({ 'travel.score.taste': 5, 'travel.taste.quota': 400, 'travel.recent.quota': 50 });
    expect(Object.isFrozen(merged)).toBe(true);
    expect(mergedParameters([])).toEqual({});
  });

  it('refuses two assignments overriding one knob', () => {
    expect(() => mergedParameters([taste, { ...taste, experiment: 'other' }])).toThrow(
      "experiments 'travel-taste-weight' and 'other' both override travel.score.taste",
    );
  });
});

describe('describeAssignment', () => {
  it('labels a variant experiment:variant and a holdout layer:holdout', () => {
    expect([taste, interleaved, holdout].map(describeAssignment)).toEqual([
      'travel-taste-weight:taste-5',
      'travel-interleave-taste:taste-4-vs-5',
      'travel-holdout:holdout',
    ]);
  });
});
