import { OpenSearchError } from '../errors';
import { resolveDateMath } from './date-math';

// Wednesday 2024-01-10T15:30:45.123Z
const NOW = Date.UTC(2024, 0, 10, 15, 30, 45, 123);
const utc = (...p: [number, number, number?, number?, number?, number?, number?]) => Date.UTC(...p);

describe('resolveDateMath (JavaDateMathParser)', () => {
  it.each([
    ['now', false, NOW],
    ['now-7d/d', false, utc(2024, 0, 3)],
    ['now/d', true, utc(2024, 0, 10, 23, 59, 59, 999)],
    ['now/w', false, utc(2024, 0, 8)], // previous-or-same Monday
    ['now/w', true, utc(2024, 0, 14, 23, 59, 59, 999)],
    ['now/M', true, utc(2024, 0, 31, 23, 59, 59, 999)],
    ['now+1y/y', false, utc(2025, 0, 1)],
    ['now-1h/H', false, utc(2024, 0, 10, 14)],
    ['now+90m', false, NOW + 90 * 60000],
    ['now/m', false, utc(2024, 0, 10, 15, 30)],
    ['now/s', true, utc(2024, 0, 10, 15, 30, 45, 999)],
    ['now-1M-1d', false, utc(2023, 11, 9, 15, 30, 45, 123)],
    ['2024-01-31||+1M', false, utc(2024, 1, 29)], // day clamped to the month (leap year)
    ['2024-02-29||+1y', false, utc(2025, 1, 28)],
    ['2024-01-01||+1M/d', false, utc(2024, 1, 1)],
    ['2024-01-01', true, utc(2024, 0, 1, 23, 59, 59, 999)], // round-up parser fills the time
    ['2024-01-01T10:15', true, utc(2024, 0, 1, 10, 15, 59, 999)],
    ['2024-01-01T10:15:30.5Z', true, utc(2024, 0, 1, 10, 15, 30, 500)],
    ['1704067200000', true, 1704067200000], // epoch_millis: no rounding
  ])('%s (roundUp %s)', (expression, roundUp, expected) => {
    expect(resolveDateMath(expression as string, NOW, roundUp as boolean)).toBe(expected);
  });

  it('uses the given format', () => {
    expect(resolveDateMath('2024/03/05||+2d', NOW, false, 'yyyy/MM/dd')).toBe(utc(2024, 2, 7));
    expect(resolveDateMath('2024/03/05', NOW, true, 'yyyy/MM/dd')).toBe(utc(2024, 2, 5, 23, 59, 59, 999));
  });

  it.each([
    ['now+1x', 'unit [x] not supported for date math [+1x]'],
    ['now+', 'truncated date math [+]'],
    ['now+12', 'truncated date math [+12]'],
    ['now/2d', 'rounding `/` can only be used on single unit types [/2d]'],
    ['now*1d', 'operator not supported for date math [*1d]'],
  ])('%s is a parse_exception', (expression, reason) => {
    let error: unknown;
    try {
      resolveDateMath(expression, NOW, false);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OpenSearchError);
    expect((error as OpenSearchError).type).toBe('parse_exception');
    expect((error as OpenSearchError).reason).toBe(reason);
  });

  it('reports an unparseable date with its format', () => {
    expect(() => resolveDateMath('yesterday', NOW, false)).toThrow(
      'failed to parse date field [yesterday] with format [strict_date_optional_time||epoch_millis]: [failed to parse date field [yesterday] with format [strict_date_optional_time||epoch_millis]]',
    );
  });
});
