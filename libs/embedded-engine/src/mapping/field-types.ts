import { OpenSearchError, illegalArgument, mapperParsing } from '../errors';
import { isPlainObject } from '../rest/json';
import { DEFAULT_DATE_FORMAT, DateFormatter } from './date-format';
import { normalizeGeoPoint, parseGeoPoint, parseGeoPoints, validateGeoPoint } from './geo-point';
import { javaDouble, javaNumber, javaPreview } from './java-text';
import { KnnConfig, KnnVectorError, parseKnnVector, validateKnnMapping } from './knn-vector';
import { NUMERIC_TYPES, NumericType, jsonTokenName, parseNumber } from './numeric';
import { FieldInfo, GeoPoint, IndexedValue, ParsedFields } from './types';
import { isIP } from 'node:net';

/**
 * Leaf field types: their mapping parameters (ParametrizedFieldMapper.Builder#getParameters of each mapper, in
 * that order, which is also the order GET _mapping prints them), how a definition is validated, and how one
 * JSON value of a document becomes indexed values (each mapper's parseCreateField).
 */

type ParamKind = 'bool' | 'explicitBool' | 'int' | 'string' | 'number' | 'any';

interface ParamSpec {
  readonly name: string;
  readonly kind: ParamKind;
  readonly updateable: boolean;
  readonly defaultValue: unknown;
}

const p = (name: string, kind: ParamKind, updateable: boolean, defaultValue: unknown = null): ParamSpec => ({
  name,
  kind,
  updateable,
  defaultValue,
});

const INDEX = p('index', 'bool', false, true);
const DOC_VALUES = p('doc_values', 'bool', false, true);
const STORE = p('store', 'bool', false, false);
const BOOST = p('boost', 'number', true, 1);
const META = p('meta', 'any', true, null);
const IGNORE_MALFORMED = p('ignore_malformed', 'explicitBool', true, false);
const COERCE = p('coerce', 'explicitBool', true, true);
const NULL_VALUE = p('null_value', 'any', false, null);

const NUMBER_PARAMS = [INDEX, DOC_VALUES, STORE, IGNORE_MALFORMED, COERCE, NULL_VALUE, BOOST, META];

/** Parameters per type, in the mapper's getParameters() order. `legacy`: not a ParametrizedFieldMapper. */
const TYPES: Record<string, { params: ParamSpec[]; legacy?: boolean }> = {
  keyword: {
    params: [
      INDEX,
      DOC_VALUES,
      STORE,
      NULL_VALUE,
      p('eager_global_ordinals', 'bool', true, false),
      p('ignore_above', 'int', true, 2147483647),
      p('index_options', 'string', false, 'docs'),
      p('norms', 'bool', true, false),
      p('similarity', 'string', false),
      p('normalizer', 'string', false),
      p('split_queries_on_whitespace', 'bool', true, false),
      BOOST,
      META,
    ],
  },
  text: {
    params: [
      INDEX,
      STORE,
      p('index_phrases', 'bool', false, false),
      p('index_prefixes', 'any', false),
      p('index_options', 'string', false, 'positions'),
      p('norms', 'bool', true, true),
      p('term_vector', 'string', false, 'no'),
      p('analyzer', 'string', false),
      p('search_analyzer', 'string', true),
      p('search_quote_analyzer', 'string', true),
      p('similarity', 'string', false),
      p('position_increment_gap', 'int', false),
      p('fielddata', 'bool', true, false),
      p('fielddata_frequency_filter', 'any', true),
      p('eager_global_ordinals', 'bool', true, false),
      BOOST,
      META,
    ],
  },
  long: { params: NUMBER_PARAMS },
  integer: { params: NUMBER_PARAMS },
  short: { params: NUMBER_PARAMS },
  byte: { params: NUMBER_PARAMS },
  double: { params: NUMBER_PARAMS },
  float: { params: NUMBER_PARAMS },
  half_float: { params: NUMBER_PARAMS },
  scaled_float: {
    params: [
      INDEX,
      DOC_VALUES,
      STORE,
      IGNORE_MALFORMED,
      COERCE,
      NULL_VALUE,
      p('scaling_factor', 'number', false),
      BOOST,
      META,
    ],
  },
  boolean: { params: [INDEX, DOC_VALUES, STORE, NULL_VALUE, BOOST, META] },
  date: {
    params: [
      INDEX,
      DOC_VALUES,
      STORE,
      p('format', 'string', false, DEFAULT_DATE_FORMAT),
      p('print_format', 'string', false),
      p('locale', 'string', false),
      NULL_VALUE,
      IGNORE_MALFORMED,
      BOOST,
      META,
    ],
  },
  ip: { params: [INDEX, DOC_VALUES, STORE, IGNORE_MALFORMED, NULL_VALUE, BOOST, META] },
  geo_point: {
    legacy: true,
    params: [
      INDEX,
      DOC_VALUES,
      STORE,
      IGNORE_MALFORMED,
      p('ignore_z_value', 'explicitBool', true, true),
      p('null_value', 'any', true),
      BOOST,
      META,
    ],
  },
  knn_vector: {
    params: [
      p('store', 'bool', false, false),
      p('doc_values', 'bool', false, true),
      p('dimension', 'any', false, -1),
      p('data_type', 'any', false, 'float'),
      META,
      p('method', 'any', false),
      p('model_id', 'any', false),
      p('mode', 'any', false),
      p('compression_level', 'any', false),
      p('space_type', 'any', false, 'undefined'),
    ],
  },
};

export const isLeafType = (type: string): boolean => type in TYPES;

/** XContentMapValues#nodeBooleanValue */
function nodeBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  const text = String(value);
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw illegalArgument(`Failed to parse value [${text}] as only [true] or [false] are allowed.`);
}

/** XContentMapValues#nodeIntegerValue */
function nodeInteger(value: unknown): number {
  if (typeof value === 'number') return Math.trunc(value) | 0;
  const text = String(value);
  if (!/^[+-]?\d+$/.test(text) || Math.abs(Number(text)) > 2147483647) {
    throw new OpenSearchError(400, 'number_format_exception', `For input string: "${text}"`);
  }
  return Number(text);
}

function nodeDouble(value: unknown): number {
  if (typeof value === 'number') return value;
  const n = Number(String(value));
  if (String(value).trim() === '' || Number.isNaN(n)) {
    throw new OpenSearchError(400, 'number_format_exception', `For input string: "${String(value)}"`);
  }
  return n;
}

function normalizeParam(spec: ParamSpec, value: unknown): unknown {
  if (value === null) return null;
  switch (spec.kind) {
    case 'bool':
    case 'explicitBool':
      return nodeBoolean(value);
    case 'int':
      return nodeInteger(value);
    case 'number':
      return nodeDouble(value);
    case 'string':
      return String(value);
    default:
      return value;
  }
}

/** Objects#toString of a parameter value in "Cannot update parameter [x] from [a] to [b]". */
function conflictText(spec: ParamSpec, value: unknown): string {
  if (spec.name === 'method' && isPlainObject(value)) return String(value.name);
  if (typeof value === 'number') return spec.kind === 'number' ? javaDouble(value) : javaNumber(value);
  return javaPreview(value);
}

const sameValue = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Resolved settings a leaf needs when parsing documents (computed once per mapping). */
interface Compiled {
  ignoreMalformed: boolean;
  coerce: boolean;
  nullValue: unknown;
  ignoreAbove: number;
  scalingFactor?: number;
  formatter?: DateFormatter;
  ignoreZValue: boolean;
  knn?: KnnConfig;
  geoNull?: GeoPoint;
}

/** A mapped leaf field (and its multi-fields). Immutable once built. */
export class LeafField {
  readonly info: FieldInfo;
  private readonly compiled: Compiled;

  private constructor(
    readonly name: string,
    readonly path: string,
    readonly type: string,
    /** the parameters as given, values normalized, without `type` and `fields` */
    readonly params: Readonly<Record<string, unknown>>,
    readonly multiFields: ReadonlyMap<string, LeafField>,
    knnEnabled: boolean,
  ) {
    this.info = { path, type, params };
    this.compiled = compile(name, path, type, params, knnEnabled);
  }

  /**
   * Parses a leaf definition (ParametrizedFieldMapper.Builder#parse / TypeParsers#parseMultiField):
   * unknown parameters, bad values and type-specific validation fail like OpenSearch.
   */
  static parse(
    name: string,
    path: string,
    type: string,
    node: Record<string, unknown>,
    knnEnabled: boolean,
  ): LeafField {
    const spec = TYPES[type];
    const params: Record<string, unknown> = {};
    const multi = new Map<string, LeafField>();
    const unsupported: string[] = [];
    for (const [key, value] of Object.entries(node)) {
      if (key === 'type') continue;
      if (key === 'fields') {
        if (!isPlainObject(value)) {
          throw mapperParsing(
            `Expected map for property [fields] on field [${name}] but got a ${javaClass(value)}`,
          );
        }
        for (const [subName, subNode] of Object.entries(value)) {
          if (!isPlainObject(subNode)) {
            throw mapperParsing(`illegal field [${subName}], only fields can be specified inside fields`);
          }
          if (subNode.type === undefined) throw mapperParsing(`no type specified for property [${subName}]`);
          const subType = String(subNode.type);
          if (subType === 'object' || subType === 'nested') {
            throw mapperParsing(`Type [${subType}] cannot be used in multi field`);
          }
          if (!isLeafType(subType)) {
            throw mapperParsing(`no handler for type [${subType}] declared on field [${subName}]`);
          }
          multi.set(subName, LeafField.parse(subName, `${path}.${subName}`, subType, subNode, knnEnabled));
        }
        continue;
      }
      if (key === 'copy_to') {
        params.copy_to = value;
        continue;
      }
      const param = spec.params.find((s) => s.name === key);
      if (!param) {
        if (spec.legacy) {
          unsupported.push(` [${key} : ${javaPreview(value)}]`);
          continue;
        }
        throw mapperParsing(`unknown parameter [${key}] on mapper [${name}] of type [${type}]`);
      }
      if (
        value === null &&
        param.name !== 'null_value' &&
        param.name !== 'meta' &&
        !['mode', 'compression_level', 'dimension'].includes(key)
      ) {
        throw mapperParsing(`[${key}] on mapper [${name}] of type [${type}] must not have a [null] value`);
      }
      params[key] = normalizeParam(param, value);
    }
    if (unsupported.length > 0) {
      throw mapperParsing(
        `Mapping definition for [${name}] has unsupported parameters: ${unsupported.join('')}`,
      );
    }
    return new LeafField(name, path, type, params, multi, knnEnabled);
  }

  /** GET _mapping form: type, configured parameters in the mapper's order, multi-fields sorted by name, copy_to. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { type: this.type };
    for (const spec of TYPES[this.type].params) {
      if (!(spec.name in this.params)) continue;
      const value = this.params[spec.name];
      if (spec.name === 'null_value' || spec.name === 'meta' || spec.name === 'method') {
        if (value !== null && value !== undefined) out[spec.name] = value;
      } else if (
        spec.kind === 'explicitBool' ||
        spec.name === 'dimension' ||
        !sameValue(value, spec.defaultValue)
      ) {
        out[spec.name] = value;
      }
    }
    if (this.multiFields.size > 0) {
      const fields: Record<string, unknown> = {};
      for (const name of [...this.multiFields.keys()].sort())
        fields[name] = this.multiFields.get(name)!.toJSON();
      out.fields = fields;
    }
    if (this.params.copy_to !== undefined) out.copy_to = this.params.copy_to;
    return out;
  }

  /**
   * PUT _mapping of a field that exists (ParametrizedFieldMapper#merge): the type must stay, parameters that are
   * not updateable must keep their value, multi-fields merge, updateable parameters take the new value.
   */
  merge(update: LeafField, knnEnabled: boolean): LeafField {
    if (update.type !== this.type) {
      throw illegalArgument(
        `mapper [${this.path}] cannot be changed from type [${this.type}] to [${update.type}]`,
      );
    }
    const conflicts: string[] = [];
    let params: Record<string, unknown>;
    if (TYPES[this.type].legacy) {
      // AbstractGeometryFieldMapper#mergeOptions: explicit values of the update win, the rest stays
      params = { ...this.params, ...update.params };
    } else {
      for (const spec of TYPES[this.type].params) {
        const current = spec.name in this.params ? this.params[spec.name] : spec.defaultValue;
        const incoming = spec.name in update.params ? update.params[spec.name] : spec.defaultValue;
        if (!spec.updateable && !sameValue(current, incoming)) {
          conflicts.push(
            `Cannot update parameter [${spec.name}] from [${conflictText(spec, current)}] to [${conflictText(spec, incoming)}]`,
          );
        }
      }
      params = { ...update.params };
      delete params.copy_to;
    }
    if (conflicts.length > 0) {
      throw illegalArgument(
        `Mapper for [${this.path}] conflicts with existing mapper:\n\t${conflicts.join('\n\t')}`,
      );
    }
    if (update.params.copy_to !== undefined) params.copy_to = update.params.copy_to;
    const multi = new Map(this.multiFields);
    for (const [name, sub] of update.multiFields) {
      const existing = multi.get(name);
      multi.set(name, existing ? existing.merge(sub, knnEnabled) : sub);
    }
    return new LeafField(this.name, this.path, this.type, params, multi, knnEnabled);
  }

  /** All leaves: this field and its multi-fields, depth first. */
  collect(out: FieldInfo[]): void {
    out.push(this.info);
    for (const sub of this.multiFields.values()) sub.collect(out);
  }

  /** True when the mapper takes a whole JSON array as one value (FieldMapper#parsesArrayValue). */
  get parsesArrayValue(): boolean {
    return this.type === 'geo_point' || this.type === 'knn_vector';
  }

  /**
   * FieldMapper#parse for one JSON value (never an array unless parsesArrayValue): indexes it, or throws
   * "failed to parse field [...]" with OpenSearch's cause; ignore_malformed drops the value instead.
   */
  parseValue(value: unknown, id: string, out: ParsedFields): void {
    const c = this.compiled;
    if (this.type === 'geo_point') {
      this.parseGeo(value, out);
    } else if (this.type === 'knn_vector') {
      try {
        const vector = parseKnnVector(value, c.knn!);
        if (vector) add(out, this.path, vector);
      } catch (error) {
        if (!(error instanceof KnnVectorError)) throw error;
        throw mapperParsing(this.failedMessage(id, error.preview), error.error);
      }
    } else {
      let indexed: IndexedValue | null;
      try {
        indexed = this.parseScalar(value);
      } catch (error) {
        if (!(error instanceof OpenSearchError)) throw error;
        if (!c.ignoreMalformed) throw mapperParsing(this.failedMessage(id, javaPreview(value)), error);
        indexed = null;
      }
      if (indexed !== null) add(out, this.path, indexed);
    }
    for (const sub of this.multiFields.values()) sub.parseValue(value, id, out);
  }

  private failedMessage(id: string, preview: string): string {
    return `failed to parse field [${this.path}] of type [${this.type}] in document with id '${id}'. Preview of field's value: '${preview}'`;
  }

  /** The scalar types' parseCreateField; null means nothing to index. */
  private parseScalar(value: unknown): IndexedValue | null {
    const c = this.compiled;
    const type = this.type;
    if (value === null) {
      if (c.nullValue === null || c.nullValue === undefined) return null;
      value = c.nullValue;
      if (type === 'date') return c.formatter!.parseMillis(String(value));
    }
    if (NUMERIC_TYPES.has(type)) {
      return parseNumber(type as NumericType, value, { coerce: c.coerce, scalingFactor: c.scalingFactor });
    }
    switch (type) {
      case 'keyword': {
        const text = textOf(value);
        return text.length > c.ignoreAbove ? null : text;
      }
      case 'text':
        return textOf(value);
      case 'boolean':
        return booleanOf(value);
      case 'date':
        return c.formatter!.parseMillis(textOf(value));
      case 'ip': {
        const text = textOf(value);
        if (isIP(text) === 0) throw illegalArgument(`'${text}' is not an IP string literal.`);
        return text;
      }
      default:
        return null;
    }
  }

  /** AbstractGeometryFieldMapper#parse: errors name the field and type only. */
  private parseGeo(value: unknown, out: ParsedFields): void {
    const c = this.compiled;
    try {
      if (value === null) {
        if (c.geoNull) add(out, this.path, c.geoNull);
        return;
      }
      const points = parseGeoPoints(value, c.ignoreZValue);
      for (let i = 0; i < points.length; i++) {
        let point = points[i];
        if (c.ignoreMalformed) point = normalizeGeoPoint(point);
        else validateGeoPoint(point, this.name);
        points[i] = point;
      }
      for (const point of points) add(out, this.path, point);
    } catch (error) {
      if (!(error instanceof OpenSearchError)) throw error;
      if (c.ignoreMalformed) return;
      throw mapperParsing(`failed to parse field [${this.path}] of type [${this.type}]`, error);
    }
  }
}

function add(out: ParsedFields, path: string, value: IndexedValue): void {
  const values = out.get(path);
  if (values) values.push(value);
  else out.set(path, [value]);
}

/** XContentParser#textOrNull on a value token (Jackson's text of numbers and booleans); objects have no text. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return javaTextOfNumber(value);
  if (typeof value === 'boolean') return String(value);
  throw new OpenSearchError(400, 'illegal_state_exception', `Can't get text on a ${jsonTokenName(value)}`);
}

/** The JSON text of a number as a JS number prints it (the original spelling is not kept by JSON.parse). */
function javaTextOfNumber(value: number): string {
  return String(value);
}

/** XContentParser#booleanValue: strings via Booleans#parseBoolean ("" is false). */
function booleanOf(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    if (value === 'true') return true;
    if (value === 'false' || value.length === 0) return false;
    throw illegalArgument(`Failed to parse value [${value}] as only [true] or [false] are allowed.`);
  }
  throw new OpenSearchError(
    400,
    'json_parse_exception',
    `Current token (${jsonTokenName(value)}) not of boolean type`,
  );
}

function javaClass(value: unknown): string {
  if (typeof value === 'string') return 'class java.lang.String';
  if (typeof value === 'boolean') return 'class java.lang.Boolean';
  if (typeof value === 'number')
    return Number.isInteger(value) ? 'class java.lang.Integer' : 'class java.lang.Double';
  if (Array.isArray(value)) return 'class java.util.ArrayList';
  return 'class java.util.LinkedHashMap';
}

/** Type-specific validation at mapping time, and the settings document parsing needs. */
function compile(
  name: string,
  _path: string,
  type: string,
  params: Readonly<Record<string, unknown>>,
  knnEnabled: boolean,
): Compiled {
  const c: Compiled = {
    ignoreMalformed: params.ignore_malformed === true,
    coerce: params.coerce !== false,
    nullValue: params.null_value ?? null,
    ignoreAbove: typeof params.ignore_above === 'number' ? params.ignore_above : 2147483647,
    ignoreZValue: params.ignore_z_value !== false,
  };
  if (type === 'scaled_float') {
    // ScaledFloatFieldMapper.Builder: scaling_factor validator
    const factor = params.scaling_factor;
    if (factor === undefined || factor === null) throw illegalArgument('Field [scaling_factor] is required');
    if (typeof factor !== 'number' || !Number.isFinite(factor) || factor <= 0) {
      throw illegalArgument(
        `[scaling_factor] must be a positive number, got [${javaDouble(Number(factor))}]`,
      );
    }
    c.scalingFactor = factor;
  }
  if (type === 'date') {
    const format = typeof params.format === 'string' ? params.format : DEFAULT_DATE_FORMAT;
    try {
      c.formatter = DateFormatter.forPattern(format);
    } catch (error) {
      throw illegalArgument(
        `Error parsing [format] on field [${name}]: ${(error as OpenSearchError).reason}`,
        error as OpenSearchError,
      );
    }
  }
  if (NUMERIC_TYPES.has(type) && c.nullValue !== null) {
    // NumberFieldMapper.Builder: null_value goes through NumberType#parse(value, coerce = false)
    c.nullValue = parseNumber(type as NumericType, c.nullValue, {
      coerce: true,
      scalingFactor: c.scalingFactor ?? 1,
    });
  }
  if (type === 'boolean' && c.nullValue !== null) c.nullValue = booleanOf(c.nullValue);
  if (type === 'geo_point' && params.null_value !== undefined && params.null_value !== null) {
    const point = parseGeoPoint(params.null_value, c.ignoreZValue);
    if (!c.ignoreMalformed) {
      if (point.lat > 90.0 || point.lat < -90.0)
        throw illegalArgument(`illegal latitude value [${javaDouble(point.lat)}]`);
      if (point.lon > 180.0 || point.lon < -180)
        throw illegalArgument(`illegal longitude value [${javaDouble(point.lon)}]`);
      c.geoNull = point;
    } else {
      c.geoNull = normalizeGeoPoint(point);
    }
  }
  if (type === 'knn_vector') c.knn = validateKnnMapping(name, params as Record<string, unknown>, knnEnabled);
  return c;
}
