import { OpenSearchError, illegalArgument, parseException } from '../errors';
import { DateFormatter, DEFAULT_DATE_FORMAT } from '../mapping/date-format';

/**
 * OpenSearch date math (JavaDateMathParser): `now` or `<date>||` followed by `+N<unit>`, `-N<unit>` and `/<unit>`
 * (rounding), units y M w d h H m s, evaluated in UTC against the request's `now`. With `roundUp` (the upper end of a
 * range: lte, gt) rounding goes to the last millisecond of the unit, and a date without a time is read as its last
 * millisecond of the day (JavaDateFormatter's round-up parser).
 */
export function resolveDateMath(expression: string, now: number, roundUp: boolean, format?: string): number {
  const pattern = format ?? DEFAULT_DATE_FORMAT;
  let time: number;
  let math: string;
  if (expression.startsWith('now')) {
    time = now;
    math = expression.slice('now'.length);
  } else {
    const index = expression.indexOf('||');
    if (index === -1) return parseDateTime(expression, pattern, roundUp);
    time = parseDateTime(expression.slice(0, index), pattern, false);
    math = expression.slice(index + 2);
  }
  return parseMath(math, time, roundUp);
}

const MS_SECOND = 1000;
const MS_MINUTE = 60 * MS_SECOND;
const MS_HOUR = 60 * MS_MINUTE;
const MS_DAY = 24 * MS_HOUR;

const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/** JavaDateMathParser#parseMath, on a UTC ZonedDateTime. */
function parseMath(math: string, time: number, roundUp: boolean): number {
  let t = time;
  for (let i = 0; i < math.length;) {
    const c = math[i++];
    let round = false;
    let sign = 1;
    if (c === '/') round = true;
    else if (c === '-') sign = -1;
    else if (c !== '+') throw parseException(`operator not supported for date math [${math}]`);
    if (i >= math.length) throw parseException(`truncated date math [${math}]`);
    let num = 1;
    if (isDigit(math[i])) {
      const from = i;
      while (i < math.length && isDigit(math[i])) i++;
      if (i >= math.length) throw parseException(`truncated date math [${math}]`);
      num = Number.parseInt(math.slice(from, i), 10);
    }
    if (round && num !== 1)
      throw parseException(`rounding \`/\` can only be used on single unit types [${math}]`);
    const unit = math[i++];
    const n = sign * num;
    switch (unit) {
      case 'y':
        t = round ? startOf(t, 'year') : plusMonths(t, 12 * n);
        if (round && roundUp) t = plusMonths(t, 12);
        break;
      case 'M':
        t = round ? startOf(t, 'month') : plusMonths(t, n);
        if (round && roundUp) t = plusMonths(t, 1);
        break;
      case 'w':
        t = round ? startOf(t, 'week') : t + n * 7 * MS_DAY;
        if (round && roundUp) t += 7 * MS_DAY;
        break;
      case 'd':
        t = round ? floorTo(t, MS_DAY) : t + n * MS_DAY;
        if (round && roundUp) t += MS_DAY;
        break;
      case 'h':
      case 'H':
        t = round ? floorTo(t, MS_HOUR) : t + n * MS_HOUR;
        if (round && roundUp) t += MS_HOUR;
        break;
      case 'm':
        t = round ? floorTo(t, MS_MINUTE) : t + n * MS_MINUTE;
        if (round && roundUp) t += MS_MINUTE;
        break;
      case 's':
        t = round ? floorTo(t, MS_SECOND) : t + n * MS_SECOND;
        if (round && roundUp) t += MS_SECOND;
        break;
      default:
        throw parseException(`unit [${unit ?? ''}] not supported for date math [${math}]`);
    }
    // "subtract 1 millisecond to get the largest inclusive value"
    if (round && roundUp) t -= 1;
  }
  return t;
}

function floorTo(t: number, unit: number): number {
  return Math.floor(t / unit) * unit;
}

function startOf(t: number, unit: 'year' | 'month' | 'week'): number {
  const d = new Date(t);
  if (unit === 'week') {
    // TemporalAdjusters.previousOrSame(MONDAY), then LocalTime.MIN
    const day = floorTo(t, MS_DAY);
    const sinceMonday = (d.getUTCDay() + 6) % 7;
    return day - sinceMonday * MS_DAY;
  }
  const r = new Date(0);
  r.setUTCFullYear(d.getUTCFullYear(), unit === 'year' ? 0 : d.getUTCMonth(), 1);
  return r.getTime();
}

/** ZonedDateTime#plusMonths: the day of month is clamped to the length of the target month (Jan 31 + 1M = Feb 28/29). */
function plusMonths(t: number, months: number): number {
  if (months === 0) return t;
  const d = new Date(t);
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const r = new Date(0);
  r.setUTCFullYear(year, month + 1, 0); // last day of the target month
  const day = Math.min(d.getUTCDate(), r.getUTCDate());
  r.setUTCFullYear(year, month, day);
  r.setUTCHours(d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return r.getTime();
}

/**
 * JavaDateMathParser#parseDateTime: the field's formatter, or its round-up variant (missing hour, minute, second and
 * fraction default to 23, 59, 59 and 999999999 ns); failures are "failed to parse date field [x] with format [f]: [...]".
 */
function parseDateTime(text: string, pattern: string, roundUp: boolean): number {
  if (text.length === 0) throw parseException('cannot parse empty date');
  const formatter = DateFormatter.forPattern(pattern);
  const value = formatter.tryParse(text);
  if (value === undefined) {
    let cause: OpenSearchError;
    try {
      formatter.parseMillis(text);
      cause = illegalArgument(`failed to parse date field [${text}] with format [${pattern}]`);
    } catch (error) {
      cause = error as OpenSearchError;
    }
    throw parseException(
      `failed to parse date field [${text}] with format [${pattern}]: [${cause.reason}]`,
      cause,
    );
  }
  return roundUp ? value + roundUpMillis(text, pattern) : value;
}

/** The time the round-up parser adds for the fields the text leaves out (JavaDateFormatter's ROUND_UP defaults). */
function roundUpMillis(text: string, pattern: string): number {
  for (const part of pattern.split('||')) {
    if (DateFormatter.forPattern(part).tryParse(text) === undefined) continue;
    if (part === 'epoch_millis') return 0;
    if (part === 'epoch_second') return text.includes('.') ? 0 : 999;
    const fields = /[A-Za-z]/.test(part) && !part.includes('_') ? patternFields(part) : textFields(text);
    if (!fields.hour) return 23 * MS_HOUR + 59 * MS_MINUTE + 59 * MS_SECOND + 999;
    if (!fields.minute) return 59 * MS_MINUTE + 59 * MS_SECOND + 999;
    if (!fields.second) return 59 * MS_SECOND + 999;
    return fields.fraction ? 0 : 999;
  }
  return 0;
}

interface TimeFields {
  hour: boolean;
  minute: boolean;
  second: boolean;
  fraction: boolean;
}

/** Which time fields a java.time pattern prints (letters outside quotes). */
function patternFields(pattern: string): TimeFields {
  const letters = pattern.replace(/'[^']*'/g, '');
  return {
    hour: /[HkKh]/.test(letters),
    minute: /m/.test(letters),
    second: /s/.test(letters),
    fraction: /[SnN]/.test(letters),
  };
}

/** Which time fields an ISO-like text carries (named formats: date_optional_time and its relatives). */
function textFields(text: string): TimeFields {
  const m = /T(\d+)?(?::?(\d{2}))?(?::?(\d{2}))?([.,]\d+)?/.exec(text);
  return { hour: !!m?.[1], minute: !!m?.[2], second: !!m?.[3], fraction: !!m?.[4] };
}
