import { minimumShouldMatch } from './minimum-should-match';

describe('minimumShouldMatch (Queries#calculateMinShouldMatch)', () => {
  it('integers: the count itself, capped below at 0', () => {
    expect(minimumShouldMatch(2, 5)).toBe(2);
    expect(minimumShouldMatch('3', 5)).toBe(3);
    expect(minimumShouldMatch(' 7 ', 5)).toBe(7); // more than the clauses: the query matches nothing
    expect(minimumShouldMatch(0, 5)).toBe(0);
  });

  it('negative integers: all but that many', () => {
    expect(minimumShouldMatch(-1, 5)).toBe(4);
    expect(minimumShouldMatch('-2', 3)).toBe(1);
    expect(minimumShouldMatch(-9, 3)).toBe(0); // 3 - 9 < 0 -> 0
  });

  it('percentages: (int) (count * pct * 0.01f), rounded toward zero', () => {
    expect(minimumShouldMatch('75%', 4)).toBe(3); // 4 * 75 = 300 * 0.01f = 3.0
    expect(minimumShouldMatch('75%', 3)).toBe(2); // 225 * 0.01f = 2.25 -> 2
    expect(minimumShouldMatch('66%', 3)).toBe(1); // 198 * 0.01f = 1.98 -> 1
    expect(minimumShouldMatch('100%', 3)).toBe(3);
    expect(minimumShouldMatch('10%', 3)).toBe(0); // 0.3 -> 0
  });

  it('negative percentages: count + (int) (count * pct * 0.01f)', () => {
    expect(minimumShouldMatch('-25%', 4)).toBe(3); // 4 + (int) -1.0 = 3
    expect(minimumShouldMatch('-25%', 3)).toBe(3); // 3 + (int) -0.75 = 3 + 0 = 3
    expect(minimumShouldMatch('-34%', 3)).toBe(2); // 3 + (int) -1.02 = 2
  });

  it('conditional: "n<spec" applies spec when there are more than n clauses', () => {
    expect(minimumShouldMatch('3<90%', 3)).toBe(3); // 3 <= 3: all clauses
    expect(minimumShouldMatch('3<90%', 5)).toBe(4); // 5 * 90 = 450 * 0.01f = 4.5 -> 4
    expect(minimumShouldMatch('2<-1', 2)).toBe(2);
    expect(minimumShouldMatch('2<-1', 4)).toBe(3);
    expect(minimumShouldMatch(' 3 < 90% ', 5)).toBe(4); // spaces around '<' are removed
  });

  it('several conditions: the last one whose bound is exceeded wins', () => {
    const spec = '2<-25% 9<-3';
    expect(minimumShouldMatch(spec, 1)).toBe(1); // 1 <= 2: all
    expect(minimumShouldMatch(spec, 2)).toBe(2);
    expect(minimumShouldMatch(spec, 4)).toBe(3); // 4 + (int) -1.0
    expect(minimumShouldMatch(spec, 9)).toBe(7); // 9 + (int) -2.25 = 7 (9 <= 9 stops before -3)
    expect(minimumShouldMatch(spec, 12)).toBe(9); // 12 - 3
  });

  it('rejects what Integer.parseInt rejects', () => {
    expect(() => minimumShouldMatch('abc', 3)).toThrow('For input string: "abc"');
    expect(() => minimumShouldMatch('1.5', 3)).toThrow();
  });
});
