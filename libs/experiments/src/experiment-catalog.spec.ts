import { ParameterRegistry, parameter } from '@app/pipeline';
import { layerBucketOf, variantBucketOf } from './buckets';
import { VariantAssignment } from './experiment-assignment';
import { ExperimentCatalog } from './experiment-catalog';
import { ExperimentDefinition } from './experiment-definition';
import { ExperimentFileError } from './experiment-file.error';
import {
  NOW,
  experiment,
  memberIds,
  options,
  problemsOf,
  registries,
  travelLayers,
} from './experiment-catalog.spec-helpers';

const catalogOf = (...experiments: ExperimentDefinition[]) =>
  ExperimentCatalog.fromDefinitions(travelLayers, experiments, options);

function variantsIn(catalog: ExperimentCatalog, layer: string, ids: readonly string[]): Map<string, string> {
  const variants = new Map<string, string>();
  for (const memberId of ids) {
    const a = catalog.assign('travel', { memberId, now: NOW }).find((x) => x.layer === layer);
    if (a && !a.holdout) variants.set(memberId, a.variant);
  }
  return variants;
}

describe('ExperimentCatalog.assign', () => {
  it('gives the golden assignments', () => {
    // These pin the hash, the keys and the bucket arithmetic: recorded once, and re-computed with an independent
    // Python MurmurHash3. They must never change: a change would move live members between variants mid-experiment.
    // [member, layer bucket of `layer:travel-ranking:<id>`, variant bucket of `variant:travel-taste-weight-v1:<id>`,
    //  outcome: holdout at ≥ 9,500, in at < 5,000, control below variant bucket 5,000].
    const golden: [string, number, number, string][] = [
      ['member-0', 9333, 3876, ''],
      ['member-1', 6144, 5546, ''],
      ['member-2', 3467, 4363, 'control'],
      ['member-3', 1132, 8053, 'taste-5'],
      ['member-4', 9513, 4847, 'holdout'],
      ['member-5', 8739, 331, ''],
      ['member-6', 8325, 8144, ''],
      ['member-7', 4305, 6054, 'taste-5'],
      ['member-8', 6379, 3150, ''],
      ['member-9', 9574, 4790, 'holdout'],
      ['member-10', 370, 1461, 'control'],
      ['member-11', 7648, 7155, ''],
    ];
    const catalog = catalogOf(experiment());
    for (const [memberId, layerBucket, variantBucket, outcome] of golden) {
      expect(layerBucketOf('travel-ranking', memberId)).toBe(layerBucket);
      expect(variantBucketOf('travel-taste-weight-v1', memberId)).toBe(variantBucket);
      const assignments = catalog.assign('travel', { memberId, now: NOW });
      const label = assignments.map((a) => (a.holdout ? 'holdout' : a.variant)).join(',');
      expect([memberId, label]).toEqual([memberId, outcome]);
    }
    expect(catalog.assign('travel', { memberId: 'member-3', now: NOW })).toEqual([
      {
        holdout: false,
        experiment: 'travel-taste-weight',
        version: 3,
        layer: 'travel-ranking',
        unit: 'member',
        unitId: 'member-3',
        variant: 'taste-5',
        parameters: { 'travel.score.taste': 5 },
      },
    ]);
    expect(catalog.assign('travel', { memberId: 'member-4', now: NOW })).toEqual([
      { holdout: true, layer: 'travel-ranking', unit: 'member', unitId: 'member-4' },
    ]);
  });

  it('gives the golden city assignments', () => {
    // Layer buckets of `layer:networking-ranking:<city>`: paris 7310, berlin 6656, lisbon 2841, oslo 5661; lisbon's
    // variant bucket (`variant:networking-exposure-boost-v1:lisbon`) is 1394, so control.
    const catalog = ExperimentCatalog.fromDefinitions(
      [{ name: 'networking-ranking', holdout: 0.05 }],
      [
        experiment({
          name: 'networking-exposure-boost',
          scenario: 'networking',
          layer: 'networking-ranking',
          salt: 'networking-exposure-boost-v1',
          unit: 'city',
          variants: [
            { name: 'control', weight: 1, parameters: {} },
            { name: 'boost', weight: 1, parameters: { 'networking.exposure.maxBoost': 0.9 } },
          ],
        }),
      ],
      options,
    );
    const labels = ['paris', 'berlin', 'lisbon', 'oslo'].map((city) =>
      catalog
        .assign('networking', { memberId: 'm1', city, now: NOW })
        .map((a) => (a.holdout ? 'holdout' : a.variant)),
    );
    expect(labels).toEqual([[], [], ['control'], []]);
    expect(catalog.assign('networking', { memberId: 'm1', now: NOW })).toEqual([]); // no city, no city unit
    expect(catalog.assign('travel', { memberId: 'm1', city: 'lisbon', now: NOW })).toEqual([]); // other scenario
  });

  it('keeps every unit in its variant when the share grows, and a share holds its part of the units', () => {
    const ids = memberIds(10_000);
    const small = variantsIn(
      catalogOf(experiment({ allocation: { offset: 0, share: 0.2 } })),
      'travel-ranking',
      ids,
    );
    const large = variantsIn(
      catalogOf(experiment({ allocation: { offset: 0, share: 0.5 } })),
      'travel-ranking',
      ids,
    );
    expect(small.size).toBeGreaterThan(1800);
    for (const [memberId, variant] of small) expect(large.get(memberId)).toBe(variant);
    expect(Math.abs(large.size / ids.length - 0.5)).toBeLessThan(0.02);
    const control = [...large.values()].filter((v) => v === 'control').length;
    expect(Math.abs(control / large.size - 0.5)).toBeLessThan(0.03);
  });

  it('puts no unit in two experiments of one layer', () => {
    const catalog = catalogOf(
      experiment({ allocation: { offset: 0, share: 0.3 } }),
      experiment({
        name: 'travel-affinity',
        salt: 'travel-affinity-v1',
        allocation: { offset: 0.3, share: 0.3 },
        variants: [
          { name: 'control', weight: 1, parameters: {} },
          { name: 'affinity-2', weight: 1, parameters: { 'travel.score.affinity': 2 } },
        ],
      }),
    );
    const counts = new Map<string, number>();
    for (const memberId of memberIds(10_000)) {
      const assignments = catalog.assign('travel', { memberId, now: NOW });
      expect(assignments.length).toBeLessThanOrEqual(1);
      for (const a of assignments) {
        const key = a.holdout ? 'holdout' : a.experiment;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    expect(Math.abs(counts.get('travel-taste-weight')! / 10_000 - 0.3)).toBeLessThan(0.02);
    expect(Math.abs(counts.get('travel-affinity')! / 10_000 - 0.3)).toBeLessThan(0.02);
  });

  it('holds out about the layer holdout share, with no experiment for them', () => {
    const catalog = catalogOf(experiment({ allocation: { offset: 0, share: 0.95 } }));
    let holdouts = 0;
    for (const memberId of memberIds(10_000)) {
      const [a] = catalog.assign('travel', { memberId, now: NOW });
      expect(a).toBeDefined(); // 95% experiment + 5% holdout: everyone is somewhere
      if (a.holdout) holdouts++;
    }
    expect(Math.abs(holdouts / 10_000 - 0.05)).toBeLessThan(0.01);
  });

  it('splits each variant of one layer about evenly across the variants of another', () => {
    const catalog = catalogOf(
      experiment({ allocation: { offset: 0, share: 0.95 } }),
      experiment({
        name: 'travel-quota',
        layer: 'travel-retrieval',
        salt: 'travel-quota-v1',
        allocation: { offset: 0, share: 1 },
        variants: [
          { name: 'quota-200', weight: 1, parameters: {} },
          { name: 'quota-400', weight: 1, parameters: { 'travel.taste.quota': 400 } },
        ],
      }),
    );
    const table = new Map<string, number>();
    for (const memberId of memberIds(10_000)) {
      const assignments = catalog.assign('travel', { memberId, now: NOW });
      expect(assignments.map((a) => a.layer)).toEqual(
        assignments[0].layer === 'travel-ranking'
          ? ['travel-ranking', 'travel-retrieval']
          : ['travel-retrieval'],
      );
      const [ranking, retrieval] = assignments as VariantAssignment[];
      if (ranking.holdout) continue;
      const key = `${ranking.variant}/${retrieval.variant}`;
      table.set(key, (table.get(key) ?? 0) + 1);
    }
    for (const first of ['control', 'taste-5']) {
      const a = table.get(`${first}/quota-200`)!;
      const b = table.get(`${first}/quota-400`)!;
      expect(Math.abs(a / (a + b) - 0.5)).toBeLessThan(0.03);
    }
  });

  it('runs only between start and end', () => {
    const catalog = catalogOf(experiment());
    const inside = { memberId: 'member-3' };
    expect(catalog.assign('travel', { ...inside, now: Date.parse('2026-11-01T00:00:00Z') })).toHaveLength(1);
    expect(catalog.assign('travel', { ...inside, now: Date.parse('2026-10-31T23:59:59.999Z') })).toEqual([]);
    expect(catalog.assign('travel', { ...inside, now: Date.parse('2027-01-01T00:00:00Z') })).toEqual([]);
    const open = catalogOf(experiment({ end: undefined }));
    expect(open.assign('travel', { ...inside, now: Date.parse('2030-01-01T00:00:00Z') })).toHaveLength(1);
  });

  it('changes a switchback unit every window and keeps it within one', () => {
    const start = Date.parse('2026-11-01T00:00:00Z');
    const catalog = catalogOf(
      experiment({ unit: { type: 'switchback', windowMinutes: 60 }, allocation: { offset: 0, share: 0.95 } }),
    );
    const at = (minutes: number) =>
      catalog.assign('travel', { memberId: 'any', city: 'paris', now: start + minutes * 60_000 });
    expect(at(0)[0].unitId).toBe('paris@0');
    expect(at(59.99)[0].unitId).toBe('paris@0');
    expect(at(60)[0].unitId).toBe('paris@1');
    expect(at(60 * 24 + 5)[0]).toMatchObject({ unit: 'switchback', unitId: 'paris@24' });
    expect(catalog.assign('travel', { memberId: 'any', now: start })).toEqual([]); // no city, no switchback unit
    // Every member of the city gets the same arm in a window.
    const arm = (memberId: string, minutes: number) =>
      catalog.assign('travel', { memberId, city: 'paris', now: start + minutes * 60_000 })[0];
    expect(arm('a', 10)).toEqual({ ...arm('b', 50) });
    // Over many windows the city sees both variants.
    const seen = new Set<string>();
    for (let hour = 0; hour < 200; hour++) {
      const a = at(hour * 60 + 30)[0];
      seen.add(a.holdout ? 'holdout' : a.variant);
    }
    expect(seen).toEqual(new Set(['control', 'taste-5', 'holdout']));
  });

  it('serves interleaved and scripted variants', () => {
    const catalog = catalogOf(
      experiment({
        allocation: { offset: 0, share: 0.95 },
        variants: [
          { name: 'scripted', weight: 1, parameters: {}, script: 'places-taste-score-v2' },
          {
            name: 'interleaved',
            weight: 1,
            interleave: {
              A: { parameters: { 'travel.score.taste': 4 } },
              B: { parameters: { 'travel.score.taste': 5 }, script: 'places-taste-score-v2' },
            },
          },
        ],
      }),
    );
    const all = memberIds(50).flatMap((memberId) => catalog.assign('travel', { memberId, now: NOW }));
    const scripted = all.find((a) => !a.holdout && a.variant === 'scripted');
    const interleaved = all.find((a) => !a.holdout && a.variant === 'interleaved');
    expect(scripted).toMatchObject({ parameters: {}, script: 'places-taste-score-v2' });
    expect(scripted).not.toHaveProperty('interleave');
    expect(interleaved).toMatchObject({
      parameters: {},
      interleave: {
        A: { parameters: { 'travel.score.taste': 4 } },
        B: { parameters: { 'travel.score.taste': 5 }, script: 'places-taste-score-v2' },
      },
    });
  });

  it('gives weights their share of units', () => {
    const catalog = catalogOf(
      experiment({
        allocation: { offset: 0, share: 0.95 },
        variants: [
          { name: 'control', weight: 3, parameters: {} },
          { name: 'taste-5', weight: 1, parameters: { 'travel.score.taste': 5 } },
        ],
      }),
    );
    const variants = [...variantsIn(catalog, 'travel-ranking', memberIds(10_000)).values()];
    expect(Math.abs(variants.filter((v) => v === 'control').length / variants.length - 0.75)).toBeLessThan(
      0.02,
    );
  });
});

describe('ExperimentCatalog accessors', () => {
  it('lists experiments and layers by name, frozen, and finds by name', () => {
    const catalog = catalogOf(
      experiment({ name: 'zeta', salt: 'z' }),
      experiment({ name: 'alpha', salt: 'a', allocation: { offset: 0.5, share: 0.4 } }),
    );
    expect(catalog.experiments.map((e) => e.name)).toEqual(['alpha', 'zeta']);
    expect(catalog.layers.map((l) => l.name)).toEqual(['travel-ranking', 'travel-retrieval']);
    expect(catalog.find('zeta')?.salt).toBe('z');
    expect(catalog.find('nope')).toBeUndefined();
    expect(Object.isFrozen(catalog.experiments[0].variants[1])).toBe(true);
  });

  it('takes registries typed by their knob names, as the apps build them', () => {
    const travel = new ParameterRegistry([
      parameter({ name: 'travel.score.taste', default: 4, min: 0, max: 5, description: 'Taste weight.' }),
    ]);
    const catalog = ExperimentCatalog.fromDefinitions(travelLayers, [experiment()], {
      registries: { travel, networking: registries.networking },
    });
    expect(catalog.experiments).toHaveLength(1);
  });
});

describe('ExperimentCatalog validation', () => {
  it('reports out-of-bounds and unknown knobs by path', () => {
    const problems = problemsOf(() =>
      catalogOf(
        experiment({
          variants: [
            { name: 'control', weight: 1, parameters: { 'travel.score.tsate': 1 } },
            { name: 'taste-9', weight: 1, parameters: { 'travel.score.taste': 9 } },
            {
              name: 'quota',
              weight: 1,
              interleave: { A: { parameters: {} }, B: { parameters: { 'travel.taste.quota': 1.5 } } },
            },
          ],
        }),
      ),
    );
    expect(problems).toEqual([
      'travel-taste-weight.json: variants[0].parameters: travel.score.tsate is unknown',
      'travel-taste-weight.json: variants[1].parameters: travel.score.taste = 9 is out of its bounds [0, 5]',
      'travel-taste-weight.json: variants[2].interleave.B.parameters: travel.taste.quota must be a whole number, got 1.5',
    ]);
  });

  it('is strict about fields, and reports every problem of a file at once', () => {
    const problems = problemsOf(() =>
      catalogOf(
        experiment({
          name: 'Bad Name',
          version: 0,
          scenario: 'dating',
          salt: '',
          unit: { type: 'switchback', windowMinutes: 2 },
          allocation: { offset: 0.00001, share: 0.5 },
          start: '2026-11-01 00:00',
          variants: [
            { name: 'control', weight: 0, parameters: {}, colour: 'red' },
            {
              name: 'control',
              weight: 1,
              parameters: {},
              interleave: { A: { parameters: {} }, B: { parameters: {} } },
            },
            { name: 'scripted', weight: 1, parameters: {}, script: 'places-taste-score-v9' },
          ],
          owner: 'someone',
        } as Partial<Record<keyof ExperimentDefinition, unknown>>),
      ),
    );
    expect(problems).toEqual([
      'Bad Name.json: owner: is not a known field (known: name, version, description, scenario, layer, salt, unit, allocation, start, end, variants)',
      'Bad Name.json: name: must be a name of 1 to 64 characters a-z, 0-9 and -',
      'Bad Name.json: version: must be a positive integer',
      "Bad Name.json: scenario: must be one of 'travel', 'networking'",
      'Bad Name.json: salt: must be a non-empty string',
      'Bad Name.json: unit.windowMinutes: must be a whole number of minutes in [5, 10080]',
      'Bad Name.json: allocation.offset: must be a whole number of buckets (a multiple of 1/10000)',
      'Bad Name.json: start: must be an ISO-8601 date and time with a zone, e.g. 2026-11-01T00:00:00Z',
      'Bad Name.json: variants[0].colour: is not a known field (known: name, weight, parameters, script, interleave)',
      'Bad Name.json: variants[0].weight: must be a positive number',
      "Bad Name.json: variants[1].name: 'control' is used by another variant",
      'Bad Name.json: variants[1]: must have exactly one of parameters or interleave',
      'Bad Name.json: variants[2].script: "places-taste-score-v9" is not a known stored script (known: places-taste-score-v1, places-taste-score-v2)',
    ]);
  });

  it('checks times, variants and allocations within a file', () => {
    expect(problemsOf(() => catalogOf(experiment({ end: '2026-10-01T00:00:00Z' })))).toEqual([
      'travel-taste-weight.json: end: must be after start',
    ]);
    expect(problemsOf(() => catalogOf(experiment({ variants: [] })))).toEqual([
      'travel-taste-weight.json: variants: must be a non-empty array',
    ]);
    expect(
      problemsOf(() =>
        catalogOf(
          experiment({
            variants: [
              { name: 'a', weight: 1, parameters: {} },
              { name: 'b', weight: 0.00001, parameters: {} },
              { name: 'c', weight: 1, parameters: {} },
            ],
          }),
        ),
      ),
    ).toEqual(['travel-taste-weight.json: variants[1].weight: is too small to get a bucket']);
    expect(problemsOf(() => catalogOf(experiment({ allocation: { offset: 0, share: 0 } })))).toEqual([
      'travel-taste-weight.json: allocation.share: must be a number in (0, 1]',
    ]);
    expect(problemsOf(() => catalogOf(experiment({ unit: 'household' })))).toEqual([
      `travel-taste-weight.json: unit: must be 'member', 'city' or { "type": "switchback", "windowMinutes": n }`,
    ]);
    expect(problemsOf(() => catalogOf(experiment({ scenario: 'networking' })))).toEqual([
      'travel-taste-weight.json: variants[1].parameters: travel.score.taste is unknown',
    ]);
    expect(
      problemsOf(() =>
        ExperimentCatalog.fromDefinitions(
          travelLayers,
          [
            experiment({
              variants: [{ name: 'a', weight: 1, parameters: {}, script: 'places-taste-score-v1' }],
            }),
          ],
          {
            registries,
          },
        ),
      ),
    ).toEqual([
      'travel-taste-weight.json: variants[0].script: "places-taste-score-v1" is not a known stored script (known: none)',
    ]);
  });

  it('checks layers', () => {
    expect(
      problemsOf(() =>
        ExperimentCatalog.fromDefinitions(
          [
            { name: 'travel-ranking', holdout: 0.6 },
            { name: 'travel-ranking', holdout: 0 },
            { name: 'odd', holdout: 0.00001 },
          ],
          [],
          options,
        ),
      ),
    ).toEqual([
      'layers.json: layers[0].holdout: must be a number in [0, 0.5]',
      "layers.json: layers[1].name: 'travel-ranking' is defined twice",
      'layers.json: layers[2].holdout: must be a whole number of buckets (a multiple of 1/10000)',
    ]);
  });

  it('checks names, layers, scenarios and units across files', () => {
    const problems = problemsOf(() =>
      ExperimentCatalog.fromDefinitions(
        [...travelLayers, { name: 'shared', holdout: 0.05 }],
        [
          experiment(),
          experiment({ name: 'by-city', salt: 's2', unit: 'city', allocation: { offset: 0.6, share: 0.05 } }),
          experiment({ name: 'nowhere', salt: 's3', layer: 'no-such-layer' }),
          experiment({
            name: 'travel-in-shared',
            salt: 's4',
            layer: 'shared',
            variants: [{ name: 'a', weight: 1, parameters: {} }],
          }),
          experiment({
            name: 'networking-in-shared',
            salt: 's5',
            scenario: 'networking',
            layer: 'shared',
            allocation: { offset: 0.5, share: 0.1 },
            variants: [{ name: 'a', weight: 1, parameters: {} }],
          }),
          experiment({ salt: 'same-name', layer: 'travel-retrieval' }),
        ],
        options,
      ),
    );
    expect(problems).toEqual([
      "travel-taste-weight.json: name: 'travel-taste-weight' is also the name of travel-taste-weight.json",
      "nowhere.json: layer: 'no-such-layer' is not a layer of layers.json (layers: travel-ranking, travel-retrieval, shared)",
      "travel-in-shared.json: scenario: is 'travel' but layer 'shared' holds 'networking' experiments (networking-in-shared); a layer holds experiments of one scenario",
      "travel-taste-weight.json: unit: is 'member' but layer 'travel-ranking' holds 'city' experiments (by-city); a layer randomises one kind of unit",
      // The second travel-taste-weight, in travel-retrieval, also touches the knob of by-city's layer.
      "travel-taste-weight.json: variants[1].parameters: travel.score.taste is also overridden in layer 'travel-ranking' (by-city); two layers of one scenario must not override the same knob",
    ]);
  });

  it('checks that allocations fit and do not overlap', () => {
    const problems = problemsOf(() =>
      catalogOf(
        experiment(),
        experiment({ name: 'overlapping', salt: 's2', allocation: { offset: 0.4, share: 0.2 } }),
        experiment({ name: 'into-holdout', salt: 's3', allocation: { offset: 0.9, share: 0.1 } }),
        experiment({ name: 'beyond', salt: 's4', allocation: { offset: 0.7, share: 0.5 } }),
        experiment({
          name: 'switchback',
          salt: 's5',
          unit: { type: 'switchback', windowMinutes: 30 },
          allocation: { offset: 0.6, share: 0.05 },
        }),
      ),
    );
    // Compared with the experiments before them in name order (the first names the layer's unit kind).
    expect(problems).toEqual([
      "switchback.json: unit: is 'switchback' but layer 'travel-ranking' holds 'member' experiments (beyond); a layer randomises one kind of unit",
      'beyond.json: allocation: ends at 1.2, beyond 1',
      "into-holdout.json: allocation: [0.9, 1) overlaps the holdout [0.95, 1) of layer 'travel-ranking'",
      "into-holdout.json: allocation: [0.9, 1) overlaps [0.7, 1.2) of 'beyond' in layer 'travel-ranking'",
      "travel-taste-weight.json: allocation: [0, 0.5) overlaps [0.4, 0.6) of 'overlapping' in layer 'travel-ranking'",
    ]);
  });

  it('lets switchbacks of one layer differ in window, and experiments of one layer share knobs', () => {
    const switchback = (name: string, windowMinutes: number, offset: number) =>
      experiment({
        name,
        salt: name,
        unit: { type: 'switchback', windowMinutes },
        allocation: { offset, share: 0.3 },
      });
    expect(() => catalogOf(switchback('hourly', 60, 0), switchback('daily', 1440, 0.3))).not.toThrow();
  });

  it('rejects two layers of one scenario overriding the same knob', () => {
    const problems = problemsOf(() =>
      catalogOf(
        experiment(),
        experiment({
          name: 'retrieval-taste',
          salt: 's2',
          layer: 'travel-retrieval',
          variants: [
            { name: 'a', weight: 1, parameters: { 'travel.taste.quota': 300 } },
            { name: 'b', weight: 1, parameters: { 'travel.score.taste': 3 } },
          ],
        }),
      ),
    );
    expect(problems).toEqual([
      "retrieval-taste.json: variants[1].parameters: travel.score.taste is also overridden in layer 'travel-ranking' (travel-taste-weight); two layers of one scenario must not override the same knob",
    ]);
  });

  it('says how many problems there are, one per line', () => {
    try {
      catalogOf(experiment({ version: 1.5, salt: 7 }));
      throw new Error('expected an ExperimentFileError');
    } catch (error) {
      expect(error).toBeInstanceOf(ExperimentFileError);
      expect((error as Error).name).toBe('ExperimentFileError');
      expect((error as Error).message).toBe(
        '2 problems in the experiment files:\n' +
          '  travel-taste-weight.json: version: must be a positive integer\n' +
          '  travel-taste-weight.json: salt: must be a non-empty string',
      );
    }
  });
});
