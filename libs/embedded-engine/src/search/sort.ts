import { illegalArgument, OpenSearchError } from '../errors';
import { parseGeoPoints } from '../mapping/geo-point';
import { GeoPoint } from '../mapping/types';
import { isPlainObject, RawJson } from '../rest/json';
import { javaFloat } from '../mapping/java-text';
import { arcDistanceMeters, distanceUnitMeters, planeDistanceMeters } from './geo/distance';
import { queryShardError } from './shard-errors';
import { Searcher } from './types';

export type SortOrder = 'asc' | 'desc';
type SortMode = 'min' | 'max' | 'sum' | 'avg' | 'median';

/** One `sort` entry, parsed (SortBuilder#fromXContent). */
export type SortSpec =
  | { kind: 'score'; order: SortOrder }
  | { kind: 'doc'; order: SortOrder }
  | {
      kind: 'field';
      field: string;
      order: SortOrder;
      missing: '_last' | '_first' | unknown;
      mode?: SortMode;
      unmappedType?: string;
    }
  | {
      kind: 'geo';
      field: string;
      points: GeoPoint[];
      order: SortOrder;
      unit: string;
      mode?: SortMode;
      distanceType: 'arc' | 'plane';
      ignoreUnmapped: boolean;
    };

/** A sort value: a number, a string, or null when missing (keyword). */
export type SortValue = number | string | null;

function readOrder(value: unknown): SortOrder {
  if (value === undefined) return 'asc';
  if (value === 'asc' || value === 'desc') return value;
  throw illegalArgument(`No sort order for [${String(value)}]`);
}

/** Reads `sort` in every form: `"f"`, `["f", {"g": "desc"}]`, `{"f": {"order": .., "missing": .., "mode": ..}}`. */
export function parseSort(input: unknown): SortSpec[] {
  const entries = Array.isArray(input) ? input : [input];
  return entries.map((entry): SortSpec => {
    if (typeof entry === 'string') return simple(entry, undefined);
    if (!isPlainObject(entry) || Object.keys(entry).length !== 1) {
      throw new OpenSearchError(
        400,
        'parsing_exception',
        `malformed sort format, within the sort array, an object, or an actual string are allowed`,
      );
    }
    const [name, spec] = Object.entries(entry)[0];
    if (typeof spec === 'string') return simple(name, spec);
    if (!isPlainObject(spec)) throw new OpenSearchError(400, 'parsing_exception', `[${name}] sort malformed`);
    if (name === '_geo_distance' || name === '_geoDistance') return geoSort(spec);
    if (name === '_score' || name === '_doc')
      return {
        kind: name === '_score' ? 'score' : 'doc',
        order: readOrder(spec.order ?? (name === '_score' ? 'desc' : 'asc')),
      };
    for (const key of Object.keys(spec)) {
      if (!['order', 'missing', 'mode', 'unmapped_type', 'numeric_type', 'format', 'nested'].includes(key)) {
        throw new OpenSearchError(400, 'parsing_exception', `[field_sort] unknown field [${key}]`);
      }
    }
    const mode = spec.mode as SortMode | undefined;
    if (mode !== undefined && !['min', 'max', 'sum', 'avg', 'median'].includes(mode)) {
      throw illegalArgument(`Unknown SortMode [${String(mode)}]`);
    }
    return {
      kind: 'field',
      field: name,
      order: readOrder(spec.order),
      missing: spec.missing ?? '_last',
      mode,
      unmappedType: spec.unmapped_type as string | undefined,
    };
  });
}

function simple(name: string, order: string | undefined): SortSpec {
  if (name === '_score') return { kind: 'score', order: readOrder(order ?? 'desc') };
  if (name === '_doc') return { kind: 'doc', order: readOrder(order ?? 'asc') };
  return { kind: 'field', field: name, order: readOrder(order), missing: '_last' };
}

function geoSort(spec: Record<string, unknown>): SortSpec {
  let field: string | undefined;
  let points: GeoPoint[] = [];
  for (const [key, value] of Object.entries(spec)) {
    if (
      ['order', 'unit', 'mode', 'distance_type', 'ignore_unmapped', 'validation_method', 'nested'].includes(
        key,
      )
    )
      continue;
    field = key;
    points = parseGeoPoints(value);
  }
  if (!field)
    throw new OpenSearchError(400, 'parsing_exception', '[_geo_distance] sort requires a geo point field');
  const unit = String(spec.unit ?? 'm');
  distanceUnitMeters(unit);
  const distanceType = String(spec.distance_type ?? 'arc').toLowerCase();
  if (distanceType !== 'arc' && distanceType !== 'plane')
    throw illegalArgument(`No geo distance for [${distanceType}]`);
  const mode = spec.mode as SortMode | undefined;
  if (mode === 'sum') throw illegalArgument("sort_mode [sum] isn't supported for sorting by geo distance");
  return {
    kind: 'geo',
    field,
    points,
    order: readOrder(spec.order),
    unit,
    mode,
    distanceType,
    ignoreUnmapped: spec.ignore_unmapped === true,
  };
}

/** Checks a sort against one index's mappings, as the shard builds its SortField (errors are shard failures). */
export function validateSort(spec: SortSpec, searcher: Searcher): void {
  if (spec.kind === 'geo') {
    if (!searcher.mappings.field(spec.field) && !spec.ignoreUnmapped) {
      throw queryShardError(
        `failed to find mapper for [${spec.field}] for geo distance based sort`,
        searcher.indexName,
      );
    }
    return;
  }
  if (spec.kind !== 'field') return;
  const info = searcher.mappings.field(spec.field);
  if (!info) {
    if (spec.unmappedType !== undefined) return;
    throw queryShardError(`No mapping found for [${spec.field}] in order to sort on`, searcher.indexName);
  }
  if (info.type === 'text') {
    throw illegalArgument(
      `Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [${spec.field}] in order to load field data by uninverting the inverted index. Note that this can use significant memory.`,
    );
  }
}

/** Reduces a document's values to one (MultiValueMode): min for ascending sorts, max for descending, unless told. */
function reduce(values: number[], mode: SortMode | undefined, order: SortOrder): number | undefined {
  if (values.length === 0) return undefined;
  switch (mode ?? (order === 'asc' ? 'min' : 'max')) {
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'median': {
      const sorted = [...values].sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
  }
}

const INTEGER_SORT_TYPES = new Set(['long', 'integer', 'short', 'byte', 'date', 'boolean']);

/**
 * Computes a document's sort value for one spec. Missing values are placed as `missing` asks: `_last`/`_first`
 * become ±Infinity sentinels here and are shown as OpenSearch shows them (Long.MAX/MIN_VALUE for integer types,
 * ±Infinity for floating types, null for keywords) by `displaySortValue`.
 */
export function sortValue(spec: SortSpec, searcher: Searcher, doc: number, score: number): SortValue {
  switch (spec.kind) {
    case 'score':
      return score;
    case 'doc':
      return doc;
    case 'geo': {
      const column = searcher.reader.geo(spec.field);
      const info = searcher.mappings.field(spec.field);
      if (!info && !spec.ignoreUnmapped)
        throw queryShardError(
          `failed to find mapper for [${spec.field}] for geo distance based sort`,
          searcher.indexName,
        );
      const distances: number[] = [];
      const n = column?.valueCount(doc) ?? 0;
      const perUnit = distanceUnitMeters(spec.unit);
      for (let i = 0; i < n; i++) {
        const lat = column!.lat(doc, i);
        const lon = column!.lon(doc, i);
        for (const p of spec.points) {
          const meters =
            spec.distanceType === 'arc'
              ? arcDistanceMeters(p.lat, p.lon, lat, lon)
              : planeDistanceMeters(p.lat, p.lon, lat, lon);
          distances.push(meters / perUnit);
        }
      }
      return reduce(distances, spec.mode, spec.order) ?? Infinity;
    }
    case 'field': {
      const info = searcher.mappings.field(spec.field);
      if (!info) {
        if (spec.unmappedType !== undefined) return missingValue(spec);
        throw queryShardError(`No mapping found for [${spec.field}] in order to sort on`, searcher.indexName);
      }
      if (info.type === 'text') {
        throw illegalArgument(
          `Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [${spec.field}] in order to load field data by uninverting the inverted index. Note that this can use significant memory.`,
        );
      }
      const keyword = searcher.reader.keyword(spec.field);
      if (keyword || info.type === 'keyword' || info.type === 'ip') {
        const n = keyword?.valueCount(doc) ?? 0;
        if (n === 0) return missingValue(spec);
        let best = keyword!.value(doc, 0);
        for (let i = 1; i < n; i++) {
          const v = keyword!.value(doc, i);
          if (spec.order === 'asc' ? v < best : v > best) best = v;
        }
        return best;
      }
      const numeric = searcher.reader.numeric(spec.field);
      const n = numeric?.valueCount(doc) ?? 0;
      const values: number[] = [];
      for (let i = 0; i < n; i++) values.push(numeric!.value(doc, i));
      const v = reduce(values, spec.mode, spec.order);
      return v === undefined ? missingValue(spec) : v;
    }
  }
}

function missingValue(spec: Extract<SortSpec, { kind: 'field' }>): SortValue {
  if (spec.missing === '_last') return spec.order === 'asc' ? Infinity : -Infinity;
  if (spec.missing === '_first') return spec.order === 'asc' ? -Infinity : Infinity;
  const m = spec.missing;
  return typeof m === 'number'
    ? m
    : typeof m === 'string' && m.trim() !== '' && !Number.isNaN(Number(m))
      ? Number(m)
      : String(m);
}

/** Orders two sort values: missing sentinels (±Infinity) against strings too. */
export function compareSortValues(a: SortValue, b: SortValue): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (a === Infinity || b === -Infinity) return 1;
  if (a === -Infinity || b === Infinity) return -1;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** The sort value as the response shows it (SearchHit#sortValues rendered by Jackson). */
export function displaySortValue(spec: SortSpec, searcher: Searcher, value: SortValue): unknown {
  if (spec.kind !== 'field') return value === Infinity ? 'Infinity' : value;
  const type = searcher.mappings.field(spec.field)?.type ?? spec.unmappedType;
  if (value === Infinity || value === -Infinity) {
    if (type === 'keyword' || type === 'ip') return null;
    if (type === 'float' || type === 'half_float') return value > 0 ? 'Infinity' : '-Infinity';
    if (type !== undefined && INTEGER_SORT_TYPES.has(type)) {
      return new RawJson(value > 0 ? '9223372036854775807' : '-9223372036854775808');
    }
    return value > 0 ? 'Infinity' : '-Infinity';
  }
  // Float fields sort on Java floats, which Jackson writes with float digits.
  if ((type === 'float' || type === 'half_float') && typeof value === 'number')
    return new RawJson(javaFloat(value));
  return value;
}
