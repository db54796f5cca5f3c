import { nestsDeeperThan } from './strict-json';

describe('nestsDeeperThan', () => {
  it('counts arrays and objects, not values', () => {
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan({}, 1)).toBe(false);
    expect(nestsDeeperThan({}, 0)).toBe(true);
    expect(nestsDeeperThan({ a: [1, 2, { b: 'x' }] }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: [1, 2, { b: 'x' }] }, 2)).toBe(true);
    expect(nestsDeeperThan([[], [[]], {}], 3)).toBe(false);
    expect(nestsDeeperThan([[], [[[]]], {}], 3)).toBe(true);
  });

  it('checks any depth without recursion', () => {
    const deep = JSON.parse('['.repeat(200_000) + ']'.repeat(200_000));
    expect(nestsDeeperThan(deep, 32)).toBe(true);
    expect(nestsDeeperThan(deep, 200_000)).toBe(false);
  });
});
