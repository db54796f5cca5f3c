import {
  geohashToPoint,
  normalizeGeoPoint,
  parseGeoPoint,
  parseGeoPoints,
  validateGeoPoint,
} from './geo-point';

describe('parseGeoPoint (GeoUtils#parseGeoPoint)', () => {
  const expected = { lat: 41.12, lon: -71.34 };

  it('accepts every form OpenSearch documents', () => {
    expect(parseGeoPoint({ lat: 41.12, lon: -71.34 })).toEqual(expected);
    expect(parseGeoPoint({ lat: '41.12', lon: '-71.34' })).toEqual(expected);
    expect(parseGeoPoint('41.12,-71.34')).toEqual(expected);
    expect(parseGeoPoint('41.12, -71.34')).toEqual(expected);
    expect(parseGeoPoint([-71.34, 41.12])).toEqual(expected);
    expect(parseGeoPoint('POINT (-71.34 41.12)')).toEqual(expected);
  });

  it('decodes a geohash to the bottom-left corner of its cell', () => {
    // u = 11010: lon [0,180]→[0,90], lat [0,90]→[45,90]
    expect(geohashToPoint('u')).toEqual({ lat: 45, lon: 0 });
    // 9 = 01001: lon [-180,0]→[-180,-90]→[-135,-90], lat [0,90]→[0,45]
    expect(geohashToPoint('9')).toEqual({ lat: 0, lon: -135 });
    expect(parseGeoPoint({ geohash: 'u' })).toEqual({ lat: 45, lon: 0 });
  });

  it('fails with OpenSearch messages', () => {
    expect(() => parseGeoPoint('u!')).toThrow('unsupported symbol [!] in geohash [u!]');
    expect(() => parseGeoPoint({ lat: 1 })).toThrow('field [lon] missing');
    expect(() => parseGeoPoint({ x: 1 })).toThrow('field must be either [lat], [lon] or [geohash]');
    expect(() => parseGeoPoint({ lat: 'a', lon: 1 })).toThrow('[lat] and [lon] must be valid double values');
    expect(() => parseGeoPoint('a,1')).toThrow('latitude must be a number');
    expect(() => parseGeoPoint(true)).toThrow('geo_point expected');
    // only text mentioning "point" is read as WKT (GeoPoint#resetFromString); other text with a comma is "lat,lon"
    expect(() => parseGeoPoint('MULTIPOINT (1 2)')).toThrow(
      '[geo_point] supports only POINT among WKT primitives, but found MULTIPOINT',
    );
    expect(() => parseGeoPoint('LINESTRING (1 2, 3 4)')).toThrow('latitude must be a number');
  });

  it('reads arrays: one [lon, lat] point, or one point per element', () => {
    expect(parseGeoPoints([-71.34, 41.12, 5])).toEqual([expected]);
    expect(parseGeoPoints(['41.12,-71.34', [1, 2]])).toEqual([expected, { lat: 2, lon: 1 }]);
    expect(() => parseGeoPoints([1, 2, 3, 4])).toThrow('field type does not accept > 3 dimensions');
  });

  it('validates ranges, naming the field', () => {
    expect(() => validateGeoPoint({ lat: 91, lon: 0 }, 'location')).toThrow(
      'illegal latitude value [91.0] for location',
    );
    expect(() => validateGeoPoint({ lat: 0, lon: -180.5 }, 'location')).toThrow(
      'illegal longitude value [-180.5] for location',
    );
  });

  it('normalizes like GeoUtils#normalizePoint (ignore_malformed)', () => {
    // latitude 91 folds to 180 - 91 = 89 and the longitude moves by 180
    expect(normalizeGeoPoint({ lat: 91, lon: 0 })).toEqual({ lat: 89, lon: 180 });
    // longitude 190 wraps to 190 - 360 = -170
    expect(normalizeGeoPoint({ lat: 0, lon: 190 })).toEqual({ lat: 0, lon: -170 });
  });
});
