import { Client } from '@opensearch-project/opensearch';
import { createEmbeddedClient } from '../libs/embedded-engine/src/client/create-embedded-client';
import { expectCount, formatLatency, Latency, measureLatency } from './latency';
import { OramaPeer } from './orama-peer';
import { PLACES_MAPPING } from './places-corpus';
import { BenchSection } from './report';
import {
  Bm25Floor,
  curatedDocs,
  functionScoreFilter,
  naiveFunctionScore,
  naiveKnn,
  TopDocs,
  usearchKnn,
  vectorNorms,
} from './search-floors';
import {
  bulkBodiesOf,
  K,
  placeColumns,
  PlaceColumns,
  queryPoints,
  queryTermPairs,
  queryVectors,
  requests,
} from './search-workload';

const DOCS = Number(process.env.BENCH_DOCS ?? 100_000);
const WARMUP = 20;
const TIMED = Number(process.env.BENCH_QUERIES ?? 200);
const INDEX = 'places_v1';
/** Orama's slowest scenarios take seconds per query: fewer warm-up rounds, and about 10 s of timed queries each. */
const PEER_WARMUP = 3;
const PEER_BUDGET_MS = 10_000;

interface SearchBody {
  hits: { total: { value: number; relation: string }; hits: { _id: string; _score: number }[] };
}

/**
 * The places mapping with Lucene's `flat` method on the vector field: no graph, so that `knn` here is the exact scan
 * (knn-approximate.bench.ts measures the graph).
 */
const placesProperties = (PLACES_MAPPING.mappings as { properties: Record<string, unknown> }).properties;
const EXACT_PLACES_MAPPING = {
  ...PLACES_MAPPING,
  mappings: {
    properties: {
      ...placesProperties,
      embedding: {
        type: 'knn_vector',
        dimension: 64,
        method: { name: 'flat', space_type: 'cosinesimil', engine: 'lucene' },
      },
    },
  },
};

async function loadEngine(c: PlaceColumns): Promise<{ client: Client; seconds: number }> {
  const client = createEmbeddedClient();
  await client.indices.create({ index: INDEX, body: EXACT_PLACES_MAPPING as never });
  const started = performance.now();
  for (const body of bulkBodiesOf(INDEX, c, 1000)) {
    const response = await client.transport.request({ method: 'POST', path: '/_bulk', bulkBody: body });
    if ((response.body as { errors: boolean }).errors) throw new Error('bulk errors');
  }
  await client.indices.refresh({ index: INDEX });
  const seconds = (performance.now() - started) / 1000;
  expectCount('indexed documents', (await client.count({ index: INDEX })).body.count as number, c.count);
  return { client, seconds };
}

async function engineSearch(client: Client, body: object): Promise<SearchBody> {
  return (await client.search({ index: INDEX, body: body as never })).body as unknown as SearchBody;
}

const docOf = (id: string) => Number(id.slice('place-'.length));

/** Engine and floor must agree: at least `min` of the floor's ids among the engine's (float rounding may swap ties). */
function expectOverlap(what: string, engineIds: number[], floorIds: number[], min: number): void {
  const floor = new Set(floorIds);
  const common = engineIds.filter((d) => floor.has(d)).length;
  if (common < min)
    throw new Error(`${what}: only ${common} of ${floorIds.length} ids shared with the floor`);
}

const expectHits = (what: string, expected: number) => (body: SearchBody) =>
  expectCount(what, body.hits.hits.length, expected);

type Row = [string, string, string];

export async function benchSearch(): Promise<BenchSection> {
  const c = placeColumns(DOCS);
  const vectors = queryVectors(WARMUP + TIMED, 7);
  const points = queryPoints(WARMUP + TIMED, 11);
  const termPairs = queryTermPairs(WARMUP + TIMED, 13);
  const split = <T>(all: T[]) => [all.slice(0, WARMUP), all.slice(WARMUP)] as const;
  const [vectorsWarm, vectorsTimed] = split(vectors);
  const [pointsWarm, pointsTimed] = split(points);
  const [termsWarm, termsTimed] = split(termPairs);

  const norms = vectorNorms(c);
  const curated = curatedDocs(c);
  const fsKeep = functionScoreFilter(c);
  const bm25 = new Bm25Floor(c);
  const fsMatched = naiveFunctionScore(c, fsKeep, points[0]).matched;
  const m: Record<string, Latency> = {};
  let matchMatched = 0;

  const { client, seconds: engineLoad } = await loadEngine(c);
  try {
    // Correctness first, untimed: each engine query against its floor.
    const knnIds = (await engineSearch(client, requests.knn(vectors[0]))).hits.hits.map((h) => docOf(h._id));
    expectOverlap('knn', knnIds, naiveKnn(c.vectors, norms, vectors[0]).ranked(), K - 2);
    expectOverlap('knn vs usearch', knnIds, usearchKnn(c.vectors, vectors[0], 1), K - 2);
    const filteredIds = (await engineSearch(client, requests.knnFiltered(vectors[0]))).hits.hits.map((h) =>
      docOf(h._id),
    );
    if (filteredIds.some((d) => !c.curated[d]))
      throw new Error('filtered knn returned a document the filter drops');
    expectOverlap(
      'filtered knn',
      filteredIds,
      naiveKnn(c.vectors, norms, vectors[0], curated).ranked(),
      K - 2,
    );
    const fs = await engineSearch(client, { ...requests.functionScore(points[0]), track_total_hits: true });
    expectCount('function_score total', fs.hits.total.value, fsMatched);
    expectOverlap(
      'function_score',
      fs.hits.hits.map((h) => docOf(h._id)),
      naiveFunctionScore(c, fsKeep, points[0]).top.ranked(),
      K - 2,
    );
    const match = await engineSearch(client, { ...requests.match(termPairs[0]), track_total_hits: true });
    const matchFloor = bm25.search(termPairs[0]);
    matchMatched = matchFloor.matched;
    expectCount('match total', match.hits.total.value, matchFloor.matched);
    expectOverlap(
      'match',
      match.hits.hits.map((h) => docOf(h._id)).slice(0, 10),
      matchFloor.top.ranked().slice(0, 10),
      8,
    );

    const expectTop = (what: string, expected: number) => (top: TopDocs | number[]) =>
      expectCount(what, Array.isArray(top) ? top.length : top.size, expected);
    const knn = (run: (v: Float32Array) => unknown, check: (r: never) => void) =>
      measureLatency(vectorsWarm, vectorsTimed, run as (v: Float32Array) => never, check);

    m.knn = await knn((v) => engineSearch(client, requests.knn(v)), expectHits('knn', K));
    m.knnNaive = await knn((v) => naiveKnn(c.vectors, norms, v), expectTop('naive knn', K));
    m.filtered = await knn(
      (v) => engineSearch(client, requests.knnFiltered(v)),
      expectHits('filtered knn', K),
    );
    m.filteredNaive = await knn(
      (v) => naiveKnn(c.vectors, norms, v, curated),
      expectTop('naive filtered', K),
    );
    // the native peers last: usearch's all-cores search leaves worker threads that would share the 2 cores with
    // whatever is measured next
    m.knnUsearch1 = await knn((v) => usearchKnn(c.vectors, v, 1), expectTop('usearch', K));
    m.knnUsearchAll = await knn((v) => usearchKnn(c.vectors, v, 0), expectTop('usearch', K));
    m.fs = await measureLatency(
      pointsWarm,
      pointsTimed,
      (p) => engineSearch(client, requests.functionScore(p)),
      expectHits('function_score', K),
    );
    m.fsNaive = await measureLatency(
      pointsWarm,
      pointsTimed,
      (p) => naiveFunctionScore(c, fsKeep, p),
      (r) => expectCount('naive function_score', r.matched, fsMatched),
    );
    m.match = await measureLatency(
      termsWarm,
      termsTimed,
      (t) => engineSearch(client, requests.match(t)),
      expectHits('match', K),
    );
    m.matchNaive = await measureLatency(
      termsWarm,
      termsTimed,
      (t) => bm25.search(t),
      (r) => expectTop('bm25 floor', K)(r.top),
    );
  } finally {
    await client.close();
  }

  // The peer, loaded after the engine is closed so that neither pays for the other's heap.
  const { peer, seconds: oramaLoad } = await OramaPeer.load(c);
  m.knnOrama = await measureLatency(
    vectorsWarm.slice(0, PEER_WARMUP),
    vectorsTimed,
    (v) => peer.knn(v, false),
    (h) => expectCount('orama knn', h.length, K),
    PEER_BUDGET_MS,
  );
  m.filteredOrama = await measureLatency(
    vectorsWarm.slice(0, PEER_WARMUP),
    vectorsTimed,
    (v) => peer.knn(v, true),
    (h) => expectCount('orama filtered knn', h.length, K),
    PEER_BUDGET_MS,
  );
  m.fsOrama = await measureLatency(
    pointsWarm.slice(0, PEER_WARMUP),
    pointsTimed,
    (p) => peer.functionScore(p, fsMatched),
    (r) => expectCount('orama function_score', r.matched, fsMatched),
    PEER_BUDGET_MS,
  );
  m.matchOrama = await measureLatency(
    termsWarm.slice(0, PEER_WARMUP),
    termsTimed,
    (t) => peer.match(t),
    (r) => expectCount('orama match', r.hits.length, K),
    PEER_BUDGET_MS,
  );

  const l = (name: string) =>
    m[name].queries < TIMED
      ? `${formatLatency(m[name])} (${m[name].queries} queries)`
      : formatLatency(m[name]);
  const share = (n: number) => `${((100 * n) / c.count).toFixed(1)}% of docs`;
  const rows: Row[] = [
    [
      `**knn** k=${K}, cosinesimil, exact (Lucene \`flat\` method): engine, official client`,
      l('knn'),
      'target p50 ≤ 6 ms',
    ],
    [
      '  floor: plain-JS Float32Array cosine loop (norms precomputed)',
      l('knnNaive'),
      'floor: no parsing, no response',
    ],
    ['  peer: usearch `exactSearch` (native SIMD), 1 thread', l('knnUsearch1'), 'native peer'],
    ['  peer: usearch `exactSearch`, all cores (threads = 0)', l('knnUsearchAll'), 'native peer, 2 cores'],
    ['  peer: Orama vector search (`similarity: -1`, so exact top k)', l('knnOrama'), 'pure-JS peer'],
    [
      `**knn** k=${K}, filter \`term curated: true\` (${share(curated.length)}): engine`,
      l('filtered'),
      'target p50 ≤ 3 ms',
    ],
    [
      '  floor: plain-JS loop over the filtered doc list',
      l('filteredNaive'),
      'floor: filter resolved outside the timing',
    ],
    ['  peer: Orama vector search, `where: { curated: true }`', l('filteredOrama'), 'pure-JS peer'],
    [
      `**function_score**: gauss(location, 2km) × field_value_factor(rating_count, log1p), bool filter (city, rating) keeping ${share(fsMatched)}, size ${K}: engine`,
      l('fs'),
      'target p50 ≤ 10 ms',
    ],
    ['  floor: plain-JS loop over columns (filter, haversine, score, top k)', l('fsNaive'), 'floor'],
    [
      '  peer: Orama `where` (city, rating), same scoring in user code',
      l('fsOrama'),
      'pure-JS peer (no decay functions in Orama)',
    ],
    [
      `**match** on \`description\`, two terms (OR; the first query matches ${share(matchMatched)}), size ${K}: engine`,
      l('match'),
      'target p50 ≤ 10 ms',
    ],
    ['  floor: hand-built postings, BM25 term at a time, top k', l('matchNaive'), 'floor'],
    ['  peer: Orama full-text search, `properties: [description]`', l('matchOrama'), 'pure-JS peer'],
    [
      `load ${c.count.toLocaleString('en-US')} documents: engine (bulk through the client, 1 request in flight, refresh)`,
      `${engineLoad.toFixed(1)} s`,
      'ours',
    ],
    ['  peer: Orama `create` + `insertMultiple`', `${oramaLoad.toFixed(1)} s`, 'pure-JS peer'],
  ];

  return {
    title: `Embedded engine: search latency (${DOCS.toLocaleString('en-US')} place documents, 64-d vectors; ${TIMED} distinct seeded queries per scenario after ${WARMUP} warm-up, sequential)`,
    command: 'npm run bench',
    rows,
  };
}
