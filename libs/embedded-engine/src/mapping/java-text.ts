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
  return scientific(value.toExponential());
}

/** Float.toString: the shortest digits that round-trip through float32. */
export function javaFloat(value: number): string {
  const f = Math.fround(value);
  if (!Number.isFinite(f) || f === 0) return javaDouble(f);
  let digits = f.toExponential();
  for (let p = 1; p <= 9; p++) {
    const candidate = f.toExponential(p - 1);
    if (Math.fround(Number(candidate)) === f) {
      digits = candidate;
      break;
    }
  }
  const shortest = Number(digits);
  const abs = Math.abs(shortest);
  if (abs >= 1e-3 && abs < 1e7) {
    const text = String(shortest);
    return text.includes('.') ? text : `${text}.0`;
  }
  return scientific(digits);
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
