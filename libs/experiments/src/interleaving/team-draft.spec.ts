import fc from 'fast-check';
import { seededRandom } from '../seeded-random';
import { interleavingOutcome, interleavingPreference, teamDraftInterleave } from './team-draft';

/** Returns the given coin values in turn: below 0.5 is A. */
function coins(...values: number[]): () => number {
  return () => {
    const value = values.shift();
    if (value === undefined) throw new Error('one coin flip too many');
    return value;
  };
}

describe('teamDraftInterleave', () => {
  it('follows the worked example of Radlinski et al. (2008)', () => {
    // A = a b c d g h, B = b e a f g h. Coin A: a(A); B has fewer: b(B); coin B: e(B) (b is taken); A has fewer: c(A);
    // coin A: d(A); B has fewer: f(B) (a is taken). Coins are flipped only when the picks are even.
    const result = teamDraftInterleave(
      ['a', 'b', 'c', 'd', 'g', 'h'],
      ['b', 'e', 'a', 'f', 'g', 'h'],
      6,
      coins(0.1, 0.9, 0.2),
    );
    expect(result.ids).toEqual(['a', 'b', 'e', 'c', 'd', 'f']);
    expect(result.teams).toEqual(['A', 'B', 'B', 'A', 'A', 'B']);
  });

  it('lets the other team pick when a list is used up, and stops when both are', () => {
    const result = teamDraftInterleave(['x'], ['y', 'x', 'z', 'w'], 10, coins(0.1));
    expect(result.ids).toEqual(['x', 'y', 'z', 'w']);
    expect(result.teams).toEqual(['A', 'B', 'B', 'B']);
    expect(teamDraftInterleave([], [], 5, coins())).toEqual({ ids: [], teams: [] });
    expect(teamDraftInterleave(['a'], ['b'], 0, coins())).toEqual({ ids: [], teams: [] });
  });

  it('keeps its properties on any rankings', () => {
    const ranking = fc.uniqueArray(fc.constantFrom(...'abcdefghijklmnop'), { maxLength: 12 });
    fc.assert(
      fc.property(ranking, ranking, fc.integer({ min: 0, max: 20 }), fc.string(), (a, b, length, seed) => {
        const { ids, teams } = teamDraftInterleave(a, b, length, seededRandom(seed));
        const union = new Set([...a, ...b]);
        expect(ids.length).toBe(Math.min(length, union.size));
        expect(teams.length).toBe(ids.length);
        expect(new Set(ids).size).toBe(ids.length); // no duplicates
        // Each team always takes its best item not yet shown, so its top (picks) items are all shown.
        const picksA = teams.filter((t) => t === 'A').length;
        const picksB = teams.length - picksA;
        for (const top of [...a.slice(0, picksA), ...b.slice(0, picksB)]) expect(ids).toContain(top);
        // Each list's top item is among the first two shown.
        if (length >= 2)
          for (const top of [a[0], b[0]]) if (top !== undefined) expect(ids.slice(0, 2)).toContain(top);
        // As long as neither list is used up, the teams stay within one pick of each other.
        const usedUp = (ranking: string[]) => ranking.every((id) => ids.includes(id));
        if (!usedUp(a) && !usedUp(b)) expect(Math.abs(picksA - picksB)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('is the same for the same seed', () => {
    const a = ['1', '2', '3', '4', '5'];
    const b = ['5', '4', '3', '2', '1'];
    expect(teamDraftInterleave(a, b, 5, seededRandom('req-1'))).toEqual(
      teamDraftInterleave(a, b, 5, seededRandom('req-1')),
    );
  });
});

describe('interleavingOutcome', () => {
  const teams = ['A', 'B', 'B', 'A', 'A', 'B'] as const;
  it.each([
    [[0], 'A'],
    [[1, 2, 3], 'B'],
    [[0, 1], 'tie'],
    [[0, 0, 0, 1], 'tie'], // a position counts once
    [[], 'none'],
    [[42, -1], 'none'], // outside the list
  ])('credits clicks at %j as %s', (positions, expected) => {
    expect(interleavingOutcome(teams, positions)).toBe(expected);
  });
});

describe('interleavingPreference', () => {
  it('computes ΔAB and its interval by hand', () => {
    // 6 A wins, 2 B wins, 2 ties, 5 without clicks: n = 10, mean score (6 + 1) / 10 = 0.7, ΔAB = 0.2.
    // Σ(s − 0.7)² = 6 · 0.09 + 2 · 0.04 + 2 · 0.49 = 1.6; sd = √(1.6 / 9); half = 1.959964 · sd / √10 = 0.261328.
    const outcomes = [
      ...Array<'A'>(6).fill('A'),
      ...Array<'B'>(2).fill('B'),
      ...Array<'tie'>(2).fill('tie'),
      ...Array<'none'>(5).fill('none'),
    ];
    const preference = interleavingPreference(outcomes);
    expect(preference).toMatchObject({ impressions: 15, withClicks: 10, winsA: 6, winsB: 2, ties: 2 });
    expect(preference.deltaAB).toBeCloseTo(0.2, 14);
    const half = (1.959963984540054 * Math.sqrt(1.6 / 9)) / Math.sqrt(10);
    expect(half).toBeCloseTo(0.2613285, 7);
    expect(preference.ci95[0]).toBeCloseTo(0.2 - half, 12);
    expect(preference.ci95[1]).toBeCloseTo(0.2 + half, 12);
  });

  it('has no preference without clicks and no interval from one impression', () => {
    expect(interleavingPreference(['none', 'none']).deltaAB).toBeNaN();
    const one = interleavingPreference(['B']);
    expect(one.deltaAB).toBe(-0.5);
    expect(one.ci95[0]).toBeNaN();
  });
});
