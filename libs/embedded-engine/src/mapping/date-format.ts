import { OpenSearchError, illegalArgument } from '../errors';

/**
 * Date formats as OpenSearch's DateFormatter parses them (DateFormatters.java named formats, JavaDateFormatter
 * for `a||b` combinations, EpochTime for epoch_millis/epoch_second). Parsing yields epoch milliseconds (UTC
 * unless the text carries an offset). Printing is not needed here: `_source` keeps the original text.
 */

/** Parses one text or answers undefined; `strict` chooses STRICT resolving (named formats) over SMART (patterns). */
type Alternative = (text: string) => number | undefined;

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** fraction of a second as digits, e.g. "5" = 500 ms */
  fraction: string;
  /** "Z", "+01:00", "+0100", "+01" or "" */
  offset: string;
}

const ZONE = '(Z|[+-]\\d{2}(?::?\\d{2})?)';

/** STRICT_DATE_OPTIONAL_TIME: yyyy[-MM[-dd]]['T'[HH[:mm[:ss[.S{1,9}]]]][zone]] (DateFormatters.java). */
const STRICT_DATE_OPTIONAL_TIME = new RegExp(
  `^([+-]?\\d{4,10})(?:-(\\d{2})(?:-(\\d{2}))?)?(?:T(?:(\\d{2})(?::(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?)?${ZONE}?)?$`,
);
/** DATE_OPTIONAL_TIME: the same with 1-or-more-digit fields. */
const DATE_OPTIONAL_TIME = new RegExp(
  `^([+-]?\\d{1,9})(?:-(\\d{1,2})(?:-(\\d{1,2}))?)?(?:T(?:(\\d{1,2})(?::(\\d{1,2})(?::(\\d{1,2})(?:[.,](\\d{1,9}))?)?)?)?${ZONE}?)?$`,
);

function regexAlternative(regex: RegExp, strict: boolean): Alternative {
  return (text) => {
    const m = regex.exec(text);
    if (!m) return undefined;
    return resolve(
      {
        year: Number(m[1]),
        month: m[2] ? Number(m[2]) : 1,
        day: m[3] ? Number(m[3]) : 1,
        hour: m[4] ? Number(m[4]) : 0,
        minute: m[5] ? Number(m[5]) : 0,
        second: m[6] ? Number(m[6]) : 0,
        fraction: m[7] ?? '',
        offset: m[8] ?? '',
      },
      strict,
    );
  };
}

/** EpochTime.MILLIS_FORMATTER: optional minus, digits, optional fraction of a millisecond. */
const epochMillis: Alternative = (text) => {
  if (!/^-?\d{1,19}(?:\.\d{1,6})?$/.test(text)) return undefined;
  const value = Math.trunc(Number(text));
  return value === 0 ? 0 : value;
};

/** EpochTime.SECONDS_FORMATTER: seconds with an optional fraction (nanosecond precision), kept to the millisecond. */
const epochSecond: Alternative = (text) => {
  if (!/^-?\d{1,19}(?:\.\d{1,9})?$/.test(text)) return undefined;
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const millis = Number(whole) * 1000 + Number((fraction + '000').slice(0, 3));
  return text.startsWith('-') ? -millis : millis;
};

/** Named formats (DateFormatters#forPattern); the non-strict variants accept shorter fields. */
const NAMED: Record<string, () => Alternative> = {
  strict_date_optional_time: () => regexAlternative(STRICT_DATE_OPTIONAL_TIME, true),
  date_optional_time: () => regexAlternative(DATE_OPTIONAL_TIME, true),
  strict_date_optional_time_nanos: () => regexAlternative(STRICT_DATE_OPTIONAL_TIME, true),
  epoch_millis: () => epochMillis,
  epoch_second: () => epochSecond,
  strict_date: () => compilePattern('yyyy-MM-dd', true),
  date: () => compilePattern('y-M-d', true),
  strict_date_time: () => compilePattern("yyyy-MM-dd'T'HH:mm:ss.SSSZZ", true, true),
  date_time: () => compilePattern("y-M-d'T'H:m:s.SSSZZ", true, true),
  strict_date_time_no_millis: () => compilePattern("yyyy-MM-dd'T'HH:mm:ssZZ", true),
  date_time_no_millis: () => compilePattern("y-M-d'T'H:m:sZZ", true),
  strict_date_hour_minute_second: () => compilePattern("yyyy-MM-dd'T'HH:mm:ss", true),
  date_hour_minute_second: () => compilePattern("y-M-d'T'H:m:s", true),
  strict_date_hour_minute_second_millis: () => compilePattern("yyyy-MM-dd'T'HH:mm:ss.SSS", true, true),
  date_hour_minute_second_millis: () => compilePattern("y-M-d'T'H:m:s.SSS", true, true),
  strict_date_hour_minute_second_fraction: () => compilePattern("yyyy-MM-dd'T'HH:mm:ss.SSS", true, true),
  date_hour_minute_second_fraction: () => compilePattern("y-M-d'T'H:m:s.SSS", true, true),
  strict_date_hour_minute: () => compilePattern("yyyy-MM-dd'T'HH:mm", true),
  date_hour_minute: () => compilePattern("y-M-d'T'H:m", true),
  strict_date_hour: () => compilePattern("yyyy-MM-dd'T'HH", true),
  date_hour: () => compilePattern("y-M-d'T'H", true),
  basic_date: () => compilePattern('yyyyMMdd', true),
  basic_date_time: () => compilePattern("yyyyMMdd'T'HHmmss.SSSZ", true, true),
  basic_date_time_no_millis: () => compilePattern("yyyyMMdd'T'HHmmssZ", true),
  strict_year: () => compilePattern('yyyy', true),
  year: () => compilePattern('y', true),
  strict_year_month: () => compilePattern('yyyy-MM', true),
  year_month: () => compilePattern('y-M', true),
  strict_year_month_day: () => compilePattern('yyyy-MM-dd', true),
  year_month_day: () => compilePattern('y-M-d', true),
  strict_hour_minute_second: () => compilePattern('HH:mm:ss', true),
  hour_minute_second: () => compilePattern('H:m:s', true),
};

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

interface Slot {
  field:
    | 'year'
    | 'year2'
    | 'month'
    | 'monthName'
    | 'day'
    | 'hour'
    | 'minute'
    | 'second'
    | 'fraction'
    | 'offset'
    | 'ignore';
}

/**
 * A Java DateTimeFormatter pattern (yyyy, uuuu, MM, dd, HH, mm, ss, S…, Z/X/x offsets, 'quoted text', [optional])
 * compiled to a regular expression. `fractionVariable` lets `.SSS` take 1 to 9 digits as the named formats do.
 */
function compilePattern(pattern: string, strict: boolean, fractionVariable = false): Alternative {
  const slots: Slot[] = [];
  let regex = '';
  let depth = 0;
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i];
    if (c === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end < 0) throw new Error(`Pattern ends with an incomplete string literal: ${pattern}`);
      const literal = end === i + 1 ? "'" : pattern.slice(i + 1, end);
      regex += escapeRegex(literal);
      i = end + 1;
      continue;
    }
    if (c === '[') {
      regex += '(?:';
      depth++;
      i++;
      continue;
    }
    if (c === ']') {
      if (depth === 0) throw new Error(`Pattern invalid as it contains ] without previous [`);
      regex += ')?';
      depth--;
      i++;
      continue;
    }
    if (!/[A-Za-z]/.test(c)) {
      regex += escapeRegex(c);
      i++;
      continue;
    }
    let count = 1;
    while (pattern[i + count] === c) count++;
    i += count;
    const fixed = (n: number) => (count >= n ? `(\\d{${count}})` : `(\\d{${count},${n}})`);
    switch (c) {
      case 'y':
      case 'u':
      case 'Y':
        if (count === 2) {
          regex += '(\\d{2})';
          slots.push({ field: 'year2' });
        } else {
          regex += count >= 4 ? `([+-]?\\d{${count},10})` : '([+-]?\\d{1,10})';
          slots.push({ field: 'year' });
        }
        break;
      case 'M':
      case 'L':
        if (count >= 3) {
          regex += count === 3 ? '([A-Za-z]{3})' : '([A-Za-z]{3,9})';
          slots.push({ field: 'monthName' });
        } else {
          regex += fixed(2);
          slots.push({ field: 'month' });
        }
        break;
      case 'd':
        regex += fixed(2);
        slots.push({ field: 'day' });
        break;
      case 'H':
        regex += fixed(2);
        slots.push({ field: 'hour' });
        break;
      case 'm':
        regex += fixed(2);
        slots.push({ field: 'minute' });
        break;
      case 's':
        regex += fixed(2);
        slots.push({ field: 'second' });
        break;
      case 'S':
        regex += fractionVariable ? '(\\d{1,9})' : `(\\d{${count}})`;
        slots.push({ field: 'fraction' });
        break;
      case 'Z':
      case 'X':
      case 'x':
        regex += c === 'x' ? '([+-]\\d{2}(?::?\\d{2})?)' : ZONE;
        slots.push({ field: 'offset' });
        break;
      case 'E':
        regex += '([A-Za-z]{3,9})';
        slots.push({ field: 'ignore' });
        break;
      default:
        throw new Error(`Unknown pattern letter: ${c}`);
    }
  }
  if (depth !== 0) throw new Error(`Pattern invalid as it contains [ without matching ]`);
  const compiled = new RegExp(`^${regex}$`);
  return (text) => {
    const m = compiled.exec(text);
    if (!m) return undefined;
    const parts: Parts = {
      year: 1970,
      month: 1,
      day: 1,
      hour: 0,
      minute: 0,
      second: 0,
      fraction: '',
      offset: '',
    };
    for (let s = 0; s < slots.length; s++) {
      const v = m[s + 1];
      if (v === undefined) continue;
      switch (slots[s].field) {
        case 'year':
          parts.year = Number(v);
          break;
        case 'year2':
          parts.year = 2000 + Number(v); // ReducedPrintable base 2000
          break;
        case 'monthName': {
          const index = MONTHS.findIndex(
            (name) => (v.length === 3 ? name.slice(0, 3) : name) === v.toLowerCase(),
          );
          if (index < 0) return undefined;
          parts.month = index + 1;
          break;
        }
        case 'fraction':
          parts.fraction = v;
          break;
        case 'offset':
          parts.offset = v;
          break;
        case 'ignore':
          break;
        default:
          parts[slots[s].field as 'month' | 'day' | 'hour' | 'minute' | 'second'] = Number(v);
      }
    }
    return resolve(parts, strict);
  };
}

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Field ranges as java.time checks them; STRICT rejects Feb 30, SMART clamps a day 29-31 to the month's end. */
function resolve(p: Parts, strict: boolean): number | undefined {
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > 31) return undefined;
  if (p.hour > 23 || p.minute > 59 || p.second > 59) return undefined;
  const last = daysInMonth(p.year, p.month);
  let day = p.day;
  if (day > last) {
    if (strict) return undefined;
    day = last;
  }
  let offsetMinutes = 0;
  if (p.offset && p.offset !== 'Z') {
    const digits = p.offset.replace(':', '');
    const hours = Number(digits.slice(1, 3));
    const minutes = digits.length > 3 ? Number(digits.slice(3, 5)) : 0;
    if (hours > 18 || minutes > 59 || (hours === 18 && minutes > 0)) return undefined;
    offsetMinutes = (hours * 60 + minutes) * (digits[0] === '-' ? -1 : 1);
  }
  const millis = p.fraction.length === 0 ? 0 : Number((p.fraction + '000').slice(0, 3));
  let epoch: number;
  if (p.year >= 100) epoch = Date.UTC(p.year, p.month - 1, day, p.hour, p.minute, p.second, millis);
  else {
    // Date.UTC maps years 0-99 to 1900-1999
    const date = new Date(0);
    date.setUTCFullYear(p.year, p.month - 1, day);
    date.setUTCHours(p.hour, p.minute, p.second, millis);
    epoch = date.getTime();
  }
  return epoch - offsetMinutes * 60000;
}

/** A parsed `format` mapping parameter: one or more `||`-separated alternatives tried in order. */
export class DateFormatter {
  private constructor(
    readonly pattern: string,
    private readonly alternatives: Alternative[],
  ) {}

  private static readonly cache = new Map<string, DateFormatter>();

  /** DateFormatter#forPattern; an unusable pattern throws "Invalid format: [p]: <why>". */
  static forPattern(pattern: string): DateFormatter {
    const cached = DateFormatter.cache.get(pattern);
    if (cached) return cached;
    const alternatives: Alternative[] = [];
    for (const part of pattern.split('||')) {
      const named = NAMED[part];
      if (named) {
        alternatives.push(named());
        continue;
      }
      try {
        alternatives.push(compilePattern(part, false));
      } catch (error) {
        throw illegalArgument(`Invalid format: [${pattern}]: ${(error as Error).message}`);
      }
    }
    const formatter = new DateFormatter(pattern, alternatives);
    DateFormatter.cache.set(pattern, formatter);
    return formatter;
  }

  /** Epoch millis, or undefined when no alternative accepts the text (dynamic date detection). */
  tryParse(text: string): number | undefined {
    for (const alternative of this.alternatives) {
      const value = alternative(text);
      if (value !== undefined && !Number.isNaN(value)) return value;
    }
    return undefined;
  }

  /**
   * Epoch millis, or the exception DateFieldMapper reports: JavaDateFormatter#parse wraps java.time's
   * DateTimeParseException in "failed to parse date field [x] with format [f]"; "" is "cannot parse empty date".
   */
  parseMillis(text: string): number {
    if (text.length === 0) throw illegalArgument('cannot parse empty date');
    const value = this.tryParse(text);
    if (value !== undefined) return value;
    // JavaDateFormatter#doParse: several parsers (a `||` list, or a named format built from several) report
    // the summary; a single pattern reports java.time's own message (parse index not tracked here)
    const single = this.alternatives.length === 1 && NAMED[this.pattern] === undefined;
    const cause = new OpenSearchError(
      400,
      'date_time_parse_exception',
      single ? `Text '${text}' could not be parsed at index 0` : 'Failed to parse with all enclosed parsers',
    );
    throw illegalArgument(`failed to parse date field [${text}] with format [${this.pattern}]`, cause);
  }
}

/** DateFieldMapper.DEFAULT_DATE_TIME_FORMATTER */
export const DEFAULT_DATE_FORMAT = 'strict_date_optional_time||epoch_millis';

/** RootObjectMapper.Defaults.DYNAMIC_DATE_TIME_FORMATTERS */
export const DEFAULT_DYNAMIC_DATE_FORMATS = [
  DEFAULT_DATE_FORMAT,
  'yyyy/MM/dd HH:mm:ss||yyyy/MM/dd||epoch_millis',
];
