/**
 * The contract between the mapping module and the rest of the engine.
 * A document's `_source` is parsed once, at write time, into typed per-field values; search builds on those.
 */

/** A geo point, in degrees. */
export interface GeoPoint {
  lat: number;
  lon: number;
}

/**
 * One indexed value of a field:
 * - keyword, text (the original string; analysis happens in the search module), ip: string
 * - long/integer/short/byte/double/float/half_float/scaled_float: number (already rounded as the type stores it)
 * - date: number (epoch milliseconds)
 * - boolean: boolean
 * - geo_point: GeoPoint
 * - knn_vector: Float32Array
 */
export type IndexedValue = string | number | boolean | GeoPoint | Float32Array;

/** Field path (dotted, multi-fields included as `title.keyword`) → its values, in source order. */
export type ParsedFields = Map<string, IndexedValue[]>;

/** What a mapped leaf field is, as search needs to know it. */
export interface FieldInfo {
  /** Full dotted path, e.g. `location` or `name.keyword`. */
  readonly path: string;
  /** The mapping type: `keyword`, `text`, `long`, …, `knn_vector`. */
  readonly type: string;
  /** The field's mapping parameters as given (e.g. `dimension`, `method`, `format`, `scaling_factor`). */
  readonly params: Readonly<Record<string, unknown>>;
}

export interface ParsedDocument {
  fields: ParsedFields;
  /** Set when dynamic mapping added fields: the index's mappings with those fields. */
  updatedMappings?: import('./mappings').Mappings;
}
