import { illegalArgument, OpenSearchError } from '../errors';
import { DateFormatter, DEFAULT_DATE_FORMAT } from '../mapping/date-format';
import { toHalfFloat } from '../mapping/numeric';
import { FieldInfo } from '../mapping/types';
import { resolveDateMath } from './date-math';

/** Integer types and their ranges (NumberFieldMapper.NumberType). */
const INTEGER_RANGES: Record<string, [number, number]> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  long: [-Number.MAX_VALUE, Number.MAX_VALUE],
};

export const NUMERIC_FIELD_TYPES = new Set([
  'long',
  'integer',
  'short',
  'byte',
  'double',
  'float',
  'half_float',
  'scaled_float',
]);

function numberFrom(field: FieldInfo, value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') throw illegalArgument(`Can't parse boolean value [${value}] as a number`);
  const text = String(value).trim();
  const n = text === '' ? NaN : Number(text);
  if (Number.isNaN(n)) {
    if (
      field.type === 'long' ||
      field.type === 'integer' ||
      field.type === 'short' ||
      field.type === 'byte'
    ) {
      throw illegalArgument(`For input string: "${String(value)}"`);
    }
    throw new OpenSearchError(400, 'number_format_exception', `For input string: "${String(value)}"`);
  }
  return n;
}

/**
 * The value a document stores for `value` on a numeric field, or undefined when no document can hold it
 * (a decimal against an integer field: NumberType#termQuery answers MatchNoDocsQuery).
 */
export function numericTermValue(field: FieldInfo, value: unknown): number | undefined {
  const n = numberFrom(field, value);
  switch (field.type) {
    case 'float':
      return Math.fround(n);
    case 'half_float':
      return toHalfFloat(n);
    case 'double':
      return n;
    case 'scaled_float': {
      const factor = Number(field.params.scaling_factor);
      return Math.round(n * factor) / factor;
    }
    default: {
      if (!Number.isInteger(n)) return undefined;
      const [min, max] = INTEGER_RANGES[field.type] ?? INTEGER_RANGES.long;
      if (n < min || n > max)
        throw illegalArgument(`Value [${javaNumber(value)}] is out of range for ${article(field.type)}`);
      return n;
    }
  }
}

function article(type: string): string {
  return type === 'integer' ? 'an integer' : `a ${type}`;
}

function javaNumber(value: unknown): string {
  return typeof value === 'string' ? value : String(value);
}

/** Inclusive bounds [lo, hi] on the stored values of a numeric field for a range (NumberType#rangeQuery). */
export function numericRange(
  field: FieldInfo,
  from: unknown,
  to: unknown,
  includeLower: boolean,
  includeUpper: boolean,
): [number, number] {
  let lo = -Infinity;
  let hi = Infinity;
  const isInteger = field.type in INTEGER_RANGES;
  if (from !== undefined && from !== null) {
    const n = numberFrom(field, from);
    if (isInteger) lo = Number.isInteger(n) ? (includeLower ? n : n + 1) : Math.ceil(n);
    else lo = storedForm(field, n, includeLower ? 'up' : 'above');
  }
  if (to !== undefined && to !== null) {
    const n = numberFrom(field, to);
    if (isInteger) hi = Number.isInteger(n) ? (includeUpper ? n : n - 1) : Math.floor(n);
    else hi = storedForm(field, n, includeUpper ? 'down' : 'below');
  }
  return [lo, hi];
}

/**
 * A bound in the field's own precision: float fields compare as float32 (FloatPoint.nextUp/nextDown for exclusive
 * bounds), half floats as half floats, scaled floats on their scaled long.
 */
function storedForm(field: FieldInfo, n: number, direction: 'up' | 'above' | 'down' | 'below'): number {
  const exclusive = direction === 'above' || direction === 'below';
  switch (field.type) {
    case 'float': {
      const f = Math.fround(n);
      if (!exclusive) return f;
      return direction === 'above' ? nextFloat(f, 1) : nextFloat(f, -1);
    }
    case 'half_float': {
      const h = toHalfFloat(n);
      if (!exclusive) return h;
      return direction === 'above' ? nextHalfUp(h) : -nextHalfUp(-h);
    }
    case 'scaled_float': {
      const factor = Number(field.params.scaling_factor);
      // ScaledFloatFieldMapper#rangeQuery: lower = ceil(scaled) (or floor+1 when exclusive), upper = floor (or ceil-1).
      const scaled = n * factor;
      if (direction === 'up') return Math.ceil(scaled) / factor;
      if (direction === 'above') return (Math.floor(scaled) + 1) / factor;
      if (direction === 'down') return Math.floor(scaled) / factor;
      return (Math.ceil(scaled) - 1) / factor;
    }
    default:
      if (!exclusive) return n;
      return direction === 'above' ? nextDouble(n, 1) : nextDouble(n, -1);
  }
}

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
function nextFloat(f: number, direction: 1 | -1): number {
  if (f === 0) return direction * 1.401298464324817e-45;
  f32[0] = f;
  i32[0] += f > 0 === direction > 0 ? 1 : -1;
  return f32[0];
}

/** The spacing of half floats around |x| (10 mantissa bits; subnormals below 2^-14). */
function halfUlp(x: number): number {
  const a = Math.abs(x);
  if (a < 2 ** -14) return 2 ** -24;
  return 2 ** (Math.floor(Math.log2(a)) - 10);
}

/** HalfFloatPoint#nextUp. */
function nextHalfUp(h: number): number {
  if (h >= 0) return h + halfUlp(h);
  const a = -h;
  const isPowerOfTwo = a >= 2 ** -14 && 2 ** Math.floor(Math.log2(a)) === a;
  return -(a - (isPowerOfTwo ? halfUlp(a) / 2 : halfUlp(a)));
}

const f64 = new Float64Array(1);
const i64 = new BigInt64Array(f64.buffer);
function nextDouble(d: number, direction: 1 | -1): number {
  if (d === 0) return direction * Number.MIN_VALUE;
  f64[0] = d;
  i64[0] += d > 0 === direction > 0 ? 1n : -1n;
  return f64[0];
}

/** A date query value in epoch millis: date math and the field's (or the query's) format (DateFieldType#parseToLong). */
export function dateValue(
  field: FieldInfo,
  value: unknown,
  now: number,
  roundUp: boolean,
  format?: string,
): number {
  const pattern = format ?? (field.params.format as string | undefined) ?? DEFAULT_DATE_FORMAT;
  if (typeof value === 'number') return DateFormatter.forPattern(pattern).parseMillis(String(value));
  return resolveDateMath(String(value), now, roundUp, pattern);
}

/** Booleans.parseBoolean for query values. */
export function booleanValue(value: unknown): number {
  if (value === true || value === 'true') return 1;
  if (value === false || value === 'false' || value === '') return 0;
  throw illegalArgument(`Can't parse boolean value [${String(value)}], expected [true] or [false]`);
}
