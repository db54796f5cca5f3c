/**
 * The search benchmark's workload: the place documents as columns (for the plain-JS floors and the peers), and the
 * seeded queries of each scenario, written once as engine request bodies.
 */
import { placeDocument, seededRandom } from './places-corpus';

export const DIMS = 64;
export const K = 100;
/** Fields the app lists with each hit (never the 64-d embedding). */
export const LISTED_FIELDS = ['name', 'city', 'rating'];
/** The filtered knn keeps curated places: `random() < 0.1` in the corpus, so ~10% of documents. */
export const FILTER_FIELD = 'curated';
/** The function_score filter: Lisbon (1 document in 8) rated 1.0 or more (~81%), so ~10k of 100k. */
export const FS_CITY = 'Lisbon';
export const FS_CITY_CENTER = { lat: 38.7223, lon: -9.1393 };
export const FS_MIN_RATING = 1;
export const FS_SCALE_KM = 2;
/** Words of the corpus that are no stop word and no prefix of another (Orama matches prefixes by default). */
const TERMS =
  'quiet lively historic modern local famous hidden cozy sunny green river garden wine coffee music square tile bridge tower street'.split(
    ' ',
  );

export interface PlaceColumns {
  count: number;
  docs: Record<string, unknown>[];
  ids: string[];
  vectors: Float32Array;
  lat: Float64Array;
  lon: Float64Array;
  rating: Float64Array;
  ratingCount: Float64Array;
  city: string[];
  curated: Uint8Array;
  description: string[];
}

/** The same documents `bulkBodies(index, count, batch)` indexes (same seed, same order). */
export function placeColumns(count: number, seed = 42): PlaceColumns {
  const random = seededRandom(seed);
  const c: PlaceColumns = {
    count,
    docs: [],
    ids: [],
    vectors: new Float32Array(count * DIMS),
    lat: new Float64Array(count),
    lon: new Float64Array(count),
    rating: new Float64Array(count),
    ratingCount: new Float64Array(count),
    city: [],
    curated: new Uint8Array(count),
    description: [],
  };
  for (let i = 0; i < count; i++) {
    const doc = placeDocument(i, random);
    const location = doc.location as { lat: number; lon: number };
    c.docs.push(doc);
    c.ids.push(`place-${i}`);
    c.vectors.set(doc.embedding as number[], i * DIMS);
    c.lat[i] = location.lat;
    c.lon[i] = location.lon;
    c.rating[i] = doc.rating as number;
    c.ratingCount[i] = doc.rating_count as number;
    c.city.push(doc.city as string);
    c.curated[i] = doc.curated ? 1 : 0;
    c.description.push(doc.description as string);
  }
  return c;
}

/** NDJSON bulk bodies of the same documents. */
export function bulkBodiesOf(index: string, c: PlaceColumns, batch: number): string[] {
  const bodies: string[] = [];
  for (let start = 0; start < c.count; start += batch) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(c.count, start + batch); i++) {
      lines.push(JSON.stringify({ index: { _index: index, _id: c.ids[i] } }), JSON.stringify(c.docs[i]));
    }
    bodies.push(`${lines.join('\n')}\n`);
  }
  return bodies;
}

export interface GeoQuery {
  lat: number;
  lon: number;
}

/** Distinct seeded queries per scenario (a seed apart from the corpus's, so no query vector is a document). */
export function queryVectors(n: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () =>
    Float32Array.from({ length: DIMS }, () => +(random() * 2 - 1).toFixed(5)),
  );
}

export function queryPoints(n: number, seed: number): GeoQuery[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => ({
    lat: +(FS_CITY_CENTER.lat + (random() - 0.5) * 0.1).toFixed(6),
    lon: +(FS_CITY_CENTER.lon + (random() - 0.5) * 0.1).toFixed(6),
  }));
}

/** Two distinct corpus words per query. */
export function queryTermPairs(n: number, seed: number): [string, string][] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const a = Math.floor(random() * TERMS.length);
    const b = (a + 1 + Math.floor(random() * (TERMS.length - 1))) % TERMS.length;
    return [TERMS[a], TERMS[b]];
  });
}

/** Engine request bodies, as the app will send them. */
export const requests = {
  knn: (vector: Float32Array) => ({
    size: K,
    _source: LISTED_FIELDS,
    query: { knn: { embedding: { vector: Array.from(vector), k: K } } },
  }),
  knnFiltered: (vector: Float32Array) => ({
    size: K,
    _source: LISTED_FIELDS,
    query: {
      knn: { embedding: { vector: Array.from(vector), k: K, filter: { term: { [FILTER_FIELD]: true } } } },
    },
  }),
  functionScore: (point: GeoQuery) => ({
    size: K,
    _source: LISTED_FIELDS,
    query: {
      function_score: {
        query: {
          bool: {
            filter: [{ term: { city: FS_CITY } }, { range: { rating: { gte: FS_MIN_RATING } } }],
          },
        },
        functions: [
          { gauss: { location: { origin: point, scale: `${FS_SCALE_KM}km`, decay: 0.5 } } },
          { field_value_factor: { field: 'rating_count', modifier: 'log1p', missing: 0 } },
        ],
        score_mode: 'multiply',
        boost_mode: 'replace',
      },
    },
  }),
  match: ([a, b]: [string, string]) => ({
    size: K,
    _source: LISTED_FIELDS,
    query: { match: { description: `${a} ${b}` } },
  }),
};
