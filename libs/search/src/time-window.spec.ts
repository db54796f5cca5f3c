import { windowStartHour } from './time-window';

describe('windowStartHour', () => {
  it('goes back the days asked, then down to the hour', () => {
    const now = Date.parse('2026-11-23T17:42:10.123Z');
    expect(windowStartHour(now, 7)).toBe('2026-11-16T17:00:00.000Z');
    expect(windowStartHour(now, 0.5)).toBe('2026-11-23T05:00:00.000Z');
    expect(windowStartHour(Date.parse('2026-11-23T18:00:00.000Z'), 1)).toBe('2026-11-22T18:00:00.000Z');
  });
});
