import { unitIdOf } from './subject';

describe('unitIdOf', () => {
  const start = Date.parse('2026-11-01T00:00:00Z');
  const subject = { memberId: 'm1', city: 'paris', now: start + 125 * 60_000 };

  it('is the member, the city, or the city in its switchback window', () => {
    expect(unitIdOf('member', subject, start)).toBe('m1');
    expect(unitIdOf('city', subject, start)).toBe('paris');
    // 125 minutes after the start: window 2 of an hour, window 4 of half an hour.
    expect(unitIdOf({ type: 'switchback', windowMinutes: 60 }, subject, start)).toBe('paris@2');
    expect(unitIdOf({ type: 'switchback', windowMinutes: 30 }, subject, start)).toBe('paris@4');
  });

  it('is undefined without a city for city and switchback units', () => {
    const cityless = { memberId: 'm1', now: start };
    expect(unitIdOf('member', cityless, start)).toBe('m1');
    expect(unitIdOf('city', cityless, start)).toBeUndefined();
    expect(
      unitIdOf({ type: 'switchback', windowMinutes: 60 }, { ...cityless, city: '' }, start),
    ).toBeUndefined();
  });
});
