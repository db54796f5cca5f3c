import { GeoColumn } from '../index-reader';
import { seeded } from '../seeded.spec-helpers';
import {
  ArcDistanceFrom,
  arcDistanceMeters,
  distanceUnitMeters,
  haversinSortKey,
  parseDistance,
  planeDistanceMeters,
} from './distance';

const closeTo = (a: number, b: number, rel = 1e-9) => Math.abs(a - b) <= rel * Math.abs(b);

describe('arcDistanceMeters (SloppyMath#haversinMeters)', () => {
  it('is 0 for the same point', () => {
    expect(arcDistanceMeters(52.52, 13.405, 52.52, 13.405)).toBe(0);
  });

  it('gives one degree of longitude on the equator: R * pi / 180', () => {
    // 6371008.7714 * 0.017453292519943295 = 111195.07973436874 (sloppy asin: error ~1e-7 relative)
    expect(closeTo(arcDistanceMeters(0, 0, 0, 1), 111195.07973436874, 1e-7)).toBe(true);
  });

  it('agrees with the exact haversine to Lucene’s stated error (< 40 cm)', () => {
    const R = 6371008.7714;
    const rad = (d: number) => (d * Math.PI) / 180;
    const exact = (a: number, b: number, c: number, d: number) =>
      2 *
      R *
      Math.asin(
        Math.sqrt(
          Math.sin(rad(c - a) / 2) ** 2 + Math.cos(rad(a)) * Math.cos(rad(c)) * Math.sin(rad(d - b) / 2) ** 2,
        ),
      );
    // Berlin - Paris ≈ 877.5 km; antipodal-ish points use the fdlibm branch of asin (value > sin 73°)
    for (const [a, b, c, d] of [
      [52.52, 13.405, 48.8566, 2.3522],
      [10, 20, -10, -160],
      [89, 0, -89, 180],
    ]) {
      expect(Math.abs(arcDistanceMeters(a, b, c, d) - exact(a, b, c, d))).toBeLessThan(0.4);
    }
  });

  it('clears the 3 low mantissa bits of the sort key', () => {
    const key = haversinSortKey(52.52, 13.405, 48.8566, 2.3522);
    const words = new Uint32Array(new Float64Array([key]).buffer);
    expect(words[0] & 7).toBe(0);
  });
});

describe('ArcDistanceFrom (one origin, many points)', () => {
  it('gives arcDistanceMeters bit for bit, with the latitude cosines a geo column keeps', () => {
    const random = seeded(5);
    const column = new GeoColumn();
    const points: { lat: number; lon: number }[] = [];
    const check = (origin: { lat: number; lon: number }) => {
      const from = new ArcDistanceFrom(origin.lat, origin.lon);
      const cosines = column.latitudeCosines();
      points.forEach((_, doc) => {
        const lat = column.lat(doc, 0);
        const lon = column.lon(doc, 0);
        const got = from.to(lat, lon, cosines[column.valueStart(doc)]);
        if (got !== arcDistanceMeters(origin.lat, origin.lon, lat, lon)) expect([doc, got]).toBe(undefined);
      });
    };
    const addPoints = (n: number) => {
      for (let i = 0; i < n; i++) {
        const point = { lat: random() * 180 - 90, lon: random() * 360 - 180 };
        column.add(points.length, [point]);
        points.push(point);
      }
    };
    addPoints(5_000);
    // poles, the antimeridian, the origin itself
    column.add(points.length, [{ lat: 90, lon: 180 }]);
    points.push({ lat: 90, lon: 180 });
    for (const origin of [
      { lat: 38.72, lon: -9.14 },
      { lat: -90, lon: -180 },
      { lat: 0, lon: 179.99 },
    ])
      check(origin);
    // points added after the cosines were read: they are extended
    addPoints(3_000);
    check({ lat: 52.52, lon: 13.405 });
  });
});

describe('planeDistanceMeters (GeoUtils#planeDistance)', () => {
  it('is the equirectangular distance', () => {
    // x = rad(1) * cos(0) = 0.017453292519943295; * R = 111195.07973436874
    expect(planeDistanceMeters(0, 0, 0, 1)).toBe(0.017453292519943295 * 6371008.7714);
    // y = rad(1) on a meridian, whatever the latitude
    expect(planeDistanceMeters(10, 5, 11, 5)).toBe(Math.sqrt((0.017453292519943295 * 1) ** 2) * 6371008.7714);
  });
});

describe('parseDistance (DistanceUnit.Distance#parseDistance, to meters)', () => {
  it.each([
    ['2km', 2000],
    ['1kilometers', 1000],
    ['10', 10], // default unit: meters
    ['10m', 10],
    ['5meters', 5],
    ['1mi', 1609.344],
    ['2miles', 3218.688],
    ['3NM', 5556],
    ['3nmi', 5556],
    ['1nauticalmiles', 1852],
    ['2yd', 1.8288],
    ['10ft', 3.048],
    ['12in', 12 * 0.0254],
    ['250cm', 2.5],
    ['1500mm', 1.5],
    ['1.5km', 1500],
  ])('%s = %d m', (text, meters) => {
    expect(parseDistance(text)).toBe(meters);
  });

  it('refuses a number it cannot read', () => {
    expect(() => parseDistance('abckm')).toThrow('For input string: "abc"');
  });

  it('names the meters of each unit, exactly', () => {
    expect(distanceUnitMeters('km')).toBe(1000);
    expect(distanceUnitMeters('NM')).toBe(1852);
    expect(() => distanceUnitMeters('parsec')).toThrow('No distance unit match [parsec]');
  });
});
