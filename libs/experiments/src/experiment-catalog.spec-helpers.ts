import { ParameterRegistry, parameter } from '@app/pipeline';
import { ExperimentDefinition, LayerDefinition } from './experiment-definition';
import { ExperimentFileError, formatProblem } from './experiment-file.error';

/** Small stand-ins for the scenarios' registries, with the knobs the examples use (libraries never import apps). */
export const registries = {
  travel: new ParameterRegistry<string>([
    parameter({ name: 'travel.score.taste', default: 4, min: 0, max: 5, description: 'Taste weight.' }),
    parameter({ name: 'travel.score.affinity', default: 1, min: 0, max: 5, description: 'Affinity weight.' }),
    parameter({
      name: 'travel.taste.quota',
      default: 200,
      min: 0,
      max: 1000,
      integer: true,
      description: 'Quota.',
    }),
  ]),
  networking: new ParameterRegistry<string>([
    parameter({ name: 'networking.exposure.maxBoost', default: 0.3, min: 0, max: 1, description: 'Boost.' }),
    parameter({ name: 'networking.mmr.lambda', default: 0.7, min: 0, max: 1, description: 'MMR lambda.' }),
  ]),
};

export const options = { registries, knownScripts: ['places-taste-score-v1', 'places-taste-score-v2'] };

export const NOW = Date.parse('2026-12-01T12:00:00Z');

export const travelLayers: LayerDefinition[] = [
  { name: 'travel-ranking', holdout: 0.05 },
  { name: 'travel-retrieval', holdout: 0 },
];

/** A valid member experiment on `travel.score.taste`, half of travel-ranking, changed by `overrides`. */
export function experiment(
  overrides: Partial<Record<keyof ExperimentDefinition, unknown>> = {},
): ExperimentDefinition {
  return {
    name: 'travel-taste-weight',
    version: 3,
    description: 'Taste weight 5 against the default.',
    scenario: 'travel',
    layer: 'travel-ranking',
    salt: 'travel-taste-weight-v1',
    unit: 'member',
    allocation: { offset: 0, share: 0.5 },
    start: '2026-11-01T00:00:00Z',
    end: '2027-01-01T00:00:00Z',
    variants: [
      { name: 'control', weight: 1, parameters: {} },
      { name: 'taste-5', weight: 1, parameters: { 'travel.score.taste': 5 } },
    ],
    ...overrides,
  } as ExperimentDefinition;
}

/** The formatted problems an ExperimentFileError lists (fails the test if something else is thrown). */
export function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ExperimentFileError) return error.problems.map(formatProblem);
    throw error;
  }
  throw new Error('expected an ExperimentFileError');
}

export function memberIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `member-${i}`);
}
