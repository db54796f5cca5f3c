import { Index, MetricKind } from 'usearch';
import { createEmbeddedClient } from '../libs/embedded-engine/src/client/create-embedded-client';
import { expectCount, formatLatency, measureLatency } from './latency';
import { seededRandom } from './places-corpus';
import { BenchSection } from './report';
import { TopDocs } from './search-floors';
import { K } from './search-workload';

/**
 * Approximate knn (the engine's HNSW graph) on clustered vectors, the shape of real embeddings: 100,000 vectors of
 * 64 dimensions around 1,000 centres, queries near stored vectors (a member's taste is near the places they like).
 * Recall@10 is measured against the exact top 10 (a float64 brute force), beside usearch's HNSW index built with the
 * same parameters (m 16, ef_construction 100, ef_search 100).
 */
const DOCS = Number(process.env.BENCH_DOCS ?? 100_000);
const DIMS = 64;
const CENTRES = 1000;
const WARMUP = 20;
const TIMED = Number(process.env.BENCH_QUERIES ?? 200);
const INDEX = 'clustered_vectors';
const EF = 100;

function clusteredVectors(count: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const centres = Array.from({ length: CENTRES }, () =>
    Float32Array.from({ length: DIMS }, () => random() * 2 - 1),
  );
  const out = new Float32Array(count * DIMS);
  for (let i = 0; i < count; i++) {
    const centre = centres[Math.floor(random() * CENTRES)];
    for (let j = 0; j < DIMS; j++) out[i * DIMS + j] = +(centre[j] + (random() * 2 - 1) * 0.5).toFixed(5);
  }
  return out;
}

function queriesNear(vectors: Float32Array, n: number, seed: number): Float32Array[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => {
    const doc = Math.floor(random() * DOCS);
    return Float32Array.from(
      { length: DIMS },
      (_, j) => +(vectors[doc * DIMS + j] + (random() - 0.5) * 0.4).toFixed(5),
    );
  });
}

/** The exact top 10 by cosine, in float64. */
function exactTop10(vectors: Float32Array, norms: Float64Array, q: Float32Array): Set<number> {
  let qq = 0;
  for (let j = 0; j < DIMS; j++) qq += q[j] * q[j];
  const qNorm = Math.sqrt(qq);
  const top = new TopDocs(10);
  for (let d = 0; d < DOCS; d++) {
    let dot = 0;
    const o = d * DIMS;
    for (let j = 0; j < DIMS; j++) dot += q[j] * vectors[o + j];
    const score = dot / (qNorm * norms[d]);
    if (score > top.threshold) top.offer(d, score);
  }
  return new Set(top.ranked().slice(0, 10));
}

function recallAt10(found: number[][], truths: Set<number>[]): number {
  let hits = 0;
  found.forEach((ids, i) => (hits += ids.slice(0, 10).filter((d) => truths[i].has(d)).length));
  return hits / (10 * found.length);
}

export async function benchApproximateKnn(): Promise<BenchSection> {
  const vectors = clusteredVectors(DOCS, 21);
  const norms = new Float64Array(DOCS);
  for (let d = 0; d < DOCS; d++) {
    let s = 0;
    for (let j = 0; j < DIMS; j++) s += vectors[d * DIMS + j] ** 2;
    norms[d] = Math.sqrt(s);
  }
  const queries = queriesNear(vectors, WARMUP + TIMED, 22);
  const warm = queries.slice(0, WARMUP);
  const timed = queries.slice(WARMUP);
  const truths = timed.map((q) => exactTop10(vectors, norms, q));

  const client = createEmbeddedClient();
  let engineBuild = 0;
  let engineRecall = 0;
  let engine;
  let engineExact;
  try {
    await client.indices.create({
      index: INDEX,
      body: {
        settings: { index: { knn: true, number_of_shards: 1, number_of_replicas: 0 } },
        mappings: {
          properties: {
            embedding: {
              type: 'knn_vector',
              dimension: DIMS,
              method: {
                name: 'hnsw',
                space_type: 'cosinesimil',
                engine: 'lucene',
                parameters: { m: 16, ef_construction: 100 },
              },
            },
          },
        },
      } as never,
    });
    for (let start = 0; start < DOCS; start += 1000) {
      const lines: string[] = [];
      for (let d = start; d < Math.min(DOCS, start + 1000); d++) {
        lines.push(
          JSON.stringify({ index: { _index: INDEX, _id: String(d) } }),
          JSON.stringify({ embedding: Array.from(vectors.subarray(d * DIMS, (d + 1) * DIMS)) }),
        );
      }
      await client.transport.request({ method: 'POST', path: '/_bulk', bulkBody: `${lines.join('\n')}\n` });
    }
    await client.indices.refresh({ index: INDEX });
    const body = (v: Float32Array) => ({
      size: K,
      _source: false,
      query: { knn: { embedding: { vector: Array.from(v), k: K } } },
    });
    type Hits = { hits: { hits: { _id: string }[] } };
    const search = async (v: Float32Array) =>
      ((await client.search({ index: INDEX, body: body(v) as never })).body as unknown as Hits).hits.hits;
    const started = performance.now();
    await client.transport.request({ method: 'GET', path: `/_plugins/_knn/warmup/${INDEX}` });
    engineBuild = (performance.now() - started) / 1000;
    const found: number[][] = [];
    engine = await measureLatency(warm, timed, search, (hits) => {
      expectCount('approximate knn hits', hits.length, K);
      found.push(hits.map((h) => Number(h._id)));
    });
    engineRecall = recallAt10(found.slice(-timed.length), truths);
    // exact for comparison: the script_score knn_score script scores every document
    engineExact = await measureLatency(
      warm,
      timed,
      async (v) =>
        (
          (
            await client.search({
              index: INDEX,
              body: {
                size: K,
                _source: false,
                query: {
                  script_score: {
                    query: { match_all: {} },
                    script: {
                      source: 'knn_score',
                      lang: 'knn',
                      params: { field: 'embedding', query_value: Array.from(v), space_type: 'cosinesimil' },
                    },
                  },
                },
              } as never,
            })
          ).body as unknown as Hits
        ).hits.hits,
      (hits) => expectCount('exact knn hits', hits.length, K),
    );
  } finally {
    await client.close();
  }

  // usearch's HNSW index, same parameters, one thread
  const index = new Index({
    metric: MetricKind.Cos,
    dimensions: DIMS,
    connectivity: 16,
    expansion_add: 100,
    expansion_search: EF,
  } as never);
  const started = performance.now();
  index.add(
    BigUint64Array.from({ length: DOCS }, (_, i) => BigInt(i)),
    vectors,
    1 as never,
  );
  const peerBuild = (performance.now() - started) / 1000;
  const peerFound: number[][] = [];
  const peer = await measureLatency(
    warm,
    timed,
    (v) => Array.from((index.search(v, K, 1 as never) as { keys: BigUint64Array }).keys, Number),
    (ids) => {
      expectCount('usearch hits', ids.length, K);
      peerFound.push(ids);
    },
  );
  const peerRecall = recallAt10(peerFound.slice(-timed.length), truths);

  const n = DOCS.toLocaleString('en-US');
  return {
    title: `Embedded engine: approximate knn (HNSW) over ${n} clustered 64-d vectors, k=${K}, size ${K}, no _source`,
    command: 'npm run bench',
    rows: [
      [
        `**knn** k=${K}, cosinesimil, HNSW (m 16, ef_construction 100, ef_search ${EF}): engine, official client`,
        `${formatLatency(engine)} · recall@10 ${engineRecall.toFixed(3)}`,
        'target p50 ≤ 1 ms at recall@10 ≥ 0.98',
      ],
      [
        '  baseline: the same top k, exact (script_score `knn_score`), engine',
        formatLatency(engineExact),
        'exact',
      ],
      [
        `  peer: usearch HNSW index (connectivity 16, expansion_add 100, expansion_search ${EF}), 1 thread`,
        `${formatLatency(peer)} · recall@10 ${peerRecall.toFixed(3)}`,
        'native peer',
      ],
      [
        'graph build: engine (`GET /_plugins/_knn/warmup`, one thread)',
        `${engineBuild.toFixed(1)} s`,
        'ours',
      ],
      ['  peer: usearch `add`, 1 thread', `${peerBuild.toFixed(1)} s`, 'native peer'],
    ],
  };
}
