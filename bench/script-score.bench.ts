import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEmbeddedClient } from '../libs/embedded-engine/src/client/create-embedded-client';
import { arcDistanceMeters } from '../libs/embedded-engine/src/search/geo/distance';
import { expectCount, formatLatency, measureLatency } from './latency';
import { CATEGORIES, placeDocument, PLACES_MAPPING, seededRandom } from './places-corpus';
import { BenchSection } from './report';

/**
 * `script_score` with the travel ranking script (`painless/places-taste-score-v1.painless`: params lookups, a loop
 * over category weights, a geo decay, a freshness decay, a cosine similarity) over ~10k filtered documents, beside
 * the same formula hand-written in TypeScript over the same documents (the floor).
 */
const DOCS = Number(process.env.BENCH_DOCS ?? 100_000);
const INDEX = 'places_script';
const SCRIPT_ID = 'places-taste-score-v1';
const SIZE = 100;
const WARMUP = 10;
const TIMED = Number(process.env.BENCH_QUERIES ?? 100);
const NOW = '2024-06-01T00:00:00Z';
const ORIGIN = { lat: 38.7223, lon: -9.1393 };

interface PlaceRow {
  id: string;
  city: string;
  categories: string[];
  lat: number;
  lon: number;
  rating: number;
  ratingCount: number;
  priceLevel: number;
  curated: boolean;
  createdAt: number;
  embedding: Float32Array;
}

function corpus(): PlaceRow[] {
  const random = seededRandom(42);
  return Array.from({ length: DOCS }, (_, i) => {
    const d = placeDocument(i, random) as Record<string, never>;
    const location = d.location as { lat: number; lon: number };
    return {
      id: `place-${i}`,
      city: d.city,
      categories: d.categories,
      lat: location.lat,
      lon: location.lon,
      rating: d.rating,
      ratingCount: d.rating_count,
      priceLevel: d.price_level,
      curated: d.curated,
      createdAt: Date.parse(d.created_at),
      embedding: Float32Array.from(d.embedding as number[]),
    };
  });
}

function params(random: () => number): Record<string, unknown> {
  return {
    taste: Array.from({ length: 64 }, () => +(random() * 2 - 1).toFixed(5)),
    affinities: Object.fromEntries(CATEGORIES.map((c) => [c, +(random() * 2 - 1).toFixed(3)])),
    pricePreference: 2,
    origin: `${ORIGIN.lat},${ORIGIN.lon}`,
    originScale: '5km',
    now: NOW,
    weights: {
      query: 0.1,
      taste: 1.0,
      affinity: 0.8,
      price: 0.3,
      distance: 0.6,
      quality: 0.5,
      freshness: 0.2,
      curated: 0.25,
    },
  };
}

const FILTER = { bool: { filter: [{ term: { city: 'Lisbon' } }, { range: { rating: { gte: 1.0 } } }] } };
const inFilter = (p: PlaceRow) => p.city === 'Lisbon' && Math.fround(p.rating) >= 1.0;

/** The script's formula in TypeScript, with every input read once per document (the floor). */
function handWritten(places: PlaceRow[], p: Record<string, never>): string[] {
  const taste = Float32Array.from(p.taste as number[]);
  let tasteNorm = 0;
  for (let i = 0; i < taste.length; i++) tasteNorm += taste[i] * taste[i];
  const affinities = new Map(Object.entries(p.affinities as Record<string, number>));
  const w = p.weights as Record<string, number>;
  const now = Date.parse(p.now as string);
  const geoScaling = (0.5 * 5000 ** 2) / Math.log(0.5);
  const dateScaling = Math.log(0.5) / (90 * 86_400_000);
  const scores = new Float64Array(places.length);
  for (let d = 0; d < places.length; d++) {
    const x = places[d];
    let dot = 0;
    let norm = 0;
    for (let i = 0; i < taste.length; i++) {
      dot += taste[i] * x.embedding[i];
      norm += x.embedding[i] * x.embedding[i];
    }
    const tasteScore = (1 + dot / Math.sqrt(tasteNorm * norm)) / 2;
    let affinity = 0;
    let matched = 0;
    for (const c of x.categories) {
      const a = affinities.get(c);
      if (a !== undefined) {
        affinity += a;
        matched++;
      }
    }
    if (matched > 0) affinity /= matched;
    const price = 1 / (1 + Math.abs(x.priceLevel - 2));
    const distance = arcDistanceMeters(ORIGIN.lat, ORIGIN.lon, x.lat, x.lon);
    const geo = Math.exp((0.5 * distance * distance) / geoScaling);
    const quality = (x.rating / 5) * (x.ratingCount / (50 + x.ratingCount));
    const fresh = Math.exp(dateScaling * Math.abs(now - x.createdAt));
    scores[d] =
      w.query * 1 +
      w.taste * tasteScore +
      (w.affinity * (1 + affinity)) / 2 +
      w.price * price +
      w.distance * geo +
      w.quality * quality +
      w.freshness * fresh +
      w.curated * (x.curated ? 1 : 0);
  }
  const order = Array.from(scores.keys()).sort((a, b) => scores[b] - scores[a]);
  return order.slice(0, SIZE).map((i) => places[i].id);
}

export async function benchScriptScore(): Promise<BenchSection> {
  const places = corpus();
  const filtered = places.filter(inFilter);
  const client = createEmbeddedClient();
  const mapping = JSON.parse(
    JSON.stringify(PLACES_MAPPING)
      .replace('"rating_count"', '"ratingCount"')
      .replace('"price_level"', '"priceLevel"')
      .replace('"created_at"', '"createdAt"'),
  );
  await client.indices.create({ index: INDEX, body: mapping });
  for (let start = 0; start < places.length; start += 1000) {
    const lines: string[] = [];
    for (const x of places.slice(start, start + 1000)) {
      lines.push(
        JSON.stringify({ index: { _index: INDEX, _id: x.id } }),
        JSON.stringify({
          city: x.city,
          categories: x.categories,
          location: { lat: x.lat, lon: x.lon },
          rating: x.rating,
          ratingCount: x.ratingCount,
          priceLevel: x.priceLevel,
          curated: x.curated,
          createdAt: new Date(x.createdAt).toISOString(),
          embedding: Array.from(x.embedding),
        }),
      );
    }
    await client.transport.request({ method: 'POST', path: '/_bulk', bulkBody: `${lines.join('\n')}\n` });
  }
  await client.indices.refresh({ index: INDEX });
  const source = readFileSync(join(process.cwd(), 'painless', 'places-taste-score-v1.painless'), 'utf8');
  await client.transport.request({
    method: 'PUT',
    path: `/_scripts/${SCRIPT_ID}/score`,
    body: { script: { lang: 'painless', source } },
  });
  const random = seededRandom(7);
  const queries = Array.from({ length: WARMUP + TIMED }, () => params(random));
  const count = (await client.count({ index: INDEX, body: { query: FILTER } })).body.count as number;
  expectCount('filtered documents', count, filtered.length);

  const engine = await measureLatency(
    queries.slice(0, WARMUP),
    queries.slice(WARMUP),
    async (p) =>
      (
        await client.search({
          index: INDEX,
          body: {
            size: SIZE,
            _source: false,
            query: { script_score: { query: FILTER, script: { id: SCRIPT_ID, params: p } } },
          } as never,
        })
      ).body as { hits: { hits: { _id: string }[] } },
    (r) => expectCount('script_score hits', r.hits.hits.length, SIZE),
  );
  const floor = await measureLatency(
    queries.slice(0, WARMUP),
    queries.slice(WARMUP),
    (p) => handWritten(filtered, p as Record<string, never>),
    (ids) => expectCount('hand-written hits', ids.length, SIZE),
  );
  // the engine and the hand-written formula must rank alike (float rounding may swap near-ties)
  const engineTop = (
    (
      await client.search({
        index: INDEX,
        body: {
          size: SIZE,
          _source: false,
          query: { script_score: { query: FILTER, script: { id: SCRIPT_ID, params: queries[0] } } },
        } as never,
      })
    ).body as { hits: { hits: { _id: string }[] } }
  ).hits.hits.map((h) => h._id);
  const floorTop = new Set(handWritten(filtered, queries[0] as Record<string, never>));
  const shared = engineTop.filter((id) => floorTop.has(id)).length;
  if (shared < SIZE * 0.95)
    throw new Error(`script_score: only ${shared} of ${SIZE} ids shared with the floor`);
  await client.close();
  const nsPerDoc = (ms: number) => ((ms * 1e6) / filtered.length).toFixed(0);
  return {
    title: `script_score with places-taste-score-v1 over ${filtered.length.toLocaleString('en-US')} filtered documents (of ${DOCS.toLocaleString('en-US')}), size ${SIZE}`,
    command: 'npm run bench',
    rows: [
      [
        'engine: script_score (stored Painless script)',
        `${formatLatency(engine)} · ${nsPerDoc(engine.p50)} ns/doc`,
        'p50 ≤ 15 ms, within 3× of the floor',
      ],
      [
        'floor: the same formula hand-written in TypeScript',
        `${formatLatency(floor)} · ${nsPerDoc(floor.p50)} ns/doc`,
        `engine / floor = ${(engine.p50 / floor.p50).toFixed(1)}×`,
      ],
    ],
  };
}
