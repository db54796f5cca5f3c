import { OpenSearchError, illegalArgument } from '../errors';
import { javaDouble, javaFloat, javaNumber } from './java-text';

/**
 * Numeric field values as OpenSearch parses them from a JSON document
 * (NumberFieldMapper.NumberType#parse(XContentParser, coerce), AbstractXContentParser#longValue/intValue/...,
 * Numbers#toLong, ScaledFloatFieldMapper#parseCreateField).
 */
export type NumericType =
  'long' | 'integer' | 'short' | 'byte' | 'double' | 'float' | 'half_float' | 'scaled_float';

export const NUMERIC_TYPES: ReadonlySet<string> = new Set([
  'long',
  'integer',
  'short',
  'byte',
  'double',
  'float',
  'half_float',
  'scaled_float',
]);

const numberFormat = (text: string): OpenSearchError =>
  new OpenSearchError(400, 'number_format_exception', `For input string: "${text}"`);

/** Jackson's InputCoercionException for a JSON number out of the target range (location suffix omitted). */
const inputCoercion = (reason: string): OpenSearchError =>
  new OpenSearchError(400, 'input_coercion_exception', reason);

/** Jackson refuses numeric accessors on a non-numeric token (location suffix omitted). */
export const notNumeric = (value: unknown): OpenSearchError =>
  new OpenSearchError(
    400,
    'json_parse_exception',
    `Current token (${jsonTokenName(value)}) not numeric, can not use numeric value accessors`,
  );

export function jsonTokenName(value: unknown): string {
  if (value === true) return 'VALUE_TRUE';
  if (value === false) return 'VALUE_FALSE';
  if (value === null) return 'VALUE_NULL';
  if (typeof value === 'string') return 'VALUE_STRING';
  if (typeof value === 'number')
    return Number.isSafeInteger(value) ? 'VALUE_NUMBER_INT' : 'VALUE_NUMBER_FLOAT';
  if (Array.isArray(value)) return 'START_ARRAY';
  return 'START_OBJECT';
}

const JAVA_DOUBLE = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)$/;
const BIG_DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const JAVA_LONG = /^[+-]?\d+$/;

/** Double.parseDouble: trims ASCII control/space, accepts NaN, Infinity and a trailing f/d. */
export function javaParseDouble(text: string): number {
  // eslint-disable-next-line no-control-regex
  const trimmed = text.replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
  if (!JAVA_DOUBLE.test(trimmed)) throw numberFormat(text);
  const bare = trimmed.replace(/[fFdD]$/, '');
  if (bare.endsWith('NaN')) return NaN;
  return Number(bare);
}

/** Float.parseFloat. */
export function javaParseFloat(text: string): number {
  return Math.fround(javaParseDouble(text));
}

const LONG_MAX = 9223372036854775807n;
const LONG_MIN = -9223372036854775808n;
const TWO_63 = 9223372036854775808; // 2^63 as a double

/** Numbers#toLong: Long.parseLong, then BigDecimal with range check and truncation (coerce) or exactness. */
export function toLong(text: string, coerce: boolean): number {
  if (JAVA_LONG.test(text)) {
    const big = BigInt(text);
    if (big <= LONG_MAX && big >= LONG_MIN) return Number(big);
  }
  if (!BIG_DECIMAL.test(text)) throw illegalArgument(`For input string: "${text}"`);
  const [integral, fraction] = bigDecimalParts(text);
  // BIGDECIMAL_GREATER_THAN_LONG_MAX_VALUE = Long.MAX_VALUE + 1, BIGDECIMAL_LESS_THAN_LONG_MIN_VALUE = Long.MIN_VALUE - 1
  if (integral > LONG_MAX || integral < LONG_MIN - 1n || (integral === LONG_MIN - 1n && fraction === 0)) {
    throw illegalArgument(`Value [${text}] is out of range for a long`);
  }
  if (!coerce && fraction !== 0) throw illegalArgument(`Value [${text}] has a decimal part`);
  if (integral > LONG_MAX || integral < LONG_MIN)
    throw illegalArgument(`Value [${text}] is out of range for a long`);
  return Number(integral);
}

/** The truncated integral part of a BigDecimal literal, and the sign of what was cut off (0 when exact). */
function bigDecimalParts(text: string): [bigint, number] {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text)!;
  const negative = match[1] === '-';
  let digits = (match[2] || '') + (match[3] || '');
  let scale = (match[3] || '').length - Number(match[4] || 0);
  if (digits === '') digits = '0';
  if (scale <= 0) {
    if (-scale > 400) return [negative ? -(10n ** 400n) : 10n ** 400n, 0];
    const value = BigInt(digits) * 10n ** BigInt(-scale);
    return [negative ? -value : value, 0];
  }
  if (scale > digits.length) scale = Math.min(scale, digits.length + 1);
  const cut = digits.length - scale;
  const integral = cut > 0 ? BigInt(digits.slice(0, cut)) : 0n;
  const rest = cut > 0 ? digits.slice(cut) : digits;
  const fraction = /[1-9]/.test(rest) ? 1 : 0;
  return [negative ? -integral : integral, fraction];
}

/** HalfFloatPoint: the float rounded to the nearest IEEE half (round half to even); ±Infinity past 65504. */
export function toHalfFloat(value: number): number {
  const f = Math.fround(value);
  if (!Number.isFinite(f) || f === 0) return f;
  const abs = Math.abs(f);
  const sign = f < 0 ? -1 : 1;
  if (abs >= 65520) return sign * Infinity; // 65504 + half an ulp (16) rounds up to infinity
  // spacing of halfs: 2^(e-10) for normals (e >= -14), 2^-24 for subnormals
  const exponent = Math.max(Math.floor(Math.log2(abs)), -14);
  const ulp = 2 ** (exponent - 10);
  const scaled = abs / ulp;
  let rounded = Math.floor(scaled);
  const diff = scaled - rounded;
  if (diff > 0.5 || (diff === 0.5 && rounded % 2 === 1)) rounded += 1;
  return sign * rounded * ulp;
}

export interface NumberOptions {
  coerce: boolean;
  /** scaled_float only */
  scalingFactor?: number;
}

/**
 * Parses one JSON value into the number the field indexes. `null` means "no value" (JSON null, or an empty
 * string with coerce: NumberFieldMapper#parseCreateField). Throws the exception OpenSearch's parser throws.
 */
export function parseNumber(type: NumericType, value: unknown, options: NumberOptions): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    if (options.coerce && value.length === 0) return null;
    return parseNumberString(type, value, options);
  }
  if (typeof value !== 'number') throw notNumeric(value);
  return parseNumberToken(type, value, options);
}

const CLASS_NAMES: Record<NumericType, string> = {
  long: 'Long',
  integer: 'Integer',
  short: 'Short',
  byte: 'Integer', // BYTE parses through parser.intValue
  double: 'Double',
  float: 'Float',
  half_float: 'Float',
  scaled_float: 'Double',
};

function parseNumberString(type: NumericType, text: string, options: NumberOptions): number {
  if (!options.coerce) throw illegalArgument(`${CLASS_NAMES[type]} value passed as String`);
  switch (type) {
    case 'long':
      return toLong(text, true);
    case 'integer':
      return javaIntCast(rangeChecked(javaParseDouble(text), -2147483648, 2147483647, text, 'an integer'));
    case 'short':
      return javaIntCast(rangeChecked(javaParseDouble(text), -32768, 32767, text, 'a short'));
    case 'byte':
      return byteChecked(
        javaIntCast(rangeChecked(javaParseDouble(text), -2147483648, 2147483647, text, 'an integer')),
      );
    case 'double':
      return finiteChecked('double', javaParseDouble(text));
    case 'float':
      return finiteChecked('float', javaParseFloat(text));
    case 'half_float':
      return halfChecked(javaParseFloat(text));
    case 'scaled_float':
      return scaled(javaParseDouble(text), options.scalingFactor!);
  }
}

function parseNumberToken(type: NumericType, value: number, options: NumberOptions): number {
  const integral = Number.isSafeInteger(value);
  switch (type) {
    case 'long': {
      if (!(value >= -TWO_63 && value < TWO_63)) {
        throw inputCoercion(
          `Numeric value (${javaNumber(value)}) out of range of long (-9223372036854775808 - 9223372036854775807)`,
        );
      }
      return exactChecked(Math.trunc(value), value, options.coerce, 'Long');
    }
    case 'integer':
    case 'byte': {
      if (!(value >= -2147483648 && value <= 2147483647)) {
        throw inputCoercion(
          `Numeric value (${javaNumber(value)}) out of range of int (-2147483648 - 2147483647)`,
        );
      }
      const result = exactChecked(Math.trunc(value), value, options.coerce, 'Integer');
      return type === 'byte' ? byteChecked(result) : result;
    }
    case 'short': {
      if (!(value >= -32768 && value <= 32767)) {
        throw inputCoercion(`Numeric value (${javaNumber(value)}) out of range of Java short`);
      }
      return exactChecked(Math.trunc(value), value, options.coerce, 'Short');
    }
    case 'double':
      return finiteChecked('double', value);
    case 'float':
      return finiteChecked('float', Math.fround(value));
    case 'half_float':
      return halfChecked(Math.fround(value));
    case 'scaled_float':
      return scaled(integral ? value : value, options.scalingFactor!);
  }
}

/** AbstractXContentParser#ensureNumberConversion (coerce false): the truncation must not lose anything. */
function exactChecked(result: number, full: number, coerce: boolean, className: string): number {
  if (!coerce && result !== full) {
    throw illegalArgument(`${javaDouble(full)} cannot be converted to ${className} without data loss`);
  }
  return result === 0 ? 0 : result;
}

function rangeChecked(value: number, min: number, max: number, text: string, what: string): number {
  if (value < min || value > max) throw illegalArgument(`Value [${text}] is out of range for ${what}`);
  return value;
}

/** Java's (int) cast of a double: truncation, NaN → 0. */
function javaIntCast(value: number): number {
  if (Number.isNaN(value)) return 0;
  const t = Math.trunc(value);
  return t === 0 ? 0 : t;
}

function byteChecked(value: number): number {
  if (value < -128 || value > 127) throw illegalArgument(`Value [${value}] is out of range for a byte`);
  return value;
}

function finiteChecked(type: 'double' | 'float', value: number): number {
  if (!Number.isFinite(value)) {
    throw illegalArgument(
      `[${type}] supports only finite values, but got [${type === 'float' ? javaFloat(value) : javaDouble(value)}]`,
    );
  }
  return value;
}

/** HALF_FLOAT#validateParsed checks the value after rounding to half precision; the stored value is that half. */
function halfChecked(value: number): number {
  const half = toHalfFloat(value);
  if (!Number.isFinite(half))
    throw illegalArgument(`[half_float] supports only finite values, but got [${javaFloat(value)}]`);
  return half;
}

/** ScaledFloatFieldMapper: indexes Math.round(v * factor); the value read back is that long / factor. */
function scaled(value: number, factor: number): number {
  if (!Number.isFinite(value))
    throw illegalArgument(`[scaled_float] only supports finite values, but got [${javaDouble(value)}]`);
  return Math.round(value * factor) / factor;
}
