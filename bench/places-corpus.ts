/** A deterministic corpus of place-like documents, shaped like the travel catalog (keyword, text, geo, numbers, 64-d vectors). */

import { mulberry32 } from '../apps/recommender-cli/src/demo/seeded-random';

/** mulberry32: a small seeded PRNG, so every run indexes the same documents. */
export const seededRandom = mulberry32;

const CITIES: [string, number, number][] = [
  ['Lisbon', 38.7223, -9.1393],
  ['Porto', 41.1579, -8.6291],
  ['Madrid', 40.4168, -3.7038],
  ['Barcelona', 41.3874, 2.1686],
  ['Paris', 48.8566, 2.3522],
  ['Berlin', 52.52, 13.405],
  ['Rome', 41.9028, 12.4964],
  ['Vienna', 48.2082, 16.3738],
];
export const CATEGORIES = [
  'museum',
  'cafe',
  'restaurant',
  'park',
  'bar',
  'gallery',
  'viewpoint',
  'market',
  'beach',
  'church',
];
const WORDS =
  'quiet lively historic modern local famous hidden cozy sunny green old new river view garden art food wine coffee music square tile bridge tower street'.split(
    ' ',
  );

export const PLACES_MAPPING: Record<string, unknown> = {
  settings: { index: { knn: true, number_of_shards: 1, number_of_replicas: 0, refresh_interval: '1s' } },
  mappings: {
    properties: {
      name: { type: 'text', fields: { keyword: { type: 'keyword' } } },
      description: { type: 'text' },
      city: { type: 'keyword' },
      categories: { type: 'keyword' },
      location: { type: 'geo_point' },
      rating: { type: 'float' },
      rating_count: { type: 'integer' },
      price_level: { type: 'byte' },
      popularity: { type: 'double' },
      curated: { type: 'boolean' },
      created_at: { type: 'date' },
      embedding: {
        type: 'knn_vector',
        dimension: 64,
        method: { name: 'hnsw', space_type: 'cosinesimil', engine: 'lucene' },
      },
    },
  },
};

export function placeDocument(i: number, random: () => number): Record<string, unknown> {
  const [city, lat, lon] = CITIES[i % CITIES.length];
  const words = (n: number) =>
    Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ');
  return {
    name: `${words(2)} ${i}`,
    description: words(20),
    city,
    categories: [
      CATEGORIES[Math.floor(random() * CATEGORIES.length)],
      CATEGORIES[Math.floor(random() * CATEGORIES.length)],
    ],
    location: {
      lat: +(lat + (random() - 0.5) * 0.2).toFixed(6),
      lon: +(lon + (random() - 0.5) * 0.2).toFixed(6),
    },
    rating: Math.round(random() * 50) / 10,
    rating_count: Math.floor(random() * 5000),
    price_level: 1 + Math.floor(random() * 4),
    popularity: +(random() * 100).toFixed(3),
    curated: random() < 0.1,
    created_at: new Date(1_700_000_000_000 + Math.floor(random() * 3e10)).toISOString(),
    embedding: Array.from({ length: 64 }, () => +(random() * 2 - 1).toFixed(5)),
  };
}

/** NDJSON bulk bodies of `batchSize` index actions each, for documents 0..count-1. */
export function bulkBodies(index: string, count: number, batchSize: number, seed = 42): string[] {
  const random = seededRandom(seed);
  const bodies: string[] = [];
  for (let start = 0; start < count; start += batchSize) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(count, start + batchSize); i++) {
      lines.push(
        JSON.stringify({ index: { _index: index, _id: `place-${i}` } }),
        JSON.stringify(placeDocument(i, random)),
      );
    }
    bodies.push(`${lines.join('\n')}\n`);
  }
  return bodies;
}
