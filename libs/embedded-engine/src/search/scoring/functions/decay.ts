import { illegalArgument, OpenSearchError, parseException } from '../../../errors';
import { parseGeoPoint } from '../../../mapping/geo-point';
import { javaDouble } from '../../../mapping/java-text';
import { GeoPoint } from '../../../mapping/types';
import { isPlainObject } from '../../../rest/json';
import { resolveDateMath } from '../../date-math';
import { parseTimeValue } from '../../../time-value';
import { ArcDistanceFrom, parseDistance } from '../../geo/distance';
import { Explanation, QueryParseContext, Searcher } from '../../types';
import {
  failedToCreateQuery,
  functionObject,
  LeafScoreFunction,
  match,
  nameOrEmptyArg,
  numberValue,
  ScoreFunction,
  ScoreFunctionParser,
  shardFailure,
  textValue,
} from './score-function';

/** One decay curve: the scale transformed once (processScale), then evaluated per distance. */
interface DecayCurve {
  processScale(scale: number, decay: number): number;
  evaluate(distance: number, scale: number): number;
  explain(distanceText: string, scale: number, functionName: string | undefined): string;
}

/** The three decay functions (GaussDecayFunctionBuilder, ExponentialDecayFunctionBuilder, LinearDecayFunctionBuilder). */
export const DECAY_CURVES: Record<'gauss' | 'exp' | 'linear', DecayCurve> = {
  gauss: {
    // GaussScoreFunction: scale' = 0.5 * scale^2 / ln(decay) (negative); exp(0.5 * x^2 / scale')
    processScale: (scale, decay) => (0.5 * Math.pow(scale, 2.0)) / Math.log(decay),
    evaluate: (x, scale) => Math.exp((0.5 * Math.pow(x, 2.0)) / scale),
    explain: (x, scale, name) => `exp(-0.5*pow(${x},2.0)/${javaDouble(-1 * scale)}${nameOrEmptyArg(name)})`,
  },
  exp: {
    // ExponentialDecayScoreFunction: scale' = ln(decay) / scale; exp(scale' * x)
    processScale: (scale, decay) => Math.log(decay) / scale,
    evaluate: (x, scale) => Math.exp(scale * x),
    explain: (x, scale, name) => `exp(- ${x} * ${javaDouble(-1 * scale)}${nameOrEmptyArg(name)})`,
  },
  linear: {
    // LinearDecayScoreFunction: scale' = scale / (1 - decay); max(0, (scale' - x) / scale')
    processScale: (scale, decay) => scale / (1.0 - decay),
    evaluate: (x, scale) => Math.max(0.0, (scale - x) / scale),
    explain: (x, scale, name) =>
      `max(0.0, ((${javaDouble(scale)} - ${x})/${javaDouble(scale)}${nameOrEmptyArg(name)})`,
  },
};

export type MultiValueMode = 'MIN' | 'MAX' | 'AVG' | 'SUM' | 'MEDIAN';
const MODES = new Set<string>(['MIN', 'MAX', 'AVG', 'SUM', 'MEDIAN']);

/** MultiValueMode#select over the sorted distances of one document. */
function select(mode: MultiValueMode, values: Float64Array, n: number): number {
  switch (mode) {
    case 'MIN':
      return values[0];
    case 'MAX':
      return values[n - 1];
    case 'MEDIAN':
      return n % 2 === 1 ? values[(n - 1) >> 1] : (values[n / 2 - 1] + values[n / 2]) / 2;
    default: {
      let total = 0;
      for (let i = 0; i < n; i++) total += values[i];
      return mode === 'SUM' ? total : total / n;
    }
  }
}

/** Where a document's distances come from: a numeric/date column or a geo_point column. */
type Origin = { kind: 'numeric'; origin: number } | { kind: 'geo'; origin: GeoPoint };

/**
 * A decay function on one field (DecayFunctionBuilder.AbstractDistanceScoreFunction): per value
 * `max(0, |value - origin| - offset)` (geo: arc distance in meters), sorted, reduced by multi_value_mode, then the curve;
 * a document without the field has distance 0 (FieldData.replaceMissing), so scores 1.0.
 */
export class DecayFunction implements ScoreFunction {
  readonly weight = 1;
  readonly needsScores = false;
  private readonly scale: number;

  constructor(
    private readonly curve: DecayCurve,
    private readonly field: string,
    private readonly source: Origin,
    userScale: number,
    decay: number,
    private readonly offset: number,
    private readonly mode: MultiValueMode,
    private readonly functionName: string | undefined,
  ) {
    if (userScale <= 0.0) throw illegalArgument('function_score : scale must be > 0.0.');
    if (decay <= 0.0 || decay >= 1.0)
      throw illegalArgument('function_score : decay must be in the range [0..1].');
    this.scale = curve.processScale(userScale, decay);
    if (offset < 0.0) throw illegalArgument('function_score : offset must be > 0.0');
  }

  bind(searcher: Searcher): LeafScoreFunction {
    let buffer = new Float64Array(8);
    const { offset, mode, curve, scale, source, field } = this;
    const numeric = source.kind === 'numeric' ? searcher.reader.numeric(field) : undefined;
    const geo = source.kind === 'geo' ? searcher.reader.geo(field) : undefined;
    const numericOrigin = source.kind === 'numeric' ? source.origin : 0;
    // from the origin to each point, with each point's latitude cosine read from the column
    const fromOrigin =
      source.kind === 'geo' ? new ArcDistanceFrom(source.origin.lat, source.origin.lon) : undefined;
    const cosines = geo?.latitudeCosines();
    const arcDistance = (doc: number, i: number): number =>
      fromOrigin!.to(geo!.lat(doc, i), geo!.lon(doc, i), cosines![geo!.valueStart(doc) + i]);
    const distance = (doc: number): number => {
      const n = numeric ? numeric.valueCount(doc) : geo ? geo.valueCount(doc) : 0;
      if (n === 0) return 0;
      // one value (the common case): every multi-value mode selects it
      if (n === 1) {
        const d = numeric ? Math.abs(numeric.value(doc, 0) - numericOrigin) : arcDistance(doc, 0);
        return Math.max(0.0, d - offset);
      }
      if (buffer.length < n) buffer = new Float64Array(n * 2);
      for (let i = 0; i < n; i++) {
        const d = numeric ? Math.abs(numeric.value(doc, i) - numericOrigin) : arcDistance(doc, i);
        buffer[i] = Math.max(0.0, d - offset);
      }
      if (n > 1) buffer.subarray(0, n).sort();
      return select(mode, buffer, n);
    };
    const score = (doc: number): number => curve.evaluate(distance(doc), scale);
    return {
      score,
      explain: (doc): Explanation => {
        const x = distance(doc);
        const value = Math.fround(curve.evaluate(x, scale));
        return match(value, `Function for field ${field}:`, [
          match(value, curve.explain(this.distanceText(searcher, doc), scale, this.functionName)),
        ]);
      },
    };
  }

  /** NumericFieldDataScoreFunction / GeoFieldDataScoreFunction #getDistanceString, values in doc-values order. */
  private distanceText(searcher: Searcher, doc: number): string {
    const offset = javaDouble(this.offset);
    const parts: string[] = [];
    if (this.source.kind === 'numeric') {
      const column = searcher.reader.numeric(this.field);
      const values: number[] = [];
      for (let i = 0; i < (column?.valueCount(doc) ?? 0); i++) values.push(column!.value(doc, i));
      values.sort((a, b) => a - b);
      const origin = javaDouble(this.source.origin);
      for (const v of values)
        parts.push(
          `Math.max(Math.abs(${javaDouble(v)}(=doc value) - ${origin}(=origin))) - ${offset}(=offset), 0)`,
        );
      return `${this.mode}[${parts.length ? parts.join(', ') : '0.0'}]`;
    }
    const column = searcher.reader.geo(this.field);
    const points: GeoPoint[] = [];
    for (let i = 0; i < (column?.valueCount(doc) ?? 0); i++)
      points.push({ lat: column!.lat(doc, i), lon: column!.lon(doc, i) });
    // LatLonDocValuesField sorts by (encoded lat << 32 | encoded lon as unsigned)
    const lonKey = (lon: number) => (lon >= 0 ? lon : 1000 + lon);
    points.sort((a, b) => a.lat - b.lat || lonKey(a.lon) - lonKey(b.lon));
    const origin = `${javaDouble(this.source.origin.lat)}, ${javaDouble(this.source.origin.lon)}`;
    for (const p of points) {
      parts.push(
        `Math.max(arcDistance(${javaDouble(p.lat)}, ${javaDouble(p.lon)}(=doc value),${origin}(=origin)) - ${offset}(=offset), 0)`,
      );
    }
    return `${this.mode} of: [${parts.length ? parts.join(', ') : '0.0'}]`;
  }
}

const NUMBER_TYPES = new Set([
  'long',
  'integer',
  'short',
  'byte',
  'double',
  'float',
  'half_float',
  'unsigned_long',
]);

/** DecayFunctionParser#fromXContent, then DecayFunctionBuilder#doToFunction against the index's mappings. */
function decayParser(type: 'gauss' | 'exp' | 'linear'): ScoreFunctionParser {
  return (body, ctx, functionName) => {
    const o = functionObject(type, body);
    let field: string | undefined;
    let params: Record<string, unknown> | undefined;
    let mode: MultiValueMode = 'MIN';
    let name = functionName;
    for (const [key, value] of Object.entries(o)) {
      if (isPlainObject(value)) {
        field = key;
        params = value;
      } else if (key === 'multi_value_mode') {
        const m = textValue(value).toUpperCase();
        if (!MODES.has(m)) throw illegalArgument(`Illegal sort mode: ${textValue(value)}`);
        mode = m as MultiValueMode;
      } else if (key === '_name') {
        name = textValue(value);
      } else {
        throw new OpenSearchError(400, 'parsing_exception', 'malformed score function score parameters.');
      }
    }
    if (field === undefined || params === undefined) {
      throw new OpenSearchError(400, 'parsing_exception', 'malformed score function score parameters.');
    }
    const info = ctx.mappings.field(field);
    if (!info) throw shardFailure(new OpenSearchError(400, 'parsing_exception', `unknown field [${field}]`));
    const curve = DECAY_CURVES[type];
    const build = (): DecayFunction => {
      if (info.type === 'date' || info.type === 'date_nanos')
        return dateVariable(
          curve,
          field!,
          params!,
          ctx,
          info.params.format as string | undefined,
          mode,
          name,
        );
      if (info.type === 'geo_point') return geoVariable(curve, field!, params!, mode, name);
      if (NUMBER_TYPES.has(info.type)) return numberVariable(curve, field!, params!, mode, name);
      throw shardFailure(
        new OpenSearchError(
          400,
          'parsing_exception',
          `field [${field}] is of type [${info.type}], but only numeric types are supported.`,
        ),
      );
    };
    try {
      return build();
    } catch (error) {
      const e = error as OpenSearchError;
      if (e.type === 'parsing_exception' || e.type === 'query_shard_exception') throw shardFailure(e);
      throw failedToCreateQuery(ctx.indexName, e);
    }
  };
}

function notSupported(key: string): OpenSearchError {
  return parseException(`parameter [${key}] not supported!`);
}

/** DecayFunctionBuilder#parseNumberVariable: origin and scale required, all as doubles. */
function numberVariable(
  curve: DecayCurve,
  field: string,
  params: Record<string, unknown>,
  mode: MultiValueMode,
  name: string | undefined,
): DecayFunction {
  let scale: number | undefined;
  let origin: number | undefined;
  let decay = 0.5;
  let offset = 0.0;
  for (const [key, value] of Object.entries(params)) {
    if (key === 'scale') scale = numberValue(value, key);
    else if (key === 'decay') decay = numberValue(value, key);
    else if (key === 'origin') origin = numberValue(value, key);
    else if (key === 'offset') offset = numberValue(value, key);
    else throw notSupported(key);
  }
  if (scale === undefined || origin === undefined) {
    throw parseException('both [scale] and [origin] must be set for numeric fields.');
  }
  return new DecayFunction(curve, field, { kind: 'numeric', origin }, scale, decay, offset, mode, name);
}

/** DecayFunctionBuilder#parseGeoVariable: origin defaults to 0,0 (new GeoPoint()); scale/offset in distance units. */
function geoVariable(
  curve: DecayCurve,
  field: string,
  params: Record<string, unknown>,
  mode: MultiValueMode,
  name: string | undefined,
): DecayFunction {
  let origin: GeoPoint = { lat: 0, lon: 0 };
  let scale: string | undefined;
  let offset = '0km';
  let decay = 0.5;
  for (const [key, value] of Object.entries(params)) {
    if (key === 'scale') scale = textValue(value);
    else if (key === 'origin') origin = parseGeoPoint(value);
    else if (key === 'decay') decay = numberValue(value, key);
    else if (key === 'offset') offset = textValue(value);
    else throw notSupported(key);
  }
  if (scale === undefined) throw parseException('[origin] and [scale] must be set for geo fields.');
  return new DecayFunction(
    curve,
    field,
    { kind: 'geo', origin },
    parseDistance(scale),
    decay,
    parseDistance(offset),
    mode,
    name,
  );
}

/** DecayFunctionBuilder#parseDateVariable: origin by the field's date math (default now); scale/offset TimeValues. */
function dateVariable(
  curve: DecayCurve,
  field: string,
  params: Record<string, unknown>,
  ctx: QueryParseContext,
  format: string | undefined,
  mode: MultiValueMode,
  name: string | undefined,
): DecayFunction {
  let scale: string | undefined;
  let originText: string | undefined;
  let offset = '0d';
  let decay = 0.5;
  for (const [key, value] of Object.entries(params)) {
    if (key === 'scale') scale = textValue(value);
    else if (key === 'origin') originText = textValue(value);
    else if (key === 'decay') decay = numberValue(value, key);
    else if (key === 'offset') offset = textValue(value);
    else throw notSupported(key);
  }
  const origin = originText === undefined ? ctx.now : resolveDateMath(originText, ctx.now, false, format);
  if (scale === undefined) throw parseException('[scale] must be set for date fields.');
  const scaleMillis = parseTimeValue(scale, 'DecayFunctionParser.scale');
  const offsetMillis = parseTimeValue(offset, 'DecayFunctionParser.offset');
  return new DecayFunction(
    curve,
    field,
    { kind: 'numeric', origin },
    scaleMillis,
    decay,
    offsetMillis,
    mode,
    name,
  );
}

export const gaussParser = decayParser('gauss');
export const expParser = decayParser('exp');
export const linearParser = decayParser('linear');
