import { parseTimeValue } from './time-value';

describe('parseTimeValue (TimeValue#parseTimeValue)', () => {
  it.each([
    ['7d', 7 * 86400000],
    ['12h', 12 * 3600000],
    ['90m', 90 * 60000],
    ['30s', 30000],
    ['250ms', 250],
    ['1500micros', 1],
    ['0', 0],
    ['-1', -1],
    [' 2D ', 2 * 86400000],
  ])('%s = %d ms', (text, millis) => {
    expect(parseTimeValue(text, 'x')).toBe(millis);
  });

  it('needs a unit, a whole number, and not a negative one', () => {
    expect(() => parseTimeValue('7x', 's')).toThrow(
      'failed to parse setting [s] with value [7x] as a time value: unit is missing or unrecognized',
    );
    expect(() => parseTimeValue('1.5d', 's')).toThrow(
      'failed to parse [1.5d], fractional time values are not supported',
    );
    expect(() => parseTimeValue('-2d', 's')).toThrow(
      'failed to parse setting [s] with value [-2d] as a time value: negative durations are not supported',
    );
    expect(() => parseTimeValue('7M', 's')).toThrow('unit is missing or unrecognized'); // 'M' is not minutes
  });
});

describe('time values of index settings', () => {
  it('parses what refresh_interval takes', () => {
    expect(parseTimeValue('1s', 'index.refresh_interval')).toBe(1000);
    expect(parseTimeValue('500ms', 'index.refresh_interval')).toBe(500);
    expect(parseTimeValue('2m', 'index.refresh_interval')).toBe(120_000);
    expect(parseTimeValue('-1', 'index.refresh_interval')).toBe(-1);
    expect(() => parseTimeValue('1', 'index.refresh_interval')).toThrow(
      'failed to parse setting [index.refresh_interval] with value [1] as a time value: unit is missing or unrecognized',
    );
  });
});
