import { OpenSearchError } from '../errors';
import { DEFAULT_DATE_FORMAT, DateFormatter } from './date-format';

const JAN_1_2015 = 1420070400000; // Date.UTC(2015, 0, 1)

describe('DateFormatter', () => {
  const defaults = DateFormatter.forPattern(DEFAULT_DATE_FORMAT);

  it('parses strict_date_optional_time in its partial and complete forms', () => {
    expect(defaults.parseMillis('2015-01-01')).toBe(JAN_1_2015);
    expect(defaults.parseMillis('2015')).toBe(JAN_1_2015);
    // + 12 h 10 min 30 s = 43,830,000 ms
    expect(defaults.parseMillis('2015-01-01T12:10:30Z')).toBe(JAN_1_2015 + 43830000);
    // +01:00 is one hour earlier in UTC
    expect(defaults.parseMillis('2015-01-01T12:10:30.123+01:00')).toBe(JAN_1_2015 + 43830123 - 3600000);
    expect(defaults.parseMillis('2015-01-01T12:10:30,5')).toBe(JAN_1_2015 + 43830500);
  });

  it('falls back to epoch_millis, from text', () => {
    expect(defaults.parseMillis('1420070400001')).toBe(JAN_1_2015 + 1);
  });

  it('rejects what neither alternative accepts, as JavaDateFormatter words it', () => {
    let error: OpenSearchError | undefined;
    try {
      defaults.parseMillis('2015-02-30');
    } catch (e) {
      error = e as OpenSearchError;
    }
    expect(error?.type).toBe('illegal_argument_exception');
    expect(error?.reason).toBe(
      'failed to parse date field [2015-02-30] with format [strict_date_optional_time||epoch_millis]',
    );
    expect(error?.causedBy?.reason).toBe('Failed to parse with all enclosed parsers');
    expect(() => defaults.parseMillis('')).toThrow('cannot parse empty date');
  });

  it('parses Java patterns with literals, and clamps day 31 in SMART resolving', () => {
    expect(DateFormatter.forPattern('yyyy/MM/dd HH:mm:ss').parseMillis('2015/01/01 12:10:30')).toBe(
      JAN_1_2015 + 43830000,
    );
    expect(DateFormatter.forPattern("yyyy-MM-dd'T'HH:mmXXX").parseMillis('2015-01-01T12:10+02:00')).toBe(
      JAN_1_2015 + 43800000 - 7200000,
    );
    // 31 April → 30 April 2015 = Date.UTC(2015, 3, 30)
    expect(DateFormatter.forPattern('dd-MM-yyyy').parseMillis('31-04-2015')).toBe(1430352000000);
  });

  it('knows the named formats', () => {
    expect(DateFormatter.forPattern('basic_date').parseMillis('20150101')).toBe(JAN_1_2015);
    expect(DateFormatter.forPattern('epoch_second').parseMillis('1420070400.5')).toBe(JAN_1_2015 + 500);
    expect(
      DateFormatter.forPattern('strict_date_hour_minute_second').parseMillis('2015-01-01T00:00:01'),
    ).toBe(JAN_1_2015 + 1000);
    expect(DateFormatter.forPattern('year_month').parseMillis('2015-1')).toBe(JAN_1_2015);
    expect(DateFormatter.forPattern('strict_date').tryParse('2015-1-1')).toBeUndefined();
    expect(DateFormatter.forPattern('date').parseMillis('2015-1-1')).toBe(JAN_1_2015);
  });

  it('tries `||` alternatives in order', () => {
    const f = DateFormatter.forPattern('yyyy/MM/dd HH:mm:ss||yyyy/MM/dd||epoch_millis');
    expect(f.parseMillis('2015/01/01')).toBe(JAN_1_2015);
    expect(f.parseMillis('0')).toBe(0);
  });

  it('refuses unknown pattern letters', () => {
    expect(() => DateFormatter.forPattern('yyyy-ff')).toThrow(
      'Invalid format: [yyyy-ff]: Unknown pattern letter: f',
    );
  });
});
