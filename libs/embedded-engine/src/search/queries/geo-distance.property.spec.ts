import fc from 'fast-check';
import { createEmbeddedClient } from '../../client/create-embedded-client';
import { arcDistanceMeters } from '../geo/distance';
import { quantizeLatitude, quantizeLongitude } from '../index-reader';

type Point = { lat: number; lon: number };

/** A new index of documents `0`, `1`, ... whose geo_point field `at` holds the given point (or points). */
async function indexPoints(
  client: ReturnType<typeof createEmbeddedClient>,
  index: string,
  docs: readonly (Point | Point[])[],
): Promise<void> {
  await client.indices.create({ index, body: { mappings: { properties: { at: { type: 'geo_point' } } } } });
  const body = docs.flatMap((at, i) => [{ index: { _index: index, _id: String(i) } }, { at }]);
  await client.bulk({ body, refresh: true });
}

/** Whether a point, as indexed (quantized), is within `meters` of `center` by the arc distance: a full scan's test. */
const isWithin = (center: Point, meters: number, p: Point): boolean =>
  arcDistanceMeters(center.lat, center.lon, quantizeLatitude(p.lat), quantizeLongitude(p.lon)) <= meters;

/**
 * `geo_distance` reads only the band of latitudes it can match (points kept sorted by latitude): it must find exactly
 * the documents a full scan finds, those with a point (as indexed, quantized) within the radius by the arc distance,
 * including multi-valued documents, points near the band's edges, documents deleted or added since.
 */
describe('geo_distance, property', () => {
  const client = createEmbeddedClient();
  const points = new Map<string, Point[]>();
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
    for (let i = 0; i < 400; i++)
      points.set(String(i), i % 7 === 0 ? [pointOf(i, 0), pointOf(i, 1)] : [pointOf(i, 0)]);
    await indexPoints(client, 'g', [...points.values()]);
  });
  afterAll(() => client.close());

  const expected = (center: Point, meters: number) =>
    [...points]
      .filter(([, at]) => at.some((p) => isWithin(center, meters, p)))
      .map(([id]) => id)
      .sort();

  const found = async (center: Point, meters: number) =>
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

describe('geo_distance over the whole globe, property', () => {
  // The latitude band and the longitude span that prune before the exact test must hold near the poles, across the
  // antimeridian, and for radii up to half the Earth.
  const client = createEmbeddedClient();
  const points: Point[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 1_500; i++) {
      const a = Math.sin(i * 12.9898) * 43758.5453;
      const b = Math.sin(i * 39.3468) * 24634.6345;
      // a third of them crowd near the poles and the antimeridian
      const u = a - Math.floor(a);
      const v = b - Math.floor(b);
      const lat = i % 3 === 0 ? Math.sign(u - 0.5) * (85 + 5 * v) : u * 180 - 90;
      const lon = i % 3 === 1 ? Math.sign(v - 0.5) * (175 + 5 * u) : v * 360 - 180;
      points.push({ lat, lon });
    }
    await indexPoints(client, 'w', points);
  });
  afterAll(() => client.close());

  it('finds what a full scan finds, anywhere, at any radius', async () => {
    const center = fc.record({
      lat: fc.oneof(
        fc.double({ min: -90, max: 90, noNaN: true }),
        fc.double({ min: 80, max: 90, noNaN: true }),
      ),
      lon: fc.oneof(
        fc.double({ min: -180, max: 180, noNaN: true }),
        fc.double({ min: 170, max: 180, noNaN: true }),
      ),
    });
    const radiusKm = fc.oneof(fc.integer({ min: 1, max: 2_000 }), fc.integer({ min: 2_000, max: 20_100 }));
    await fc.assert(
      fc.asyncProperty(center, radiusKm, async (c, km) => {
        const meters = km * 1000;
        const answer = await client.search({
          index: 'w',
          body: { size: 2_000, query: { geo_distance: { distance: `${km}km`, at: c } } },
        });
        const got = answer.body.hits.hits.map((h) => h._id as string).sort();
        const want = points.flatMap((p, i) => (isWithin(c, meters, p) ? [String(i)] : [])).sort();
        expect(got).toEqual(want);
      }),
      { numRuns: 150 },
    );
  });
});
