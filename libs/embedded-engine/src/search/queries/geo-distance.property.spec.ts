import fc from 'fast-check';
import { createEmbeddedClient } from '../../client/create-embedded-client';
import { arcDistanceMeters } from '../geo/distance';
import { quantizeLatitude, quantizeLongitude } from '../index-reader';

/**
 * `geo_distance` reads only the band of latitudes it can match (points kept sorted by latitude): it must find exactly
 * the documents a full scan finds, those with a point (as indexed, quantized) within the radius by the arc distance,
 * including multi-valued documents, points near the band's edges, documents deleted or added since.
 */
describe('geo_distance, property', () => {
  const client = createEmbeddedClient();
  const points = new Map<string, { lat: number; lon: number }[]>();
  // clustered around a few centres, so that radii of a few km hold some points and miss others
  const centres = [
    { lat: 38.72, lon: -9.14 },
    { lat: 41.15, lon: -8.61 },
    { lat: -33.87, lon: 151.21 },
  ];
  const pointOf = (i: number, k: number) => {
    const c = centres[(i + k) % centres.length];
    const a = Math.sin(i * 12.9898 + k * 78.233) * 43758.5453;
    const b = Math.sin(i * 39.3468 + k * 11.135) * 24634.6345;
    return { lat: c.lat + (a - Math.floor(a) - 0.5) * 0.3, lon: c.lon + (b - Math.floor(b) - 0.5) * 0.3 };
  };

  beforeAll(async () => {
    await client.indices.create({
      index: 'g',
      body: { mappings: { properties: { at: { type: 'geo_point' } } } },
    });
    const body: object[] = [];
    for (let i = 0; i < 400; i++) {
      const at = i % 7 === 0 ? [pointOf(i, 0), pointOf(i, 1)] : [pointOf(i, 0)];
      points.set(String(i), at);
      body.push({ index: { _index: 'g', _id: String(i) } }, { at });
    }
    await client.bulk({ body, refresh: true });
  });
  afterAll(() => client.close());

  const expected = (center: { lat: number; lon: number }, meters: number) =>
    [...points]
      .filter(([, at]) =>
        at.some(
          (p) =>
            arcDistanceMeters(center.lat, center.lon, quantizeLatitude(p.lat), quantizeLongitude(p.lon)) <=
            meters,
        ),
      )
      .map(([id]) => id)
      .sort();

  const found = async (center: { lat: number; lon: number }, meters: number) =>
    (
      await client.search({
        index: 'g',
        body: { size: 1000, query: { geo_distance: { distance: `${meters}m`, at: center } } },
      })
    ).body.hits.hits
      .map((h) => h._id as string)
      .sort();

  it('finds what a full scan finds', async () => {
    const center = fc.record({
      centre: fc.constantFrom(...centres),
      dLat: fc.double({ min: -0.2, max: 0.2, noNaN: true }),
      dLon: fc.double({ min: -0.2, max: 0.2, noNaN: true }),
    });
    await fc.assert(
      fc.asyncProperty(
        center,
        fc.integer({ min: 100, max: 30_000 }),
        async ({ centre, dLat, dLon }, meters) => {
          const c = { lat: centre.lat + dLat, lon: centre.lon + dLon };
          expect(await found(c, meters)).toEqual(expected(c, meters));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('sees deletions and new points after a refresh', async () => {
    const c = centres[0];
    const before = await found(c, 10_000);
    expect(before.length).toBeGreaterThan(5);
    await client.delete({ index: 'g', id: before[0] });
    points.delete(before[0]);
    await client.index({ index: 'g', id: 'new', body: { at: c }, refresh: true });
    points.set('new', [c]);
    const after = await found(c, 10_000);
    expect(after).toEqual(expected(c, 10_000));
    expect(after).toContain('new');
    expect(after).not.toContain(before[0]);
  });
});
