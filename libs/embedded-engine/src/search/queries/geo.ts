import { illegalArgument } from '../../errors';
import { parseGeoPoint } from '../../mapping/geo-point';
import { GeoPoint } from '../../mapping/types';
import { isPlainObject } from '../../rest/json';
import { scanDocSet, sortedUnique } from '../doc-sets';
import { lowerBound } from '../index-reader';
import { queryShardError } from '../shard-errors';
import { arcDistanceMeters, EARTH_MEAN_RADIUS, parseDistance } from '../geo/distance';
import { parsingError, queryObject, readBoost } from '../parse-helpers';
import { QueryParseContext, QueryParser, Query } from '../types';
import { ConstantScoreMatches } from './constant';
import { MATCH_NONE } from './match-all';

const GEO_DISTANCE_KEYS = new Set([
  'distance',
  'distance_type',
  'validation_method',
  'ignore_unmapped',
  'boost',
  '_name',
  'optimize_bbox',
  'unit',
]);
const GEO_BBOX_KEYS = new Set(['validation_method', 'ignore_unmapped', 'type', 'boost', '_name']);

function geoField(ctx: QueryParseContext, field: string, ignoreUnmapped: boolean): boolean {
  const info = ctx.mappings.field(field);
  if (!info) {
    if (ignoreUnmapped) return false;
    throw queryShardError(`failed to find geo field [${field}]`, ctx.indexName);
  }
  if (info.type !== 'geo_point') {
    throw queryShardError(`field [${field}] is not a geo_point field`, ctx.indexName);
  }
  return true;
}

function readPoint(type: string, value: unknown): GeoPoint {
  try {
    return parseGeoPoint(value);
  } catch (error) {
    throw parsingError(`[${type}] ${(error as Error).message}`);
  }
}

/**
 * `geo_distance` (GeoDistanceQueryBuilder → LatLonPoint.newDistanceQuery): documents with a point within `distance`
 * of the origin by haversine arc distance; constant 1.0 × boost.
 */
export const geoDistanceQueryParser: QueryParser = (body, ctx) => {
  const o = queryObject('geo_distance', body);
  let field: string | undefined;
  let origin: GeoPoint | undefined;
  for (const [key, value] of Object.entries(o)) {
    if (GEO_DISTANCE_KEYS.has(key)) continue;
    if (field !== undefined)
      throw parsingError(
        `[geo_distance] query doesn't support multiple fields, found [${field}] and [${key}]`,
      );
    field = key;
    origin = readPoint('geo_distance', value);
  }
  if (field === undefined || origin === undefined)
    throw parsingError('[geo_distance] query requires a geo point field');
  if (o.distance === undefined) throw illegalArgument("geo_distance requires 'distance' to be specified");
  const radius =
    typeof o.distance === 'number'
      ? parseDistance(`${o.distance}${o.unit ?? 'm'}`)
      : parseDistance(String(o.distance));
  if (!(radius > 0)) throw illegalArgument(`distance must be greater than zero`);
  const boost = readBoost('geo_distance', o.boost);
  if (!geoField(ctx, field, o.ignore_unmapped === true)) return MATCH_NONE;
  const center = origin;
  const name = field;
  // The arc between two points is at least the meridian arc between their latitudes: a point further than that in
  // latitude is outside without computing its distance (Lucene's bounding box before the exact check). The margin
  // covers the sloppy haversine's error.
  const latitudeSpan = (radius / EARTH_MEAN_RADIUS) * (180 / Math.PI) * 1.001 + 1e-9;
  const longitudeSpan = longitudeHalfWidth(center.lat, radius);
  return new ConstantScoreMatches(
    `${name}:${center.lat},${center.lon} +/- ${radius} meters`,
    boost,
    (s) => {
      const column = s.reader.geo(name);
      if (!column) return { docs: new Int32Array(0), scores: new Float32Array(0) };
      // only the points in the band of latitudes (a little wider than the test below, which decides)
      const points = column.byLatitude();
      const from = lowerBound(points.lats, center.lat - latitudeSpan * 1.0001 - 1e-9);
      const to = lowerBound(points.lats, center.lat + latitudeSpan * 1.0001 + 1e-9);
      const found: number[] = [];
      for (let i = from; i < to; i++) {
        const lat = points.lats[i];
        if (Math.abs(lat - center.lat) > latitudeSpan) continue;
        // likewise in longitude (the shorter way round)
        const dLon = Math.abs(points.lons[i] - center.lon);
        if (Math.min(dLon, 360 - dLon) > longitudeSpan) continue;
        const doc = points.docs[i];
        if (!s.reader.isLive(doc)) continue;
        if (arcDistanceMeters(center.lat, center.lon, lat, points.lons[i]) <= radius) found.push(doc);
      }
      const docs = sortedUnique(Int32Array.from(found));
      return { docs, scores: new Float32Array(docs.length).fill(1) };
    },
    false,
    // the matches depend only on these: cached until the next refresh, so a request's several queries with the
    // same area (and the next requests) reuse them
    `geo_distance:${name}:${center.lat},${center.lon}:${radius}`,
  );
};

/**
 * How far in longitude (degrees) a point within `radius` metres of a point at latitude `lat` can be: on a sphere,
 * asin(sin δ / cos lat) for an angular radius δ, or 180 (any longitude) when the circle reaches a pole. Widened a
 * little, as latitudeSpan is, so that only points surely outside are skipped: the exact test decides the rest.
 */
function longitudeHalfWidth(lat: number, radius: number): number {
  const delta = (radius * 1.001 + 1) / EARTH_MEAN_RADIUS;
  const latRadians = (Math.abs(lat) * Math.PI) / 180;
  if (delta >= Math.PI / 2 - latRadians) return 180;
  const ratio = Math.sin(delta) / Math.cos(latRadians);
  if (ratio >= 1) return 180;
  return Math.asin(ratio) * (180 / Math.PI) * 1.0001 + 1e-9;
}

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

function readBox(spec: unknown): Box {
  if (typeof spec === 'string') {
    const m =
      /^\s*BBOX\s*\(\s*([-\d.eE]+)\s*,\s*([-\d.eE]+)\s*,\s*([-\d.eE]+)\s*,\s*([-\d.eE]+)\s*\)\s*$/i.exec(
        spec,
      );
    if (!m) throw parsingError('[geo_bbox] failed to parse bounding box. Expected [BBOX] WKT');
    return { left: Number(m[1]), right: Number(m[2]), top: Number(m[3]), bottom: Number(m[4]) };
  }
  if (!isPlainObject(spec)) throw parsingError('[geo_bbox] failed to parse bounding box');
  if (typeof spec.wkt === 'string') return readBox(spec.wkt);
  let top: number | undefined;
  let bottom: number | undefined;
  let left: number | undefined;
  let right: number | undefined;
  for (const [key, value] of Object.entries(spec)) {
    switch (key) {
      case 'top':
        top = Number(value);
        break;
      case 'bottom':
        bottom = Number(value);
        break;
      case 'left':
        left = Number(value);
        break;
      case 'right':
        right = Number(value);
        break;
      case 'top_left': {
        const p = readPoint('geo_bbox', value);
        [top, left] = [p.lat, p.lon];
        break;
      }
      case 'bottom_right': {
        const p = readPoint('geo_bbox', value);
        [bottom, right] = [p.lat, p.lon];
        break;
      }
      case 'top_right': {
        const p = readPoint('geo_bbox', value);
        [top, right] = [p.lat, p.lon];
        break;
      }
      case 'bottom_left': {
        const p = readPoint('geo_bbox', value);
        [bottom, left] = [p.lat, p.lon];
        break;
      }
      default:
        throw parsingError(`failed to parse bounding box. unexpected field [${key}]`);
    }
  }
  if (top === undefined || bottom === undefined || left === undefined || right === undefined) {
    throw parsingError('failed to parse bounding box. Missing corner');
  }
  return { top, bottom, left, right };
}

/**
 * `geo_bounding_box` (GeoBoundingBoxQueryBuilder → LatLonPoint.newBoxQuery): points inside the box, crossing the
 * dateline when left > right; constant 1.0 × boost.
 */
export const geoBoundingBoxQueryParser: QueryParser = (body, ctx) => {
  const o = queryObject('geo_bounding_box', body);
  let field: string | undefined;
  let box: Box | undefined;
  for (const [key, value] of Object.entries(o)) {
    if (GEO_BBOX_KEYS.has(key)) continue;
    if (field !== undefined)
      throw parsingError(`[geo_bbox] query doesn't support multiple fields, found [${field}] and [${key}]`);
    field = key;
    box = readBox(value);
  }
  if (field === undefined || box === undefined)
    throw parsingError('failed to parse [geo_bbox] query. field name expected');
  if (box.top < box.bottom) {
    throw illegalArgument(`top is below bottom corner: ${box.top} vs. ${box.bottom}`);
  }
  const boost = readBoost('geo_bounding_box', o.boost);
  if (!geoField(ctx, field, o.ignore_unmapped === true)) return MATCH_NONE;
  const { top, bottom, left, right } = box;
  const name = field;
  const crosses = left > right;
  const query: Query = new ConstantScoreMatches(
    `${name}:[${bottom},${left} TO ${top},${right}]`,
    boost,
    (s) => {
      const column = s.reader.geo(name);
      if (!column) return { docs: new Int32Array(0), scores: new Float32Array(0) };
      return scanDocSet(s.reader, 1, (doc) => {
        const n = column.valueCount(doc);
        for (let i = 0; i < n; i++) {
          const lat = column.lat(doc, i);
          const lon = column.lon(doc, i);
          if (lat < bottom || lat > top) continue;
          if (crosses ? lon >= left || lon <= right : lon >= left && lon <= right) return true;
        }
        return false;
      });
    },
    true,
  );
  return query;
};
