import { ExperimentDefinition } from '@app/experiments';
import { ExposureRecord, SignalEvent } from '@app/signals';
import { analyseExperiment } from './experiment-report.analysis';

const START = Date.UTC(2026, 10, 1);
const MIN = 60_000;

const experiment = (overrides: Partial<ExperimentDefinition> = {}): ExperimentDefinition => ({
  name: 'taste',
  version: 1,
  description: '',
  scenario: 'travel',
  layer: 'ranking',
  salt: 'taste',
  unit: 'member',
  allocation: { offset: 0, share: 1 },
  start: new Date(START).toISOString(),
  variants: [
    { name: 'control', weight: 1, parameters: {} },
    { name: 'strong', weight: 1, parameters: { 'travel.score.taste': 5 } },
  ],
  ...overrides,
});

function exposure(
  requestId: string,
  memberId: string,
  variant: string,
  items: string[],
  at: number,
  extra: Partial<ExposureRecord> = {},
  unitId = memberId,
): ExposureRecord {
  return {
    requestId,
    scenario: 'travel',
    memberId,
    at,
    page: 1,
    experiments: [{ experiment: 'taste', version: 1, variant, unit: 'member', unitId }],
    items: items.map((id, position) => ({ id, position })),
    ...extra,
  };
}

let sequence = 0;
function event(
  type: SignalEvent['type'],
  memberId: string,
  target: string,
  at: number,
  requestId?: string,
  kind: 'place' | 'member' = 'place',
): SignalEvent {
  return {
    id: `e${++sequence}`,
    type,
    memberId,
    target: { kind, id: target },
    at,
    ...(requestId && { context: { requestId } }),
  };
}

describe('analyseExperiment', () => {
  const exposures = [
    exposure('r1', 'c1', 'control', ['p1', 'p2'], START + 1 * MIN),
    exposure('r2', 'c1', 'control', ['p3', 'p4'], START + 2 * MIN),
    exposure('r3', 'c2', 'control', ['p1'], START + 3 * MIN),
    exposure('r4', 't1', 'strong', ['p1', 'p2'], START + 4 * MIN),
    exposure('r5', 't2', 'strong', ['p5'], START + 5 * MIN),
    exposure('r6', 't2', 'strong', ['p6'], START + 6 * MIN),
    // Another experiment's page: not this one's.
    { ...exposure('r7', 'c1', 'x', ['p1'], START + 7 * MIN), experiments: [] },
  ];
  const events = [
    // Before the start: the CUPED covariate.
    event('save', 'c1', 'p0', START - MIN),
    event('save', 't1', 'p0', START - 2 * MIN),
    event('save', 't1', 'p8', START - MIN),
    // Quoting its request id.
    event('save', 'c1', 'p1', START + 10 * MIN, 'r1'),
    // Without one: the latest earlier page of the member that showed the place (r2).
    event('save', 'c1', 'p3', START + 11 * MIN),
    // Shown to nobody: left out.
    event('like', 'c2', 'p9', START + 12 * MIN),
    event('save', 't1', 'p2', START + 13 * MIN, 'r4'),
    event('save', 't1', 'p1', START + 14 * MIN),
    event('book', 't2', 'p6', START + 15 * MIN, 'r6'),
    // A request id of another member's page does not count.
    event('save', 't2', 'p1', START + 16 * MIN, 'r4'),
  ];

  it('sums exposures, items and attributed events per variant', () => {
    const report = analyseExperiment(experiment(), exposures, events);
    expect(report.control).toBe('control');
    expect(report.variants).toEqual([
      {
        variant: 'control',
        weight: 1,
        interleaved: false,
        units: 2,
        members: 2,
        exposures: 3,
        itemsShown: 5,
        events: { save: 2, like: 0, book: 0 },
      },
      {
        variant: 'strong',
        weight: 1,
        interleaved: false,
        units: 2,
        members: 2,
        exposures: 3,
        itemsShown: 4,
        events: { save: 2, like: 0, book: 1 },
      },
    ]);
    expect(report.attributedEvents).toBe(5);
    // c2's like of a place no page showed, and t2's save quoting t1's request.
    expect(report.unattributedEvents).toBe(2);
    expect(report.sampleRatio).toMatchObject({ chiSquare: 0, degreesOfFreedom: 1, mismatch: false });
  });

  it('compares members by events per exposure, and with CUPED over their events before the start', () => {
    const report = analyseExperiment(experiment(), exposures, events);
    const saves = report.comparisons.find((c) => c.metric === 'save')!;
    // Saves per exposure: control c1 2/2 = 1, c2 0/1 = 0; strong t1 2/1 = 2, t2 0/2 = 0.
    expect(saves).toMatchObject({
      level: 'member',
      treatment: 'strong',
      control: 'control',
      treatmentUnits: 2,
      controlUnits: 2,
    });
    expect(saves.result.meanC).toBe(0.5);
    expect(saves.result.meanT).toBe(1);
    expect(saves.result.difference).toBe(0.5);
    // Welch: √(0.5/2 + 2/2).
    expect(saves.result.standardError).toBeCloseTo(Math.sqrt(1.25), 12);
    // The pre-period saves (c1 1, c2 0, t1 2, t2 0) equal the outcomes here: θ = 1 and CUPED leaves no difference.
    expect(saves.cuped!.theta).toBeCloseTo(1, 12);
    expect(saves.cuped!.difference).toBeCloseTo(0, 12);
    expect(report.comparisons.map((c) => c.metric)).toEqual(['save', 'like', 'book']);
  });

  it('analyses city units at the cluster level: one rate per city', () => {
    const byCity = [
      exposure('r1', 'a', 'control', ['p1'], START + MIN, {}, 'Lisbon'),
      exposure('r2', 'b', 'control', ['p1'], START + MIN, {}, 'Lisbon'),
      exposure('r3', 'c', 'control', ['p1'], START + MIN, {}, 'Porto'),
      exposure('r4', 'd', 'strong', ['p1'], START + MIN, {}, 'Madrid'),
      exposure('r5', 'e', 'strong', ['p1'], START + MIN, {}, 'Paris'),
      exposure('r6', 'f', 'strong', ['p1'], START + MIN, {}, 'Paris'),
    ].map((r) => ({ ...r, experiments: r.experiments.map((e) => ({ ...e, unit: 'city' })) }));
    const saves = [
      event('save', 'a', 'p1', START + 2 * MIN, 'r1'),
      event('save', 'd', 'p1', START + 2 * MIN, 'r4'),
      event('save', 'e', 'p1', START + 2 * MIN, 'r5'),
      event('save', 'f', 'p1', START + 2 * MIN, 'r6'),
    ];
    const report = analyseExperiment(experiment({ unit: 'city' }), byCity, saves);
    const comparison = report.comparisons.find((c) => c.metric === 'save')!;
    // Control cities: Lisbon 1/2, Porto 0/1; treatment: Madrid 1/1, Paris 2/2.
    expect(comparison).toMatchObject({ level: 'cluster', treatmentUnits: 2, controlUnits: 2 });
    expect(comparison.result.meanC).toBe(0.25);
    expect(comparison.result.meanT).toBe(1);
    expect(comparison.cuped).toBeUndefined();
    expect(report.variants.map((v) => [v.variant, v.units, v.members])).toEqual([
      ['control', 2, 3],
      ['strong', 2, 3],
    ]);
  });

  it("credits an interleaved page's positive events to the teams of their positions", () => {
    const interleaved = experiment({
      variants: [{ name: 'a-vs-b', weight: 1, interleave: { A: { parameters: {} }, B: { parameters: {} } } }],
    });
    const teams = (requestId: string, memberId: string, picks: ('A' | 'B')[]) => ({
      ...exposure(
        requestId,
        memberId,
        'a-vs-b',
        picks.map((_, i) => `${requestId}-p${i}`),
        START + MIN,
      ),
      items: picks.map((team, position) => ({ id: `${requestId}-p${position}`, position, team })),
    });
    const pages = [
      teams('r1', 'm1', ['A', 'B', 'B', 'A']),
      teams('r2', 'm2', ['B', 'A', 'A', 'B']),
      teams('r3', 'm3', ['A', 'B', 'A', 'B']),
      teams('r4', 'm4', ['A', 'B', 'A', 'B']),
    ];
    const clicks = [
      event('save', 'm1', 'r1-p0', START + 2 * MIN, 'r1'), // A
      event('like', 'm2', 'r2-p1', START + 2 * MIN, 'r2'), // A
      event('like', 'm2', 'r2-p2', START + 3 * MIN, 'r2'), // A
      event('save', 'm3', 'r3-p0', START + 2 * MIN, 'r3'), // A
      event('save', 'm3', 'r3-p1', START + 2 * MIN, 'r3'), // B: a tie
      // m4 clicked nothing.
    ];
    const report = analyseExperiment(interleaved, pages, clicks);
    expect(report.comparisons).toEqual([]);
    expect(report.interleaving).toEqual([
      {
        variant: 'a-vs-b',
        preference: expect.objectContaining({ impressions: 4, withClicks: 3, winsA: 2, winsB: 0, ties: 1 }),
      },
    ]);
    // (2 + 0.5) / 3 − 0.5.
    expect(report.interleaving[0].preference.deltaAB).toBeCloseTo(1 / 3, 12);
  });

  it('counts a match for the member whose like answered an earlier like', () => {
    const networking = experiment({ scenario: 'networking' });
    const pages = [
      { ...exposure('r1', 'm1', 'control', ['m2'], START + MIN), scenario: 'networking' as const },
      { ...exposure('r2', 'm2', 'strong', ['m1'], START + 2 * MIN), scenario: 'networking' as const },
    ];
    const likes = [
      event('like', 'm1', 'm2', START + 3 * MIN, 'r1', 'member'),
      event('like', 'm2', 'm1', START + 4 * MIN, 'r2', 'member'),
    ];
    const report = analyseExperiment(networking, pages, likes);
    expect(report.variants.map((v) => [v.variant, v.events])).toEqual([
      ['control', { like: 1, connect: 0, match: 0 }],
      ['strong', { like: 1, connect: 0, match: 1 }],
    ]);
  });

  it('refuses a control that is not a variant', () => {
    expect(() => analyseExperiment(experiment(), exposures, events, 'nope')).toThrow(
      'the experiment taste has no variant "nope"',
    );
  });
});
