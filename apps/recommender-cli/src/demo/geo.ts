import { GeoLocation } from '@app/catalog';

// Jest runs modules in a vm sandbox where each lookup of a global such as Math is slow: hot code binds them once.
const { asin, cos, min, sin, sqrt, PI } = Math;

const EARTH_RADIUS_KM = 6371.0088; // mean Earth radius (IUGG), as OpenSearch's GeoUtils uses

/** Great-circle distance (haversine), in kilometres. */
export function distanceKm(a: GeoLocation, b: GeoLocation): number {
  const toRadians = PI / 180;
  const dLat = (b.lat - a.lat) * toRadians;
  const dLon = (b.lon - a.lon) * toRadians;
  const h = sin(dLat / 2) ** 2 + cos(a.lat * toRadians) * cos(b.lat * toRadians) * sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * asin(min(1, sqrt(h)));
}

/** The point `km` away from `centre` towards `bearing` (radians), on a local flat approximation (fine under 50 km). */
export function offsetLocation(centre: GeoLocation, km: number, bearing: number): GeoLocation {
  const kmPerDegreeLat = 111.32;
  const kmPerDegreeLon = Math.max(1e-6, kmPerDegreeLat * Math.cos((centre.lat * Math.PI) / 180));
  const lat = clamp(centre.lat + (km * Math.cos(bearing)) / kmPerDegreeLat, -90, 90);
  let lon = centre.lon + (km * Math.sin(bearing)) / kmPerDegreeLon;
  if (lon > 180) lon -= 360;
  if (lon < -180) lon += 360;
  return { lat: round(lat, 6), lon: round(lon, 6) };
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
