import { OpenSearchError } from '../errors';
import { javaParseDouble, parseNumber, toHalfFloat, toLong } from './numeric';

function failure(fn: () => unknown): OpenSearchError {
  try {
    fn();
  } catch (error) {
    return error as OpenSearchError;
  }
  throw new Error('expected a failure');
}

const coerce = { coerce: true };

describe('parseNumber (NumberFieldMapper.NumberType, AbstractXContentParser, Numbers#toLong)', () => {
  it('truncates decimals into integer types when coercing (Jackson long cast, BigDecimal#toBigInteger)', () => {
    expect(parseNumber('long', 12.7, coerce)).toBe(12);
    expect(parseNumber('long', -12.7, coerce)).toBe(-12);
    expect(parseNumber('long', '12.7', coerce)).toBe(12);
    expect(parseNumber('integer', '12.7', coerce)).toBe(12);
    expect(parseNumber('long', '1e3', coerce)).toBe(1000);
  });

  it('answers null for JSON null and for "" when coercing', () => {
    expect(parseNumber('long', null, coerce)).toBeNull();
    expect(parseNumber('long', '', coerce)).toBeNull();
  });

  it('rejects non-numeric strings with the exception each type raises', () => {
    const long = failure(() => parseNumber('long', 'abc', coerce));
    expect([long.type, long.reason]).toEqual(['illegal_argument_exception', 'For input string: "abc"']);
    const int = failure(() => parseNumber('integer', 'abc', coerce));
    expect([int.type, int.reason]).toEqual(['number_format_exception', 'For input string: "abc"']);
  });

  it('reports out-of-range values as OpenSearch and Jackson word them', () => {
    expect(failure(() => parseNumber('long', '3.0E19', coerce)).reason).toBe(
      'Value [3.0E19] is out of range for a long',
    );
    const json = failure(() => parseNumber('long', 3e19, coerce));
    expect(json.type).toBe('input_coercion_exception');
    expect(json.reason).toBe(
      'Numeric value (3.0E19) out of range of long (-9223372036854775808 - 9223372036854775807)',
    );
    expect(failure(() => parseNumber('integer', '2147483648', coerce)).reason).toBe(
      'Value [2147483648] is out of range for an integer',
    );
    expect(failure(() => parseNumber('byte', 128, coerce)).reason).toBe(
      'Value [128] is out of range for a byte',
    );
    expect(failure(() => parseNumber('short', '32768', coerce)).reason).toBe(
      'Value [32768] is out of range for a short',
    );
  });

  it('without coerce refuses strings and fractions', () => {
    expect(failure(() => parseNumber('long', '12', { coerce: false })).reason).toBe(
      'Long value passed as String',
    );
    expect(failure(() => parseNumber('long', 12.5, { coerce: false })).reason).toBe(
      '12.5 cannot be converted to Long without data loss',
    );
  });

  it('stores float and half_float values at their precision', () => {
    expect(parseNumber('float', 0.1, coerce)).toBe(Math.fround(0.1));
    // 0.1 = 1638.4 half-ulps of 2^-14 → 1638 × 2^-14
    expect(parseNumber('half_float', 0.1, coerce)).toBe(1638 / 16384);
    expect(failure(() => parseNumber('half_float', 70000, coerce)).reason).toBe(
      '[half_float] supports only finite values, but got [70000.0]',
    );
    expect(failure(() => parseNumber('double', '1e400', coerce)).reason).toBe(
      '[double] supports only finite values, but got [Infinity]',
    );
  });

  it('rounds scaled_float to the scaling factor: Math.round(v × f) / f', () => {
    // 12.345 × 10 = 123.45 → 123 → 12.3
    expect(parseNumber('scaled_float', 12.345, { coerce: true, scalingFactor: 10 })).toBe(12.3);
    // 2.5 × 100 = 250 → 2.5
    expect(parseNumber('scaled_float', '2.5', { coerce: true, scalingFactor: 100 })).toBe(2.5);
  });

  it('refuses booleans in numeric fields like Jackson', () => {
    const error = failure(() => parseNumber('long', true, coerce));
    expect([error.type, error.reason]).toEqual([
      'json_parse_exception',
      'Current token (VALUE_TRUE) not numeric, can not use numeric value accessors',
    ]);
  });
});

describe('helpers', () => {
  it('toHalfFloat rounds half to even and saturates past 65504', () => {
    expect(toHalfFloat(2049)).toBe(2048); // ulp 2 at 2^11: 1024.5 → 1024 (even)
    expect(toHalfFloat(2051)).toBe(2052); // 1025.5 → 1026 (even)
    expect(toHalfFloat(65519)).toBe(65504);
    expect(toHalfFloat(65520)).toBe(Infinity);
  });

  it('javaParseDouble accepts Java syntax (trailing d/f, surrounding spaces) and nothing else', () => {
    expect(javaParseDouble(' 12.5d ')).toBe(12.5);
    expect(javaParseDouble('1e3')).toBe(1000);
    expect(() => javaParseDouble('0x10')).toThrow('For input string: "0x10"');
  });

  it('toLong keeps the long range exactly', () => {
    expect(toLong('-9223372036854775808', true)).toBe(-9223372036854775808);
    expect(() => toLong('9223372036854775808', true)).toThrow(
      'Value [9223372036854775808] is out of range for a long',
    );
  });
});
