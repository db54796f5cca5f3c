import {
  InterferenceRow,
  MEMBER_MEASURES,
  MemberMeasure,
  cityRows,
  cupedDifference,
  interferenceRows,
  signed,
  unitValues,
  verdictOf,
} from './experiment-simulate.interference';
import { MemberOutcome } from './simulate-networking.simulation';

const outcome = (
  id: string,
  city: string,
  matches: number,
  more: Partial<MemberOutcome> = {},
): MemberOutcome => ({
  id,
  city,
  impressionsSeen: 20,
  otherCitySeen: 0,
  likesGiven: 5,
  impressionsReceived: 20,
  likesReceived: 4,
  matches,
  daysSeen: 1,
  daysPresent: 1,
  ...more,
});

const measure = (name: string): MemberMeasure => MEMBER_MEASURES.find((m) => m.name === name)!;

/** Four members, one per city; m1 and m3 treated by member, c1 and c2 treated by city. */
const arms = {
  isTreatedMember: (id: string) => id === 'm1' || id === 'm3',
  isTreatedCity: (city: string) => city === 'c1' || city === 'c2',
};
const world = (matches: number[]) => matches.map((m, i) => outcome(`m${i + 1}`, `c${i + 1}`, m));

describe('interferenceRows', () => {
  const [row] = interferenceRows(
    {
      allControl: world([2, 4, 6, 8]),
      allTreatment: world([3, 5, 7, 9]),
      byMember: world([10, 0, 8, 2]),
      byCity: world([7, 5, 4, 4]),
    },
    arms,
    [measure('matches')],
  );

  it('takes the true effect as everyone-treated minus everyone-control', () => {
    expect(row.allControlMean).toBe(5);
    expect(row.allTreatmentMean).toBe(6);
    expect(row.trueEffect).toBe(1);
  });

  it('compares treated with control members of the member-randomised run (Welch)', () => {
    // treated [10, 8] (mean 9, variance 2), control [0, 2] (mean 1, variance 2): se = √(2/2 + 2/2) = √2, df = 2,
    // t(0.975, 2) = 4.3027 → half-width 6.0849.
    expect(row.memberLevel.difference).toBe(8);
    expect(row.memberLevel.treatedMembers).toBe(2);
    expect(row.memberLevel.controlMembers).toBe(2);
    expect(row.memberLevel.ci95[1] - 8).toBeCloseTo(4.3027 * Math.SQRT2, 3);
  });

  it('compares treated with control cities of the city-randomised run, one value per city', () => {
    // treated cities [7, 5] (variance 2), control [4, 4] (variance 0): se = 1, df = 1, t(0.975, 1) = 12.706.
    expect(row.cityLevel.difference).toBe(2);
    expect(row.cityLevel.treatmentClusters).toBe(2);
    expect(row.cityLevel.controlClusters).toBe(2);
    expect(row.cityLevel.ci95[1]).toBeCloseTo(2 + 12.706, 2);
  });

  it('takes out the chance imbalance with CUPED on the everyone-control values', () => {
    // Members: y = [10, 0, 8, 2], x = [2, 4, 6, 8] (mean 5): cov = Σ(x − 5)(y − 5) = −15 + 5 + 3 − 9 = −16,
    // var = 9 + 1 + 1 + 9 = 20, θ = −0.8; adjusted = y + 0.8(x − 5) = [7.6, −0.8, 8.8, 4.4]:
    // treated (m1, m3) 8.2, control (m2, m4) 1.8.
    expect(row.memberLevelCuped.difference).toBeCloseTo(6.4, 10);
    // Cities (one member each): y = [7, 5, 4, 4] (mean 5), x − 5 = [−3, −1, 1, 3]: cov = −6 + 0 − 1 − 3 = −10,
    // θ = −0.5; adjusted = y + 0.5(x − 5) = [5.5, 4.5, 4.5, 5.5]: treated (c1, c2) 5, control 5. The raw +2 was
    // all imbalance.
    expect(row.cityLevelCuped.difference).toBeCloseTo(0, 10);
  });

  it('measures spillover: each arm against the whole world of its own variant', () => {
    // By member: treated m1, m3 gave 10, 8 against 3, 7 in B (+7, +1: +4); control m2, m4 gave 0, 2 against 4, 8
    // in A (−4, −6: −5). By city: c1, c2 gave 7, 5 against 3, 5 (+4, 0: +2); c3, c4 gave 4, 4 against 6, 8 (−3).
    expect(row.memberSpillover).toEqual({ treated: 4, control: -5 });
    expect(row.citySpillover).toEqual({ treated: 2, control: -3 });
  });
});

describe('unitValues and cupedDifference', () => {
  it("average a city's members and leave out units without a covariate", () => {
    const outcomes = [outcome('a', 'c1', 2), outcome('b', 'c1', 4), outcome('c', 'c2', 9)];
    expect(unitValues(outcomes, measure('matches'), (o) => o.city)).toEqual(
      new Map([
        ['c1', 3],
        ['c2', 9],
      ]),
    );
    // Without a varying covariate θ = 0: the plain difference of the units that have one (c3 has none).
    const difference = cupedDifference(
      new Map([
        ['c1', 3],
        ['c2', 9],
        ['c3', 100],
        ['c4', 5],
      ]),
      new Map([
        ['c1', 1],
        ['c2', 1],
        ['c4', 1],
      ]),
      (city) => city === 'c1',
    );
    expect(difference.difference).toBe(3 - 7);
  });
});

describe('cityRows', () => {
  it("gives one row per member whose city's rate is the mean of its members, leaving out undefined values", () => {
    const outcomes = [
      outcome('a', 'c1', 5, { impressionsSeen: 40 }),
      outcome('b', 'c1', 1, { impressionsSeen: 0 }),
      outcome('c', 'c3', 2, { impressionsSeen: 10 }),
    ];
    expect(cityRows(outcomes, measure('matchesPerHundredSeen'), arms)).toEqual([
      { cluster: 'c1', variant: 'treatment', exposures: 1, events: 12.5 },
      { cluster: 'c3', variant: 'control', exposures: 1, events: 20 },
    ]);
  });
});

describe('the member measures', () => {
  it('read the outcome: days seen as a share of days present, matches per 100 profiles seen', () => {
    const o = outcome('a', 'c', 3, { daysSeen: 1, daysPresent: 4, impressionsSeen: 60 });
    expect(measure('daysSeen').valueOf(o)).toBe(0.25);
    expect(measure('matchesPerHundredSeen').valueOf(o)).toBe(5);
    expect(measure('daysSeen').valueOf({ ...o, daysPresent: 0 })).toBeUndefined();
  });
});

describe('verdictOf', () => {
  const row = (
    truth: number,
    member: [number, number, number],
    city: [number, number, number],
  ): InterferenceRow =>
    ({
      measure: measure('matches'),
      allControlMean: 10,
      allTreatmentMean: 10 + truth,
      trueEffect: truth,
      memberLevelCuped: { difference: member[0], ci95: [member[1], member[2]] },
      cityLevelCuped: { difference: city[0], ci95: [city[1], city[2]] },
    }) as unknown as InterferenceRow;

  it('says which estimate is nearer, by how much member level over-states, and which intervals cover the truth', () => {
    expect(verdictOf(row(0.5, [1.5, 1.2, 1.8], [0.6, 0.1, 1.1]))).toBe(
      'city-level is nearer the truth; member-level randomisation over-states it 3.0×; the member-level interval ' +
        'misses it, the city-level interval covers it',
    );
  });

  it('reports a wrong sign, an under-statement, and a truth hidden in the noise', () => {
    expect(verdictOf(row(-1, [0.5, 0.2, 0.8], [-0.9, -2, 0.2]))).toContain(
      'member-level randomisation gets the sign wrong (+0.500 against -1.000)',
    );
    expect(verdictOf(row(-1, [-0.5, -0.8, -0.2], [-0.9, -2, 0.2]))).toContain('under-states it (50% of it)');
    expect(verdictOf(row(0.5, [1, -1, 3], [0.6, 0.1, 1.1]))).toContain(
      'this run cannot tell a bias from noise',
    );
    expect(verdictOf(row(0.01, [1, 0.5, 1.5], [NaN, NaN, NaN]))).toBe(
      'member-level is nearer the truth; the change has next to no true effect (+0.010) and member-level ' +
        'randomisation reports +1.000; the member-level interval misses it, the city-level interval has none (too ' +
        'few units)',
    );
  });
});

describe('signed', () => {
  it('writes the sign of positive numbers and n/a for NaN', () => {
    expect(signed(0.5, 2)).toBe('+0.50');
    expect(signed(-0.5, 1)).toBe('-0.5');
    expect(signed(NaN, 1)).toBe('n/a');
  });
});
