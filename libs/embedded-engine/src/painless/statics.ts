import { DEFAULT_DATE_FORMAT } from '../mapping/date-format';
import { parseGeoPoint } from '../mapping/geo-point';
import { javaParseDouble } from '../mapping/numeric';
import { resolveDateMath } from '../search/date-math';
import { arcDistanceMeters } from '../search/geo/distance';
import { parseDistance } from '../search/geo/distance';
import { mix32, murmurhash3_x86_32, javaStringHash } from '../search/scoring/functions/random-score';
import {
  cosineDot,
  cosineFrom,
  cosineNormSquared,
  dotProduct,
  squareDistance,
} from '../search/vectors/similarity';
import { parseTimeValue } from '../time-value';
import { illegalArgumentJava, JavaException } from './errors';
import { GeoDocValues, NumericDocValues, VectorDocValues } from './doc-values';
import { DocCursor, DocLookup } from './doc-values';
import { JDate, JGeoPoint, PainlessObject } from './runtime-objects';
import { doubleToLong, JLong, javaClassName, javaToString, numberOf, numericRank } from './values';

/**
 * What a call to a built-in needs besides its arguments: the document being scored, the index, the doc lookup, and
 * a slot per call site for values Painless computes once per script instance (class bindings' constructor work).
 */
export interface CallContext {
  readonly cursor: DocCursor;
  readonly indexName: string;
  readonly doc: DocLookup;
  readonly now: number;
  readonly bindings: unknown[];
}

/**
 * A built-in with a fixed signature: argument types (primitives are converted at compile time; others are passed
 * boxed) and a static return type.
 */
export interface Builtin {
  params: string[];
  returns: string;
  fn: (args: unknown[], ctx: CallContext, site: number) => unknown;
  /** The same function taking its (primitive) arguments directly, when it needs no context: called without an array. */
  direct?: (...args: never[]) => unknown;
}

const f = Math.fround;
const d1 = (fn: (x: number) => number): Builtin => ({
  direct: fn,
  params: ['double'],
  returns: 'double',
  fn: (a: unknown[]) => fn(a[0] as number),
});
const d2 = (fn: (x: number, y: number) => number): Builtin => ({
  direct: fn,
  params: ['double', 'double'],
  returns: 'double',
  fn: (a: unknown[]) => fn(a[0] as number, a[1] as number),
});

function javaRound(x: number): number {
  // Math.round(double): floor(x + 0.5) as a long, NaN → 0
  if (Number.isNaN(x)) return 0;
  return doubleToLong(Math.floor(x + 0.5));
}

function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** java.lang.Math as Painless allowlists it: double signatures only (so Math.max(1, 2) is 2.0). */
const MATH: Record<string, Builtin> = {
  abs: d1(Math.abs),
  acos: d1(Math.acos),
  asin: d1(Math.asin),
  atan: d1(Math.atan),
  atan2: d2(Math.atan2),
  cbrt: d1(Math.cbrt),
  ceil: d1(Math.ceil),
  copySign: d2((m, s) => (Math.sign(s) < 0 || Object.is(s, -0) ? -Math.abs(m) : Math.abs(m))),
  cos: d1(Math.cos),
  cosh: d1(Math.cosh),
  exp: d1(Math.exp),
  expm1: d1(Math.expm1),
  floor: d1(Math.floor),
  hypot: d2(Math.hypot),
  IEEEremainder: d2((x, y) => x - y * rint(x / y)),
  log: d1(Math.log),
  log10: d1(Math.log10),
  log1p: d1(Math.log1p),
  max: d2((x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y))),
  min: d2((x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y))),
  pow: d2(Math.pow),
  random: { params: [], returns: 'double', fn: () => Math.random() },
  rint: d1(rint),
  round: { params: ['double'], returns: 'long', fn: (a: unknown[]) => javaRound(a[0] as number) },
  signum: d1((x) => (x === 0 || Number.isNaN(x) ? x : Math.sign(x))),
  sin: d1(Math.sin),
  sinh: d1(Math.sinh),
  sqrt: d1(Math.sqrt),
  tan: d1(Math.tan),
  tanh: d1(Math.tanh),
  toDegrees: d1((x) => (x * 180) / Math.PI),
  toRadians: d1((x) => (x / 180) * Math.PI),
};

const MATH_FIELDS: Record<string, [string, unknown]> = { E: ['double', Math.E], PI: ['double', Math.PI] };

function parseJavaInt(s: unknown, bits: 32 | 64): number {
  const text = javaToString(s);
  if (!/^[+-]?\d+$/.test(text)) {
    throw new JavaException('number_format_exception', `For input string: "${text}"`);
  }
  const v = BigInt(text);
  const limit = 1n << BigInt(bits - 1);
  if (v >= limit || v < -limit)
    throw new JavaException('number_format_exception', `For input string: "${text}"`);
  return Number(v);
}

/** Static members of the boxed types and Math, by class. */
export const STATIC_METHODS: Record<string, Record<string, Builtin>> = {
  Math: MATH,
  StrictMath: MATH,
  Integer: {
    parseInt: { params: ['String'], returns: 'int', fn: (a: unknown[]) => parseJavaInt(a[0], 32) },
    valueOf: { params: ['int'], returns: 'def', fn: (a: unknown[]) => a[0] },
    toString: { params: ['int'], returns: 'String', fn: (a: unknown[]) => String(a[0]) },
    max: {
      params: ['int', 'int'],
      returns: 'int',
      fn: (a: unknown[]) => Math.max(a[0] as number, a[1] as number),
    },
    min: {
      params: ['int', 'int'],
      returns: 'int',
      fn: (a: unknown[]) => Math.min(a[0] as number, a[1] as number),
    },
    compare: {
      params: ['int', 'int'],
      returns: 'int',
      fn: (a: unknown[]) => Math.sign((a[0] as number) - (a[1] as number)),
    },
  },
  Long: {
    parseLong: { params: ['String'], returns: 'long', fn: (a: unknown[]) => parseJavaInt(a[0], 64) },
    toString: { params: ['long'], returns: 'String', fn: (a: unknown[]) => String(a[0]) },
    max: {
      params: ['long', 'long'],
      returns: 'long',
      fn: (a: unknown[]) => Math.max(a[0] as number, a[1] as number),
    },
    min: {
      params: ['long', 'long'],
      returns: 'long',
      fn: (a: unknown[]) => Math.min(a[0] as number, a[1] as number),
    },
  },
  Double: {
    parseDouble: {
      params: ['String'],
      returns: 'double',
      fn: (a: unknown[]) => {
        try {
          return javaParseDouble(javaToString(a[0]).trim());
        } catch {
          throw new JavaException('number_format_exception', `For input string: "${javaToString(a[0])}"`);
        }
      },
    },
    isNaN: { params: ['double'], returns: 'boolean', fn: (a: unknown[]) => Number.isNaN(a[0]) },
    isInfinite: {
      params: ['double'],
      returns: 'boolean',
      fn: (a: unknown[]) => a[0] === Infinity || a[0] === -Infinity,
    },
    isFinite: { params: ['double'], returns: 'boolean', fn: (a: unknown[]) => Number.isFinite(a[0]) },
    compare: {
      params: ['double', 'double'],
      returns: 'int',
      fn: (a: unknown[]) =>
        (a[0] as number) < (a[1] as number) ? -1 : (a[0] as number) > (a[1] as number) ? 1 : 0,
    },
    max: d2(Math.max),
    min: d2(Math.min),
    sum: d2((x, y) => x + y),
  },
  Float: {
    parseFloat: {
      params: ['String'],
      returns: 'float',
      fn: (a: unknown[]) => f(javaParseDouble(javaToString(a[0]).trim())),
    },
    isNaN: { params: ['float'], returns: 'boolean', fn: (a: unknown[]) => Number.isNaN(a[0]) },
  },
  Boolean: {
    parseBoolean: {
      params: ['String'],
      returns: 'boolean',
      fn: (a: unknown[]) => javaToString(a[0]).toLowerCase() === 'true',
    },
  },
  String: {
    valueOf: { params: ['def'], returns: 'String', fn: (a: unknown[]) => javaToString(a[0]) },
  },
};

export const STATIC_FIELDS: Record<string, Record<string, [string, unknown]>> = {
  Math: MATH_FIELDS,
  StrictMath: MATH_FIELDS,
  Integer: { MAX_VALUE: ['int', 2147483647], MIN_VALUE: ['int', -2147483648] },
  // Long.MAX_VALUE held as the nearest double (2^63): longs are exact only within ±2^53 here
  Long: { MAX_VALUE: ['long', 2 ** 63], MIN_VALUE: ['long', -(2 ** 63)] },
  Double: {
    MAX_VALUE: ['double', Number.MAX_VALUE],
    MIN_VALUE: ['double', Number.MIN_VALUE],
    POSITIVE_INFINITY: ['double', Infinity],
    NEGATIVE_INFINITY: ['double', -Infinity],
    NaN: ['double', NaN],
  },
  Float: {
    MAX_VALUE: ['float', f(3.4028234663852886e38)],
    MIN_VALUE: ['float', f(1.401298464324817e-45)],
    POSITIVE_INFINITY: ['float', Infinity],
    NEGATIVE_INFINITY: ['float', -Infinity],
    NaN: ['float', NaN],
  },
};

// ---- score context functions (ScoreScriptUtils, org.opensearch.score.txt) -------------------------------------------

/**
 * Per call site, the constructor work of a class binding, done on the first call of a script instance (Painless
 * caches class bindings per script instance).
 */
function binding<T>(ctx: CallContext, site: number, args: unknown[], make: (args: unknown[]) => T): T {
  let b = ctx.bindings[site] as T | undefined;
  if (b === undefined) {
    b = make(args);
    ctx.bindings[site] = b;
  }
  return b;
}

/** The point a decay function was given, or the first point of the doc values the compiler passed in its place. */
function geoPointArg(v: unknown, name: string, out: { lat: number; lon: number }): void {
  if (v instanceof GeoDocValues) {
    v.firstPoint(out);
    return;
  }
  if (v instanceof JGeoPoint) {
    out.lat = v.lat;
    out.lon = v.lon;
    return;
  }
  throw illegalArgumentJava(`${name} expects a GeoPoint doc value, got [${javaClassName(v)}]`);
}

function dateArg(v: unknown, name: string): number {
  if (v instanceof NumericDocValues) {
    if (v.javaClass.endsWith('$Dates')) return v.firstNumber();
    v = v.first();
  }
  if (v instanceof JDate) return v.millis;
  throw illegalArgumentJava(`${name} expects a date doc value, got [${javaClassName(v)}]`);
}

const point = { lat: 0, lon: 0 };

type DecayShape = 'Linear' | 'Exp' | 'Gauss';

/** The scaling each decay shape precomputes from scale and decay (DecayGeoLinear et al.). */
function scaling(shape: DecayShape, scale: number, decay: number): number {
  if (shape === 'Linear') return scale / (1.0 - decay);
  if (shape === 'Exp') return Math.log(decay) / scale;
  return (0.5 * Math.pow(scale, 2.0)) / Math.log(decay);
}

function decayOf(shape: DecayShape, distance: number, s: number): number {
  if (shape === 'Linear') return Math.max(0.0, (s - distance) / s);
  if (shape === 'Exp') return Math.exp(s * distance);
  return Math.exp((0.5 * Math.pow(distance, 2.0)) / s);
}

function decayFunctions(): Record<string, Builtin> {
  const out: Record<string, Builtin> = {};
  for (const shape of ['Linear', 'Exp', 'Gauss'] as DecayShape[]) {
    const makeGeo = (a: unknown[]) => {
      const origin = parseGeoPoint(javaToString(a[0]), false);
      return {
        lat: origin.lat,
        lon: origin.lon,
        offset: parseDistance(javaToString(a[2])),
        scaling: scaling(shape, parseDistance(javaToString(a[1])), a[3] as number),
      };
    };
    const makeNumeric = (a: unknown[]) => ({
      origin: a[0] as number,
      offset: a[2] as number,
      scaling: scaling(shape, a[1] as number, a[3] as number),
    });
    // DecayGeo*: origin "lat, lon", scale and offset as distances (default unit meters), arc distance
    out[`decayGeo${shape}`] = {
      params: ['String', 'String', 'String', 'double', 'docvalue'],
      returns: 'double',
      fn: (a, ctx, site) => {
        const b = binding(ctx, site, a, makeGeo);
        geoPointArg(a[4], `decayGeo${shape}`, point);
        let distance = arcDistanceMeters(b.lat, b.lon, point.lat, point.lon);
        distance = Math.max(0.0, distance - b.offset);
        return decayOf(shape, distance, b.scaling);
      },
    };
    out[`decayNumeric${shape}`] = {
      params: ['double', 'double', 'double', 'double', 'double'],
      returns: 'double',
      fn: (a, ctx, site) => {
        const b = binding(ctx, site, a, makeNumeric);
        const distance = Math.max(0.0, Math.abs((a[4] as number) - b.origin) - b.offset);
        return decayOf(shape, distance, b.scaling);
      },
    };
    // DecayDate*: origin by strict_date_optional_time||epoch_millis with date math, scale/offset as time values
    out[`decayDate${shape}`] = {
      params: ['String', 'String', 'String', 'double', 'docvalue'],
      returns: 'double',
      fn: (a, ctx, site) => {
        let b = ctx.bindings[site] as { origin: number; offset: number; scaling: number } | undefined;
        if (b === undefined) {
          b = {
            origin: resolveDateMath(javaToString(a[0]), ctx.now, false, DEFAULT_DATE_FORMAT),
            offset: parseTimeValue(javaToString(a[2]), `DecayDate${shape}.offset`),
            scaling: scaling(
              shape,
              parseTimeValue(javaToString(a[1]), `DecayDate${shape}.scale`),
              a[3] as number,
            ),
          };
          ctx.bindings[site] = b;
        }
        const docValue = dateArg(a[4], `decayDate${shape}`);
        const diff = docValue >= b.origin ? docValue - b.origin : b.origin - docValue;
        const distance = Math.max(0, diff - b.offset);
        return decayOf(shape, distance, b.scaling);
      },
    };
  }
  return out;
}

const encoder = new TextEncoder();

/** RandomScoreDoc / RandomScoreField: murmur3 of the doc id or of the field's first value, lower 24 bits. */
function randomScore(ctx: CallContext, site: number, seed: number, field: string | undefined): number {
  let b = ctx.bindings[site] as { saltedSeed: number; values: PainlessObject | undefined } | undefined;
  if (b === undefined) {
    const salt = (javaStringHash(ctx.indexName) << 10) | 0;
    b = { saltedSeed: mix32(salt ^ seed), values: field === undefined ? undefined : ctx.doc.get(field) };
    ctx.bindings[site] = b;
  }
  let seedValue: string;
  if (b.values === undefined) seedValue = String(ctx.cursor.doc);
  else seedValue = javaToString(b.values.invoke('get', [0 as unknown]) ?? null);
  const hash = murmurhash3_x86_32(encoder.encode(seedValue), b.saltedSeed);
  return (hash & 0x00ffffff) / (1 << 24);
}

// ---- k-NN plugin functions (KNNScoringUtil) ------------------------------------------------------------------------

interface VectorBinding {
  list: unknown;
  query: Float32Array;
  normSquared: number;
}

/** The query vector as float[] (KNNScoringUtil#toFloat), converted once per list object. */
function queryVector(ctx: CallContext, site: number, list: unknown): VectorBinding {
  const cached = ctx.bindings[site] as VectorBinding | undefined;
  if (cached && cached.list === list) return cached;
  if (!Array.isArray(list)) {
    throw illegalArgumentJava(`query vector must be a List of numbers, got [${javaClassName(list)}]`);
  }
  const query = new Float32Array(list.length);
  for (let i = 0; i < list.length; i++) {
    if (numericRank(list[i]) < 0) throw illegalArgumentJava('query vector must be a List of numbers');
    query[i] = numberOf(list[i]);
  }
  const b = { list, query, normSquared: cosineNormSquared(query, 0, query.length) };
  ctx.bindings[site] = b;
  return b;
}

function docVector(v: unknown, fn: string): VectorDocValues {
  if (v instanceof VectorDocValues) return v;
  throw illegalArgumentJava(`Incompatible field_type for ${fn} space. The field type must be knn_vector.`);
}

function sameDimension(q: Float32Array, dimension: number): void {
  if (q.length !== dimension) {
    throw illegalArgumentJava(`query vector dimension mismatch. Expected: ${dimension}, Given: ${q.length}`);
  }
}

function knnFunction(
  name: string,
  compute: (
    q: Float32Array,
    data: Float32Array,
    offset: number,
    b: VectorBinding,
    values: VectorDocValues,
  ) => number,
): Builtin {
  return {
    params: ['def', 'def'],
    returns: 'float',
    fn: (a, ctx, site) => {
      const b = queryVector(ctx, site, a[0]);
      const values = docVector(a[1], name);
      const offset = values.vectorOffset();
      sameDimension(b.query, values.dimension!);
      return compute(b.query, values.data, offset, b, values);
    },
  };
}

const KNN: Record<string, Builtin> = {
  // VectorUtil#squareDistance and #dotProduct, with Lucene's accumulation order (similarity.ts)
  l2Squared: knnFunction('l2Squared', (q, data, offset) => squareDistance(q, data, offset)),
  l1Norm: knnFunction('l1Norm', (q, data, offset) => {
    let sum = 0;
    for (let i = 0; i < q.length; i++) sum = f(sum + Math.abs(f(q[i] - data[offset + i])));
    return sum;
  }),
  lInfNorm: knnFunction('lInfNorm', (q, data, offset) => {
    let max = 0;
    for (let i = 0; i < q.length; i++) max = Math.max(max, Math.abs(f(q[i] - data[offset + i])));
    return max;
  }),
  innerProduct: knnFunction('innerProduct', (q, data, offset) => dotProduct(q, data, offset)),
  // VectorUtil#cosine; a zero query vector is refused, and on an error the plugin answers 0
  cosineSimilarity: knnFunction('cosineSimilarity', (q, data, offset, b, values) => {
    if (b.normSquared === 0) {
      throw illegalArgumentJava('zero vector is not supported when space type is [cosinesimil]');
    }
    const docNorm = values.normSquared();
    if (docNorm === 0) return 0;
    return cosineFrom(cosineDot(q, data, offset), b.normSquared, docNorm);
  }),
};

/** cosineSimilarity(List, doc, Number queryMagnitude): dot / sqrt(m · ‖v‖²), 0 when that product is 0. */
const COSINE_WITH_MAGNITUDE: Builtin = {
  params: ['def', 'def', 'def'],
  returns: 'float',
  fn: (a, ctx, site) => {
    const b = queryVector(ctx, site, a[0]);
    const values = docVector(a[1], 'cosineSimilarity');
    const offset = values.vectorOffset();
    sameDimension(b.query, values.dimension!);
    // KNNScoringUtil#cosinesimilOptimized: plain float loops, then dot / sqrt(m * norm) in double
    const q = b.query;
    const data = values.data;
    let dot = 0;
    let norm = 0;
    for (let i = 0; i < q.length; i++) {
      dot = f(dot + f(q[i] * data[offset + i]));
      norm = f(norm + f(data[offset + i] * data[offset + i]));
    }
    const product = f(f(numberOf(a[2])) * norm);
    return product === 0 ? 0 : f(dot / Math.sqrt(product));
  },
};

/** The functions a score script may call without a class name, by name and arity. */
export const SCORE_FUNCTIONS: Record<string, Builtin> = {
  'saturation/2': d2((value, k) => value / (k + value)),
  'sigmoid/3': {
    params: ['double', 'double', 'double'],
    returns: 'double',
    fn: (a: unknown[]) => {
      const [value, k, exp] = a as number[];
      return Math.pow(value, exp) / (Math.pow(k, exp) + Math.pow(value, exp));
    },
  },
  'randomScore/1': {
    params: ['int'],
    returns: 'double',
    fn: (a, ctx, site) => randomScore(ctx, site, a[0] as number, undefined),
  },
  'randomScore/2': {
    params: ['int', 'String'],
    returns: 'double',
    fn: (a, ctx, site) => randomScore(ctx, site, a[0] as number, a[1] as string),
  },
  ...Object.fromEntries(Object.entries(decayFunctions()).map(([k, v]) => [`${k}/5`, v])),
  ...Object.fromEntries(Object.entries(KNN).map(([k, v]) => [`${k}/2`, v])),
  'cosineSimilarity/3': COSINE_WITH_MAGNITUDE,
};

export { JLong };
