/**
 * Jackson hands Java a JSON number written with a fraction or an exponent as a Double, and one without as an Integer
 * or Long: `1.0` and `1` differ to a script (`params.w / 2` is 0.5 or 0). JSON.parse loses that spelling, so bodies
 * that carry script `params` are parsed here, recording which integral-valued numbers were written as decimals.
 */
const DECIMAL_LITERALS = new WeakMap<object, Set<string | number>>();

/** Whether `container[key]` was written as a decimal literal (`2.0`, `1e3`) in the JSON it was parsed from. */
export function isDecimalLiteral(container: object, key: string | number): boolean {
  return DECIMAL_LITERALS.get(container)?.has(key) ?? false;
}

/** A JSON string (skipped: a timestamp's `00.000` is no number), or a number written with a fraction or an exponent. */
const STRING_OR_DECIMAL = /"(?:[^"\\]|\\.)*"|\d+\.\d+(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+/g;

/**
 * Whether `text` may hold an integral number written as a decimal (`2.0`, `1e3`, `1.0000000000000000001`): without
 * one, JSON.parse loses nothing a script can see, and is far faster than the parser below (a feed's params carry
 * vectors of non-integral floats).
 */
export function mayHoldDecimalIntegers(text: string): boolean {
  for (const m of text.matchAll(STRING_OR_DECIMAL)) {
    if (m[0].charCodeAt(0) !== 0x22 && Number.isInteger(Number(m[0]))) return true;
  }
  return false;
}

/** JSON.parse, also recording decimal spellings of integral numbers. Throws SyntaxError like JSON.parse. */
export function parseJsonKeepingDecimals(text: string): unknown {
  let i = 0;
  const n = text.length;
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const fail = (): never => {
    throw new SyntaxError(`Unexpected token in JSON at position ${i}`);
  };
  const stringToken = (): string => {
    const start = i;
    i++;
    for (;;) {
      if (i >= n) fail();
      const c = text[i];
      if (c === '"') break;
      i += c === '\\' ? 2 : 1;
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const mark = (container: object, key: string | number): void => {
    let set = DECIMAL_LITERALS.get(container);
    if (!set) {
      set = new Set();
      DECIMAL_LITERALS.set(container, set);
    }
    set.add(key);
  };
  const value = (container?: object, key?: string | number): unknown => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const o: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return o;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        const k = stringToken();
        ws();
        if (text[i] !== ':') fail();
        i++;
        const v = value(o, k);
        Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return o;
        }
        fail();
      }
    }
    if (c === '[') {
      i++;
      const a: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return a;
      }
      for (;;) {
        a.push(value(a, a.length));
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return a;
        }
        fail();
      }
    }
    if (c === '"') return stringToken();
    const start = i;
    while (i < n && /[-+0-9.eEa-z]/.test(text[i])) i++;
    const token = text.slice(start, i);
    if (token === 'true') return true;
    if (token === 'false') return false;
    if (token === 'null') return null;
    if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$/.test(token)) fail();
    const number = Number(token);
    if (container !== undefined && key !== undefined && /[.eE]/.test(token) && Number.isInteger(number)) {
      mark(container, key);
    }
    return number;
  };
  const result = value();
  ws();
  if (i < n) fail();
  return result;
}
