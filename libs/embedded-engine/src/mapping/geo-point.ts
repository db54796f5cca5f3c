import { OpenSearchError, illegalArgument, parseException } from '../errors';
import { GeoPoint } from './types';
import { javaDouble } from './java-text';
import { javaParseDouble } from './numeric';

/**
 * geo_point values in every form GeoUtils#parseGeoPoint / GeoPoint#resetFromString accept:
 * `{lat, lon}` (numbers or numeric strings), `{geohash}`, `"lat,lon"`, a geohash, WKT `POINT (lon lat)`,
 * `[lon, lat]`, and (AbstractPointGeometryFieldMapper.PointParser) an array of any of those.
 */

const GEOHASH_ALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';

/** Geohash#mortonEncode + decode: the bottom-left corner of the geohash cell (GeoUtils.EffectivePoint.BOTTOM_LEFT). */
export function geohashToPoint(geohash: string): GeoPoint {
  if (geohash.length === 0) throw parseException('empty geohash');
  let latMin = -90;
  let latMax = 90;
  let lonMin = -180;
  let lonMax = 180;
  let even = true;
  const length = Math.min(geohash.length, 12);
  for (let i = 0; i < geohash.length; i++) {
    const index = GEOHASH_ALPHABET.indexOf(geohash[i]);
    if (index < 0) throw parseException(`unsupported symbol [${geohash[i]}] in geohash [${geohash}]`);
    if (i >= length) continue;
    for (let bit = 4; bit >= 0; bit--) {
      const on = (index >> bit) & 1;
      if (even) {
        const mid = (lonMin + lonMax) / 2;
        if (on) lonMin = mid;
        else lonMax = mid;
      } else {
        const mid = (latMin + latMax) / 2;
        if (on) latMin = mid;
        else latMax = mid;
      }
      even = !even;
    }
  }
  return { lat: latMin, lon: lonMin };
}

/** GeoPoint.assertZValue */
function assertZValue(ignoreZValue: boolean, z: number): void {
  if (!ignoreZValue) {
    throw parseException(
      `Exception parsing coordinates: found Z value [${javaDouble(z)}] but [ignore_z_value] parameter is [false]`,
    );
  }
}

/** Double value of a lat/lon given as a JSON number or string (XContentParser#doubleValue(coerce = true)). */
function coordinate(value: unknown, name: 'latitude' | 'longitude'): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return javaParseDouble(value);
  throw parseException(`${name} must be a number`);
}

/** GeoPoint#resetFromString: WKT when it mentions "point", "lat,lon[,z]" when it has a comma, else a geohash. */
function pointFromString(value: string, ignoreZValue: boolean): GeoPoint {
  if (value.toLowerCase().includes('point')) return pointFromWkt(value, ignoreZValue);
  if (value.includes(',')) {
    const parts = value.split(',');
    if (parts.length > 3) {
      throw parseException(
        `failed to parse [${value}], expected 2 or 3 coordinates but found: [${parts.length}]`,
      );
    }
    let lat: number;
    let lon: number;
    try {
      lat = javaParseDouble(parts[0].trim());
    } catch {
      throw parseException('latitude must be a number');
    }
    try {
      lon = javaParseDouble(parts[1].trim());
    } catch {
      throw parseException('longitude must be a number');
    }
    if (parts.length > 2) assertZValue(ignoreZValue, javaParseDouble(parts[2].trim()));
    return { lat, lon };
  }
  return geohashToPoint(value);
}

const WKT_NUMBER = '[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?';
const WKT_POINT = new RegExp(
  `^\\s*POINT\\s*(?:Z\\s*)?\\(\\s*(${WKT_NUMBER})\\s+(${WKT_NUMBER})(?:\\s+(${WKT_NUMBER}))?\\s*\\)\\s*$`,
  'i',
);

/** GeoPoint#resetFromWKT (WellKnownText): only POINT is a geo_point. */
function pointFromWkt(value: string, ignoreZValue: boolean): GeoPoint {
  const m = WKT_POINT.exec(value);
  if (!m) {
    const type = /^\s*([A-Za-z]+)/.exec(value)?.[1]?.toUpperCase();
    if (
      type &&
      type !== 'POINT' &&
      [
        'MULTIPOINT',
        'LINESTRING',
        'MULTILINESTRING',
        'POLYGON',
        'MULTIPOLYGON',
        'GEOMETRYCOLLECTION',
        'BBOX',
        'ENVELOPE',
      ].includes(type)
    ) {
      throw parseException(`[geo_point] supports only POINT among WKT primitives, but found ${type}`);
    }
    throw parseException('Invalid WKT format');
  }
  if (m[3] !== undefined) assertZValue(ignoreZValue, Number(m[3]));
  return { lat: Number(m[2]), lon: Number(m[1]) };
}

/** GeoUtils#parseGeoPoint for one value (object, array of numbers, or string). */
export function parseGeoPoint(value: unknown, ignoreZValue = true): GeoPoint {
  if (typeof value === 'string') return pointFromString(value, ignoreZValue);
  if (Array.isArray(value)) {
    let lon = NaN;
    let lat = NaN;
    for (let i = 0; i < value.length; i++) {
      const element = value[i];
      if (typeof element !== 'number') throw parseException('numeric value expected');
      if (i === 0) lon = element;
      else if (i === 1) lat = element;
      else if (i === 2) assertZValue(ignoreZValue, element);
      else throw parseException('[geo_point] field type does not accept > 3 dimensions');
    }
    return { lat, lon };
  }
  if (value !== null && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    let lat = NaN;
    let lon = NaN;
    let geohash: string | undefined;
    let numberFormat: OpenSearchError | undefined;
    for (const key of Object.keys(object)) {
      const field = object[key];
      if (key === 'lat' || key === 'lon') {
        const name = key === 'lat' ? 'latitude' : 'longitude';
        try {
          const parsed = coordinate(field, name);
          if (key === 'lat') lat = parsed;
          else lon = parsed;
        } catch (error) {
          if ((error as OpenSearchError).type !== 'number_format_exception') throw error;
          numberFormat = error as OpenSearchError;
        }
      } else if (key === 'geohash') {
        if (typeof field !== 'string') throw parseException('geohash must be a string');
        geohash = field;
      } else {
        throw parseException('field must be either [lat], [lon] or [geohash]');
      }
    }
    if (geohash !== undefined) {
      if (!Number.isNaN(lat) || !Number.isNaN(lon))
        throw parseException('field must be either lat/lon or geohash');
      return geohashToPoint(geohash);
    }
    if (numberFormat) throw parseException('[lat] and [lon] must be valid double values', numberFormat);
    if (Number.isNaN(lat)) throw parseException('field [lat] missing');
    if (Number.isNaN(lon)) throw parseException('field [lon] missing');
    return { lat, lon };
  }
  throw parseException('geo_point expected');
}

/**
 * The points of one field value (PointParser#parse): an array of numbers is one `[lon, lat(, z)]` point
 * (a 4th number: "field type does not accept > 3 dimensions"); any other array holds one point per element.
 */
export function parseGeoPoints(value: unknown, ignoreZValue = true): GeoPoint[] {
  if (Array.isArray(value)) {
    if (value.length > 0 && typeof value[0] === 'number') {
      if (typeof value[1] !== 'number') throw parseException('numeric value expected');
      if (value.length > 2) {
        if (typeof value[2] === 'number') assertZValue(ignoreZValue, value[2]);
        if (value.length > 3) throw parseException('field type does not accept > 3 dimensions');
      }
      return [{ lat: value[1], lon: value[0] }];
    }
    return value.map((element) => parseGeoPoint(element, ignoreZValue));
  }
  return [parseGeoPoint(value, ignoreZValue)];
}

/** ParsedGeoPoint#validate: the message names the field by its simple name. */
export function validateGeoPoint(point: GeoPoint, fieldName: string): void {
  if (point.lat > 90.0 || point.lat < -90.0) {
    throw illegalArgument(`illegal latitude value [${javaDouble(point.lat)}] for ${fieldName}`);
  }
  if (point.lon > 180.0 || point.lon < -180) {
    throw illegalArgument(`illegal longitude value [${javaDouble(point.lon)}] for ${fieldName}`);
  }
}

/** GeoUtils#centeredModulus */
function centeredModulus(dividend: number, divisor: number): number {
  let rtn = dividend % divisor;
  if (rtn <= 0) rtn += divisor;
  if (rtn > divisor / 2) rtn -= divisor;
  return rtn;
}

/** GeoUtils#normalizePoint (ignore_malformed: wrap latitude over the pole, longitude around the date line). */
export function normalizeGeoPoint(point: GeoPoint): GeoPoint {
  if (!Number.isFinite(point.lat) || !Number.isFinite(point.lon)) {
    throw parseException('cannot normalize the point - not a number');
  }
  let lat = point.lat;
  let lon = point.lon;
  const normLat = lat > 90 || lat < -90;
  const normLon = lon > 180 || lon < -180 || normLat;
  if (normLat) {
    lat = centeredModulus(lat, 360);
    let shift = true;
    if (lat < -90) lat = -180 - lat;
    else if (lat > 90) lat = 180 - lat;
    else shift = false;
    if (shift) lon += normLon ? 180 : centeredModulus(lon, 360) > 0 ? -180 : 180;
  }
  if (normLon) lon = centeredModulus(lon, 360);
  return { lat, lon };
}
