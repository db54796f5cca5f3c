/**
 * How Java prints values, for error messages that quote them (Double.toString, Float.toString,
 * AbstractMap/AbstractCollection#toString as used by FieldMapper#parse's "Preview of field's value").
 */

/** Double.toString: plain decimal with at least one fraction digit in [1e-3, 1e7), else `d.dddE±n`. */
export function javaDouble(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(value);
  if (abs >= 1e-3 && abs < 1e7) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  // shortest digits, or the nearest two when one would do (as Float.toString; Double.MIN_VALUE is 4.9E-324)
  const shortest = value.toExponential();
  return scientific(shortest.includes('.') ? shortest : value.toExponential(1));
}

/**
 * Float.toString (JDK 19 and later, as OpenSearch 3.x runs on): the shortest digits that round-trip through float32,
 * the nearest such; when one digit would do, the nearest of one or two digits (Float.MIN_VALUE is `1.4E-45`, not
 * `1.0E-45`). Nine significant digits always round-trip; if p digits do, so do p + 1 (the nearest (p+1)-digit
 * decimal is at least as near as the p-digit one), so the shortest is found by bisection, probing 7 digits first
 * and then 8 or 6: most floats (scores) need 7 to 9, found in two conversions.
 */
export function javaFloat(value: number): string {
  const f = Math.fround(value);
  if (!Number.isFinite(f) || f === 0) return javaDouble(f);
  let lo = 1; // fewer than lo digits do not round-trip
  let hi = 9; // hi digits do
  let digits = '';
  const probe = (p: number): boolean => {
    const candidate = f.toExponential(p - 1);
    if (Math.fround(Number(candidate)) !== f) {
      lo = p + 1;
      return false;
    }
    hi = p;
    digits = candidate;
    return true;
  };
  if (!probe(7)) {
    if (!probe(8)) digits = f.toExponential(8);
  } else if (probe(6)) while (lo < hi) probe((lo + hi) >>> 1);
  if (hi === 1) digits = f.toExponential(1);
  return javaFloatText(digits);
}

/**
 * Float.toString's text from the shortest digits in exponential form (`d.ddde±n`): plain decimal in [1e-3, 1e7), with
 * at least one fraction digit, else `d.dddE±n`. Written out from the digits (no second number-to-text conversion).
 */
function javaFloatText(exponential: string): string {
  const at = exponential.indexOf('e');
  const exponent = Number(exponential.slice(at + 1));
  if (exponent < -3 || exponent > 6) return scientific(exponential);
  const negative = exponential.charCodeAt(0) === 45; // '-'
  let mantissa = exponential.slice(negative ? 1 : 0, at).replace('.', '');
  let end = mantissa.length;
  while (end > 1 && mantissa.charCodeAt(end - 1) === 48) end--; // trailing '0'
  mantissa = mantissa.slice(0, end);
  let text: string;
  if (exponent < 0) text = `0.${'0'.repeat(-exponent - 1)}${mantissa}`;
  else if (mantissa.length <= exponent + 1)
    text = `${mantissa}${'0'.repeat(exponent + 1 - mantissa.length)}.0`;
  else text = `${mantissa.slice(0, exponent + 1)}.${mantissa.slice(exponent + 1)}`;
  return negative ? `-${text}` : text;
}

function scientific(exponential: string): string {
  const [mantissa, exponent] = exponential.split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** A JSON number as Jackson hands it to Java: integers as Integer/Long, others as Double. */
export function javaNumber(value: number): string {
  return Number.isSafeInteger(value) ? String(value) : javaDouble(value);
}

/** Object#toString of a parsed JSON value (HashMap `{a=1, b=x}`, ArrayList `[1, 2]`). */
export function javaPreview(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return javaNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(javaPreview).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k}=${javaPreview(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}
