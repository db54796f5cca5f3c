import { ExperimentCatalog, LayerDefinition, ExperimentDefinition } from '@app/experiments';
import { ParameterRegistry, parameter } from '@app/pipeline';
import { ExposureRecord } from '@app/signals';
import { exposureRecordOf, FeedExperiments, NO_EXPERIMENTS, teamDraftOf } from './feed-experiments';

const knob = (name: string) => parameter({ name, default: 1, min: 0, max: 10, description: 'a knob' });
const registries = {
  travel: new ParameterRegistry([knob('travel.score.taste'), knob('travel.score.price')]),
  networking: new ParameterRegistry([knob('networking.exposure.maxBoost')]),
};
const experiment = (overrides: Partial<ExperimentDefinition>): ExperimentDefinition => ({
  name: 'taste',
  version: 2,
  description: '',
  scenario: 'travel',
  layer: 'ranking',
  salt: 'taste',
  unit: 'member',
  allocation: { offset: 0, share: 1 },
  start: '2020-01-01T00:00:00Z',
  variants: [{ name: 'strong', weight: 1, parameters: { 'travel.score.taste': 5 } }],
  ...overrides,
});
const layers: LayerDefinition[] = [
  { name: 'ranking', holdout: 0 },
  { name: 'interleaving', holdout: 0 },
  { name: 'people', holdout: 0 },
];
const NOW = Date.UTC(2026, 10, 23);

function feedExperiments(experiments: ExperimentDefinition[], logged: ExposureRecord[] = []) {
  const catalog = ExperimentCatalog.fromDefinitions(layers, experiments, { registries });
  return new FeedExperiments(catalog, { logExposure: async (record) => (logged.push(record), true) });
}

describe('FeedExperiments', () => {
  it('plans the variants of a member: their labels and their merged overrides', async () => {
    const plan = await feedExperiments([experiment({})]).plan('travel', 'ana', NOW, async () => 'Lisbon');
    expect(plan.labels).toEqual(['taste:strong']);
    expect(plan.overrides).toEqual({ 'travel.score.taste': 5 });
    expect(plan.interleave).toBeUndefined();
  });

  it('reads the city only when an experiment of the scenario randomises cities', async () => {
    const cityOf = jest.fn(async () => 'Lisbon');
    await feedExperiments([experiment({})]).plan('travel', 'ana', NOW, cityOf);
    expect(cityOf).not.toHaveBeenCalled();
    const byCity = feedExperiments([
      experiment({
        name: 'boost',
        scenario: 'networking',
        layer: 'people',
        unit: 'city',
        variants: [{ name: 'on', weight: 1, parameters: { 'networking.exposure.maxBoost': 0.9 } }],
      }),
    ]);
    expect((await byCity.plan('networking', 'ana', NOW, cityOf)).labels).toEqual(['boost:on']);
    expect(cityOf).toHaveBeenCalledTimes(1);
    expect(await byCity.plan('networking', 'ana', NOW, async () => undefined)).toBe(NO_EXPERIMENTS);
  });

  it("puts each interleaved ranker's parameters over the other layers' overrides", async () => {
    const plan = await feedExperiments([
      experiment({}),
      experiment({
        name: 'price-interleave',
        layer: 'interleaving',
        salt: 'pi',
        variants: [
          {
            name: 'a-vs-b',
            weight: 1,
            interleave: { A: { parameters: {} }, B: { parameters: { 'travel.score.price': 3 } } },
          },
        ],
      }),
    ]).plan('travel', 'ana', NOW, async () => undefined);
    expect(plan.labels).toEqual(['price-interleave:a-vs-b', 'taste:strong']);
    expect(plan.interleave).toEqual({
      A: { overrides: { 'travel.score.taste': 5 } },
      B: { overrides: { 'travel.score.taste': 5, 'travel.score.price': 3 } },
    });
  });

  it('carries the stored script a variant picks, to the plan and to interleaved rankers without their own', async () => {
    const scripted = (script: string) =>
      ExperimentCatalog.fromDefinitions(
        layers,
        [
          experiment({ variants: [{ name: 'v2', weight: 1, parameters: {}, script }] }),
          experiment({
            name: 'price-interleave',
            layer: 'interleaving',
            salt: 'pi',
            variants: [
              {
                name: 'a-vs-b',
                weight: 1,
                interleave: {
                  A: { parameters: {} },
                  B: { parameters: {}, script: 'places-taste-score-v3' },
                },
              },
            ],
          }),
        ],
        { registries, knownScripts: ['places-taste-score-v2', 'places-taste-score-v3'] },
      );
    const plan = await new FeedExperiments(scripted('places-taste-score-v2'), {
      logExposure: async () => true,
    }).plan('travel', 'ana', NOW, async () => undefined);
    expect(plan.script).toBe('places-taste-score-v2');
    expect(plan.interleave).toEqual({
      A: { overrides: {}, script: 'places-taste-score-v2' },
      B: { overrides: {}, script: 'places-taste-score-v3' },
    });
  });

  it('logs exposures through the store, and reports a failure instead of rejecting', async () => {
    const logged: ExposureRecord[] = [];
    const experiments = feedExperiments([experiment({})], logged);
    const plan = await experiments.plan('travel', 'ana', NOW, async () => undefined);
    const record = exposureRecordOf({
      scenario: 'travel',
      memberId: 'ana',
      requestId: 'r1',
      page: 1,
      at: NOW,
      items: [{ id: 'p1' }, { id: 'p2' }],
      teams: ['B', 'A'],
      plan,
    });
    expect(record).toEqual({
      requestId: 'r1',
      scenario: 'travel',
      memberId: 'ana',
      at: NOW,
      page: 1,
      experiments: [{ experiment: 'taste', version: 2, variant: 'strong', unit: 'member', unitId: 'ana' }],
      items: [
        { id: 'p1', position: 0, team: 'B' },
        { id: 'p2', position: 1, team: 'A' },
      ],
    });
    await experiments.logExposure(record);
    expect(logged).toEqual([record]);
    const failures: unknown[] = [];
    const failing = new FeedExperiments(
      ExperimentCatalog.fromDefinitions(layers, [], { registries }),
      { logExposure: async () => Promise.reject(new Error('Redis away')) },
      (_record, error) => failures.push(error),
    );
    await expect(failing.logExposure(record)).resolves.toBeUndefined();
    expect(failures).toEqual([new Error('Redis away')]);
  });
});

describe('teamDraftOf', () => {
  it('is the same draft for the same request id, and covers both rankings', () => {
    const a = ['a', 'b', 'c', 'd'];
    const b = ['d', 'c', 'e', 'a'];
    const first = teamDraftOf('request-1')(a, b);
    expect(teamDraftOf('request-1')(a, b)).toEqual(first);
    expect([...first.ids].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
