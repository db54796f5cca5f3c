import { Client } from '@opensearch-project/opensearch';
import { createEmbeddedClient } from '../../client/create-embedded-client';
import { APPROXIMATE_MIN_VECTORS } from './approximate-index';
import { seeded } from '../seeded.spec-helpers';

/**
 * knn on an index large enough for a graph: what a user sees is the exact search's answer (the same scores), found by
 * walking the graph, whatever the graph has caught up with.
 */
const DIM = 16;
const DOCS = APPROXIMATE_MIN_VECTORS;

const random = seeded(11);
const centres = Array.from({ length: 30 }, () => Array.from({ length: DIM }, () => random() * 2 - 1));
const vectors = Array.from({ length: DOCS }, () => {
  const c = centres[Math.floor(random() * centres.length)];
  return c.map((x) => +(x + (random() * 2 - 1) * 0.4).toFixed(4));
});

type Hit = { _id: string; _score: number };

async function hitsOf(client: Client, query: object, size = 10): Promise<Hit[]> {
  const response = await client.search({ index: 'v', body: { size, query, _source: false } as never });
  return response.body.hits.hits as unknown as Hit[];
}

/**
 * The exact answer: script_score with the k-NN plugin's knn_score script scores every document. Its cosine
 * (KNNScoringUtil) rounds differently from Lucene's in the last bit, hence scores compared to 1e-6.
 */
async function exactHits(client: Client, vector: number[], filter?: object, size = 10): Promise<Hit[]> {
  return hitsOf(
    client,
    {
      script_score: {
        query: filter ?? { match_all: {} },
        script: {
          source: 'knn_score',
          lang: 'knn',
          params: { field: 'embedding', query_value: vector, space_type: 'cosinesimil' },
        },
      },
    },
    size,
  );
}

function expectSameHits(actual: Hit[], expected: Hit[]): void {
  expect(actual.map((h) => h._id)).toEqual(expected.map((h) => h._id));
  actual.forEach((hit, i) => expect(hit._score).toBeCloseTo(expected[i]._score, 6));
}

/** An index of the vectors above (an HNSW cosine field, two flags), with `fields(i)` beside doc i's vector, refreshed. */
async function indexVectors(
  client: Client,
  index: string,
  fields: (i: number) => object = () => ({}),
): Promise<void> {
  await client.indices.create({
    index,
    body: {
      settings: { 'index.knn': true },
      mappings: {
        properties: {
          embedding: {
            type: 'knn_vector',
            dimension: DIM,
            method: { name: 'hnsw', space_type: 'cosinesimil', engine: 'lucene' },
          },
          even: { type: 'boolean' },
          rare: { type: 'boolean' },
        },
      },
    } as never,
  });
  const lines = vectors.flatMap((embedding, i) => [
    JSON.stringify({ index: { _id: `d${i}` } }),
    JSON.stringify({ embedding, ...fields(i) }),
  ]);
  await client.transport.request({
    method: 'POST',
    path: `/${index}/_bulk`,
    bulkBody: `${lines.join('\n')}\n`,
    querystring: { refresh: 'true' },
  });
}

describe('knn over an HNSW graph', () => {
  let client: Client;

  beforeAll(async () => {
    client = createEmbeddedClient();
    await indexVectors(client, 'v', (i) => ({ even: i % 10 !== 0, rare: i % 400 === 0 }));
    const warm = await client.transport.request({ method: 'GET', path: '/_plugins/_knn/warmup/v' });
    expect(warm.body).toEqual({ _shards: { total: 2, successful: 1, failed: 0 } });
  }, 120_000);

  afterAll(() => client.close());

  const queryVector = (i: number) =>
    vectors[(i * 7919) % DOCS].map((x, j) => +(x + ((j % 3) - 1) * 0.02).toFixed(4));

  it('answers the exact top 10, with their exact scores, for at least 98% of the hits', async () => {
    let same = 0;
    for (let i = 0; i < 20; i++) {
      const vector = queryVector(i);
      const approximate = await hitsOf(client, { knn: { embedding: { vector, k: 10 } } });
      const exact = await exactHits(client, vector);
      const exactScore = new Map(exact.map((h) => [h._id, h._score]));
      for (const hit of approximate) {
        if (exactScore.has(hit._id)) {
          same++;
          expect(hit._score).toBeCloseTo(exactScore.get(hit._id) as number, 6);
        }
      }
    }
    expect(same / 200).toBeGreaterThanOrEqual(0.98);
  });

  it('finds a document indexed after the graph was built, and never a deleted one', async () => {
    const vector = queryVector(3);
    const before = await hitsOf(client, { knn: { embedding: { vector, k: 5 } } });
    await client.index({ index: 'v', id: 'fresh', body: { embedding: vector, even: true }, refresh: true });
    await client.delete({ index: 'v', id: before[0]._id, refresh: true });
    const after = await hitsOf(client, { knn: { embedding: { vector, k: 5 } } });
    // the same vector as the query: cosine 1, score (1 + 1) / 2
    expect(after[0]).toMatchObject({ _id: 'fresh', _score: 1 });
    expect(after.map((h) => h._id)).not.toContain(before[0]._id);
    expect(after.map((h) => h._id).slice(1)).toEqual(before.slice(1).map((h) => h._id));
  });

  it("answers a filtered search exactly: the top k among the filter's documents", async () => {
    for (const filter of [{ term: { even: true } }, { term: { rare: true } }]) {
      const vector = queryVector(10);
      const hits = await hitsOf(client, { knn: { embedding: { vector, k: 10, filter } } });
      expectSameHits(hits, await exactHits(client, vector, filter));
    }
  });

  it('stops building the graph of an index that is deleted', async () => {
    await indexVectors(client, 'w');
    // the build runs a slice per timer: while it runs, timers keep being set
    const timers = jest.spyOn(global, 'setTimeout');
    const setDuring = async (ms: number) => {
      const before = timers.mock.calls.length;
      await new Promise((resolve) => setTimeout(resolve, ms));
      return timers.mock.calls.length - before - 1; // less the wait's own
    };
    // waits (without timers of its own) until the build has set `count` more; false when it stops short
    const slicesSet = async (count: number, withinMs: number) => {
      const until = timers.mock.calls.length + count;
      const deadline = Date.now() + withinMs;
      while (timers.mock.calls.length < until && Date.now() < deadline) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      return timers.mock.calls.length >= until;
    };
    try {
      // an unfiltered search starts the build in the background (20,000 vectors: many 8 ms slices)
      await client.search({
        index: 'w',
        body: { size: 1, query: { knn: { embedding: { vector: queryVector(1), k: 1 } } } } as never,
      });
      expect(await slicesSet(3, 10_000)).toBe(true);
      await client.indices.delete({ index: 'w' });
      await setDuring(20); // a slice already scheduled runs, sees the index gone, and sets no other
      expect(await setDuring(100)).toBe(0);
    } finally {
      timers.mockRestore();
    }
  }, 60_000);

  it('takes ef_search from method_parameters', async () => {
    const vector = queryVector(40);
    const wide = await hitsOf(client, {
      knn: { embedding: { vector, k: 10, method_parameters: { ef_search: 2000 } } },
    });
    expectSameHits(wide, await exactHits(client, vector));
  });
});
