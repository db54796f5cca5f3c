import { javaDouble, javaFloat } from '../mapping/java-text';
import { arithmetic, classCast, JavaException } from './errors';

/**
 * How Java values are held while a script runs. Values whose static type is a primitive are plain JS numbers or
 * booleans (int: an int32 number; long: an integer number, exact within ±2^53; float: a float32-rounded number).
 * Values of type `def` (and of reference types) are boxed: a Double is a plain number, an Integer a JInt, a Long a
 * JLong, a Float a JFloat, a String a string, a Boolean a boolean, a List a JS array, a Map a JS Map, null is null.
 */
export class JInt {
  constructor(readonly v: number) {}
}
export class JLong {
  constructor(readonly v: number) {}
}
export class JFloat {
  constructor(readonly v: number) {}
}

/** A Java array (`new double[3]`, `float[]` of a knn vector): its element type and its elements. */
export class JArray {
  constructor(
    readonly elementType: string,
    readonly items: unknown[] | Float32Array | Float64Array | Int32Array,
  ) {}
}

/** Numeric ranks for binary numeric promotion (AnalyzerCaster#promoteNumeric): int < long < float < double. */
export const INT = 0;
export const LONG = 1;
export const FLOAT = 2;
export const DOUBLE = 3;

const SMALL_INTS: JInt[] = Array.from({ length: 256 + 128 }, (_, i) => new JInt(i - 128));

/** Integer.valueOf: the cached boxes for -128..255 avoid allocating for the common small values. */
export function boxInt(v: number): JInt {
  return v >= -128 && v < 256 ? SMALL_INTS[v + 128] : new JInt(v);
}
export const boxLong = (v: number): JLong => new JLong(v);
export const boxFloat = (v: number): JFloat => new JFloat(v);

/** The rank of a boxed number, or -1 when the value is not a Number. */
export function numericRank(v: unknown): number {
  if (typeof v === 'number') return DOUBLE;
  if (v instanceof JInt) return INT;
  if (v instanceof JLong) return LONG;
  if (v instanceof JFloat) return FLOAT;
  return -1;
}

/** The number inside a boxed Number (callers check numericRank first). */
export function numberOf(v: unknown): number {
  return typeof v === 'number' ? v : (v as JInt).v;
}

/** The Java class name of a runtime value, as error messages print it. */
export function javaClassName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return 'java.lang.Double';
  if (typeof v === 'string') return 'java.lang.String';
  if (typeof v === 'boolean') return 'java.lang.Boolean';
  if (v instanceof JInt) return 'java.lang.Integer';
  if (v instanceof JLong) return 'java.lang.Long';
  if (v instanceof JFloat) return 'java.lang.Float';
  if (Array.isArray(v)) return 'java.util.ArrayList';
  if (v instanceof Map) return 'java.util.HashMap';
  if (v instanceof JArray) return `[${arrayDescriptor(v.elementType)}`;
  const named = (v as { javaClass?: string }).javaClass;
  return named ?? 'java.lang.Object';
}

function arrayDescriptor(elementType: string): string {
  const codes: Record<string, string> = {
    int: 'I',
    long: 'J',
    float: 'F',
    double: 'D',
    boolean: 'Z',
    byte: 'B',
    short: 'S',
    char: 'C',
  };
  return codes[elementType] ?? `Ljava.lang.Object;`;
}

/** The ClassCastException a JVM (21) throws for a failed checkcast. */
export function castFailure(v: unknown, target: string): JavaException {
  const from = javaClassName(v);
  return classCast(
    `class ${from} cannot be cast to class ${target} (${from} and ${target} are in module java.base of loader 'bootstrap')`,
  );
}

// ---- Java arithmetic on primitives --------------------------------------------------------------------------------

const TWO_63 = 9223372036854775808;

/** Wraps an exact integer (given as a bigint) to a Java long, held as a number. */
function wrapLong(x: bigint): number {
  return Number(BigInt.asIntN(64, x));
}

export function intDiv(a: number, b: number): number {
  if (b === 0) throw arithmetic('/ by zero');
  return (a / b) | 0;
}
export function intRem(a: number, b: number): number {
  if (b === 0) throw arithmetic('/ by zero');
  return (a % b) | 0;
}
export function longAdd(a: number, b: number): number {
  const r = a + b;
  return Number.isSafeInteger(r) ? r : wrapLong(BigInt(a) + BigInt(b));
}
export function longSub(a: number, b: number): number {
  const r = a - b;
  return Number.isSafeInteger(r) ? r : wrapLong(BigInt(a) - BigInt(b));
}
export function longMul(a: number, b: number): number {
  const r = a * b;
  return Number.isSafeInteger(r) ? r : wrapLong(BigInt(a) * BigInt(b));
}
export function longDiv(a: number, b: number): number {
  if (b === 0) throw arithmetic('/ by zero');
  if (Math.abs(a) < 2 ** 31 && Math.abs(b) < 2 ** 31) return Math.trunc(a / b) || 0;
  return wrapLong(BigInt(a) / BigInt(b));
}
export function longRem(a: number, b: number): number {
  if (b === 0) throw arithmetic('/ by zero');
  return (a % b) + 0;
}
export function longShift(op: string, a: number, b: number): number {
  const n = BigInt(b & 63);
  const x = BigInt(a);
  if (op === '<<') return wrapLong(x << n);
  if (op === '>>') return wrapLong(x >> n);
  return wrapLong(BigInt.asUintN(64, x) >> n);
}
export function longBitwise(op: string, a: number, b: number): number {
  const x = BigInt(a);
  const y = BigInt(b);
  if (op === '&') return wrapLong(x & y);
  if (op === '|') return wrapLong(x | y);
  return wrapLong(x ^ y);
}

/** Java's d2i: NaN is 0, out-of-range values clamp to the int range, others truncate. */
export function doubleToInt(d: number): number {
  if (Number.isNaN(d)) return 0;
  if (d >= 2147483647) return 2147483647;
  if (d <= -2147483648) return -2147483648;
  return Math.trunc(d) | 0;
}
/** Java's d2l, held as a number. */
export function doubleToLong(d: number): number {
  if (Number.isNaN(d)) return 0;
  if (d >= TWO_63) return TWO_63 - 1;
  if (d <= -TWO_63) return -TWO_63;
  return Math.trunc(d) + 0;
}

/** Converts a number of one primitive rank to another (widening or an explicit narrowing cast). */
export function convertNumber(v: number, from: string, to: string): number {
  if (from === to) return v;
  switch (to) {
    case 'double':
      return v;
    case 'float':
      return Math.fround(v);
    case 'long':
      return from === 'double' || from === 'float' ? doubleToLong(v) : v;
    case 'int':
      return from === 'double' || from === 'float' ? doubleToInt(v) : v | 0;
    case 'short':
      return ((from === 'double' || from === 'float' ? doubleToInt(v) : v) << 16) >> 16;
    case 'byte':
      return ((from === 'double' || from === 'float' ? doubleToInt(v) : v) << 24) >> 24;
    case 'char':
      return (from === 'double' || from === 'float' ? doubleToInt(v) : v) & 0xffff;
  }
  return v;
}

// ---- toString ------------------------------------------------------------------------------------------------------

/** String.valueOf(Object) for a boxed value. */
export function javaToString(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return javaDouble(v);
  if (typeof v === 'boolean') return String(v);
  if (v instanceof JInt || v instanceof JLong) return String(v.v);
  if (v instanceof JFloat) return javaFloat(v.v);
  if (Array.isArray(v)) return `[${v.map(javaToString).join(', ')}]`;
  if (v instanceof Map)
    return `{${[...v].map(([k, x]) => `${javaToString(k)}=${javaToString(x)}`).join(', ')}}`;
  if (v instanceof JArray)
    return `[${arrayDescriptor(v.elementType)}@${((v.items.length * 2654435761) >>> 0).toString(16)}`;
  const custom = (v as { toJavaString?: () => string }).toJavaString;
  return custom ? custom.call(v) : String(v);
}

// ---- def operators (org.opensearch.painless.Def) -------------------------------------------------------------------

/** Boxes a result of the given rank. */
function boxRank(rank: number, v: number): unknown {
  if (rank === DOUBLE) return v;
  if (rank === FLOAT) return new JFloat(Math.fround(v));
  if (rank === LONG) return new JLong(v);
  return boxInt(v);
}

function numericOperands(op: string, a: unknown, b: unknown): number {
  const ra = numericRank(a);
  const rb = numericRank(b);
  if (ra < 0 || rb < 0) {
    const bad = ra < 0 ? a : b;
    throw classCast(
      `Cannot apply [${op}] operation to types [${javaClassName(a)}] and [${javaClassName(b)}].`.replace(
        'java.lang.Object',
        javaClassName(bad),
      ),
    );
  }
  return Math.max(ra, rb);
}

/** Def#add and friends: numeric promotion by the runtime classes; `+` concatenates when either side is a String. */
export function defBinary(op: string, a: unknown, b: unknown): unknown {
  if (op === '+' && (typeof a === 'string' || typeof b === 'string'))
    return javaToString(a) + javaToString(b);
  if ((op === '&' || op === '|' || op === '^') && typeof a === 'boolean' && typeof b === 'boolean') {
    return op === '&' ? a && b : op === '|' ? a || b : a !== b;
  }
  if (a === null || b === null)
    throw new JavaException('null_pointer_exception', `Cannot apply [${op}] to a null value`);
  let rank = numericOperands(op, a, b);
  const x = numberOf(a);
  const y = numberOf(b);
  if (op === '<<' || op === '>>' || op === '>>>') {
    // shifts promote the left side only (unary promotion)
    rank = numericRank(a);
    if (rank >= FLOAT) throw classCast(`Cannot apply [${op}] operation to type [${javaClassName(a)}].`);
    return rank === LONG
      ? new JLong(longShift(op, x, y))
      : boxInt(primitiveBinary(op, 'int', x, y) as number);
  }
  if ((op === '&' || op === '|' || op === '^') && rank >= FLOAT) {
    throw classCast(
      `Cannot apply [${op}] operation to types [${javaClassName(a)}] and [${javaClassName(b)}].`,
    );
  }
  return boxRank(rank, primitiveBinary(op, RANK_TYPES[rank], x, y) as number);
}

export const RANK_TYPES = ['int', 'long', 'float', 'double'];

/** A binary arithmetic operator on two numbers already promoted to `type`. */
export function primitiveBinary(op: string, type: string, a: number, b: number): number {
  switch (type) {
    case 'int':
      switch (op) {
        case '+':
          return (a + b) | 0;
        case '-':
          return (a - b) | 0;
        case '*':
          return Math.imul(a, b);
        case '/':
          return intDiv(a, b);
        case '%':
          return intRem(a, b);
        case '<<':
          return a << b;
        case '>>':
          return a >> b;
        case '>>>':
          return (a >>> b) | 0;
        case '&':
          return a & b;
        case '|':
          return a | b;
        case '^':
          return a ^ b;
      }
      break;
    case 'long':
      switch (op) {
        case '+':
          return longAdd(a, b);
        case '-':
          return longSub(a, b);
        case '*':
          return longMul(a, b);
        case '/':
          return longDiv(a, b);
        case '%':
          return longRem(a, b);
        case '<<':
        case '>>':
        case '>>>':
          return longShift(op, a, b);
        default:
          return longBitwise(op, a, b);
      }
    case 'float':
    case 'double': {
      let r: number;
      switch (op) {
        case '+':
          r = a + b;
          break;
        case '-':
          r = a - b;
          break;
        case '*':
          r = a * b;
          break;
        case '/':
          r = a / b;
          break;
        case '%':
          r = a % b;
          break;
        default:
          throw classCast(`Cannot apply [${op}] operation to type [${type}].`);
      }
      return type === 'float' ? Math.fround(r) : r;
    }
  }
  throw classCast(`Cannot apply [${op}] operation to type [${type}].`);
}

/** Def#eq: numbers compare by value across classes, other objects by equals(). */
export function defEquals(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  const ra = numericRank(a);
  const rb = numericRank(b);
  if (ra >= 0 && rb >= 0) return numberOf(a) === numberOf(b);
  return javaEquals(a, b);
}

/** Object#equals for boxed values (a Double never equals an Integer, lists and maps compare element-wise). */
export function javaEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  const ra = numericRank(a);
  if (ra >= 0) return ra === numericRank(b) && numberOf(a) === numberOf(b);
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => javaEquals(x, b[i]));
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !javaEquals(v, b.get(k))) return false;
    return true;
  }
  const eq = (a as { javaEquals?: (o: unknown) => boolean }).javaEquals;
  return eq ? eq.call(a, b) : false;
}

/** Def#lt / lte / gt / gte: numeric comparison after promotion. */
export function defCompare(op: string, a: unknown, b: unknown): boolean {
  if (a === null || b === null)
    throw new JavaException('null_pointer_exception', `Cannot apply [${op}] to a null value`);
  numericOperands(op, a, b);
  return compareNumbers(op, numberOf(a), numberOf(b));
}

function compareNumbers(op: string, x: number, y: number): boolean {
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

/** Def#neg / plus / not (bitwise) on a boxed number. */
export function defUnary(op: string, a: unknown): unknown {
  const rank = numericRank(a);
  if (rank < 0) throw classCast(`Cannot apply [${op}] operation to type [${javaClassName(a)}].`);
  const x = numberOf(a);
  if (op === '+') return a;
  if (op === '-') return boxRank(rank, rank === INT ? -x | 0 : rank === LONG ? longSub(0, x) : -x);
  if (rank >= FLOAT) throw classCast(`Cannot apply [${op}] operation to type [${javaClassName(a)}].`);
  return boxRank(rank, rank === LONG ? longBitwise('^', x, -1) : ~x);
}

// ---- def → primitive (Def#defTo*Implicit / Explicit) ---------------------------------------------------------------

const BOXED_CLASS: Record<string, string> = {
  int: 'java.lang.Integer',
  long: 'java.lang.Long',
  float: 'java.lang.Float',
  double: 'java.lang.Double',
  boolean: 'java.lang.Boolean',
  byte: 'java.lang.Byte',
  short: 'java.lang.Short',
  char: 'java.lang.Character',
};

/**
 * Unboxes a def value to a primitive type: implicitly (assignment, arguments) only by widening, as
 * Def#defTo<type>Implicit allows; explicitly (a cast) from any Number, as Def#defTo<type>Explicit does.
 */
export function unbox(v: unknown, to: string, explicit: boolean): number | boolean {
  if (to === 'boolean') {
    if (typeof v === 'boolean') return v;
    throw castFailure(v, 'java.lang.Boolean');
  }
  const rank = numericRank(v);
  if (rank < 0) {
    if (v === null || v === undefined) {
      throw new JavaException('null_pointer_exception', `Cannot unbox null value to [${to}]`);
    }
    throw castFailure(v, BOXED_CLASS[to] ?? to);
  }
  const targetRank = RANK_TYPES.indexOf(to);
  if (!explicit && (targetRank < 0 ? rank > INT : rank > targetRank)) {
    throw castFailure(v, BOXED_CLASS[to]);
  }
  return convertNumber(numberOf(v), RANK_TYPES[rank], to);
}

/** Def#defTodoubleImplicit, the common case first: a Double is the number itself. */
export function toDouble(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v instanceof JInt || v instanceof JLong || v instanceof JFloat) return v.v;
  return unbox(v, 'double', false) as number;
}

/** Def#defTobooleanImplicit. */
export function toBoolean(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  return unbox(v, 'boolean', false) as boolean;
}

/** Boxes a primitive of a static type for a def context. */
export function box(v: unknown, type: string): unknown {
  switch (type) {
    case 'int':
    case 'short':
    case 'byte':
    case 'char':
      return boxInt(v as number);
    case 'long':
      return new JLong(v as number);
    case 'float':
      return new JFloat(v as number);
    default:
      return v;
  }
}
