import { illegalArgument, parseException } from './errors';

const MS_SECOND = 1000;
const MS_MINUTE = 60 * MS_SECOND;
const MS_HOUR = 60 * MS_MINUTE;
const MS_DAY = 24 * MS_HOUR;

/**
 * TimeValue#parseTimeValue in milliseconds (TimeValue#getMillis): a whole number with one of nanos, micros, ms, s,
 * m (minutes; case-sensitive), h, d; "0" alone is zero and "-1" minus one.
 */
export function parseTimeValue(text: string, settingName: string): number {
  const normalized = text.toLowerCase().trim();
  const units: [string, number][] = [
    ['nanos', 1e-6],
    ['micros', 1e-3],
    ['ms', 1],
    ['s', MS_SECOND],
  ];
  for (const [suffix, millis] of units) {
    if (normalized.endsWith(suffix))
      return Math.trunc(timeNumber(text, normalized, suffix, settingName) * millis);
  }
  if (text.endsWith('m')) return timeNumber(text, normalized, 'm', settingName) * MS_MINUTE;
  if (normalized.endsWith('h')) return timeNumber(text, normalized, 'h', settingName) * MS_HOUR;
  if (normalized.endsWith('d')) return timeNumber(text, normalized, 'd', settingName) * MS_DAY;
  if (/^-0*1$/.test(normalized)) return -1;
  if (/^0+$/.test(normalized)) return 0;
  throw illegalArgument(
    `failed to parse setting [${settingName}] with value [${text}] as a time value: unit is missing or unrecognized`,
  );
}

function timeNumber(initial: string, normalized: string, suffix: string, settingName: string): number {
  const s = normalized.slice(0, normalized.length - suffix.length).trim();
  if (/^[+-]?\d+$/.test(s)) {
    const value = Number(s);
    if (value < -1) {
      throw illegalArgument(
        `failed to parse setting [${settingName}] with value [${initial}] as a time value: negative durations are not supported`,
      );
    }
    return value;
  }
  if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/.test(s)) {
    throw parseException(`failed to parse [${initial}], fractional time values are not supported`);
  }
  throw parseException(`failed to parse [${initial}]`);
}
