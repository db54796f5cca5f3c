import { VectorColumn } from '../index-reader';
import { HnswGraph } from './hnsw';
import { SpaceType } from './similarity';
import { seeded } from '../seeded.spec-helpers';

/** Seeded clustered vectors (centre + noise), the shape of real embeddings; queries are drawn the same way. */
function clustered(count: number, dim: number, seed: number, centres = 40): Float32Array[] {
  const random = seeded(seed);
  const middles = Array.from({ length: centres }, () => Array.from({ length: dim }, () => random() * 2 - 1));
  return Array.from({ length: count }, () => {
    const c = middles[Math.floor(random() * centres)];
    return Float32Array.from(c, (x) => x + (random() * 2 - 1) * 0.4);
  });
}

function columnOf(vectors: Float32Array[]): VectorColumn {
  const column = new VectorColumn(vectors[0].length);
  vectors.forEach((v, doc) => column.add(doc, [v]));
  return column;
}

/** Brute force in float64: the true nearest `k` docs (smaller distance first). */
function trueNearest(vectors: Float32Array[], q: Float32Array, space: SpaceType, k: number): number[] {
  const distance = (v: Float32Array) => {
    let dot = 0;
    let l2 = 0;
    let nq = 0;
    let nv = 0;
    for (let i = 0; i < q.length; i++) {
      dot += q[i] * v[i];
      l2 += (q[i] - v[i]) ** 2;
      nq += q[i] * q[i];
      nv += v[i] * v[i];
    }
    return space === 'l2' ? l2 : space === 'innerproduct' ? -dot : 1 - dot / Math.sqrt(nq * nv);
  };
  return vectors
    .map((v, doc) => [doc, distance(v)] as const)
    .sort((a, b) => a[1] - b[1])
    .slice(0, k)
    .map(([doc]) => doc);
}

function recallAt10(graph: HnswGraph, vectors: Float32Array[], queries: Float32Array[], ef: number): number {
  let hits = 0;
  for (const q of queries) {
    const truth = trueNearest(vectors, q, graph.space, 10);
    const found = new Set(graph.search(q, ef, undefined));
    hits += truth.filter((d) => found.has(d)).length;
  }
  return hits / (10 * queries.length);
}

describe('HnswGraph', () => {
  // 5,000 × 64 floats: above WASM_MIN_VALUES, so the column lives in WebAssembly memory and distances use SIMD
  const vectors = clustered(5000, 64, 7);
  const queries = clustered(50, 64, 7 + 1000).map((q, i) => {
    // queries near the data: a stored vector, moved a little
    const base = vectors[(i * 97) % vectors.length];
    return Float32Array.from(base, (x, j) => x + q[j] * 0.05);
  });

  it.each<SpaceType>(['cosinesimil', 'l2', 'innerproduct'])(
    'finds the true 10 nearest for ≥ 98%% of them with ef 100 (%s)',
    (space) => {
      const column = columnOf(vectors);
      expect(column.wasmScan).toBeDefined();
      const graph = new HnswGraph(column, space, { m: 16, efConstruction: 100 });
      expect(graph.buildUpTo(vectors.length)).toBe(true);
      expect(graph.built).toBe(vectors.length);
      expect(recallAt10(graph, vectors, queries, 100)).toBeGreaterThanOrEqual(0.98);
    },
  );

  it('finds them in the JavaScript path too (a small column, no SIMD)', () => {
    const small = clustered(2000, 16, 3);
    const column = columnOf(small);
    expect(column.wasmScan).toBeUndefined();
    const graph = new HnswGraph(column, 'cosinesimil', { m: 16, efConstruction: 100 });
    graph.buildUpTo(small.length);
    expect(recallAt10(graph, small, small.slice(0, 40), 100)).toBeGreaterThanOrEqual(0.98);
  });

  it('is the same graph whenever the same docs are inserted (levels come from doc ids)', () => {
    const a = new HnswGraph(columnOf(vectors), 'cosinesimil', { m: 8, efConstruction: 40 });
    const b = new HnswGraph(columnOf(vectors), 'cosinesimil', { m: 8, efConstruction: 40 });
    a.buildUpTo(vectors.length);
    // b in slices, as the background builder does
    for (let upTo = 500; upTo <= vectors.length; upTo += 500) b.buildUpTo(upTo);
    for (const q of queries.slice(0, 10)) {
      expect(Array.from(b.search(q, 50, undefined))).toEqual(Array.from(a.search(q, 50, undefined)));
    }
  });

  it('returns only accepted docs, walking through the others', () => {
    const graph = new HnswGraph(columnOf(vectors), 'l2', { m: 16, efConstruction: 100 });
    graph.buildUpTo(vectors.length);
    const even = (doc: number) => doc % 2 === 0;
    const q = queries[0];
    const found = graph.search(q, 100, even);
    expect(found.length).toBe(100);
    expect(Array.from(found).every(even)).toBe(true);
    const truth = trueNearest(
      vectors.filter((_, d) => even(d)),
      q,
      'l2',
      10,
    ).map((i) => i * 2);
    const got = new Set(found);
    expect(truth.filter((d) => got.has(d)).length).toBeGreaterThanOrEqual(9);
  });

  it('answers ascending doc ids, and nothing before a doc is inserted', () => {
    const column = columnOf(vectors);
    const graph = new HnswGraph(column, 'cosinesimil', { m: 16, efConstruction: 100 });
    expect(graph.search(queries[0], 10, undefined).length).toBe(0);
    graph.buildUpTo(1000);
    const docs = Array.from(graph.search(queries[0], 20, undefined));
    expect(docs).toEqual([...docs].sort((a, b) => a - b));
    expect(docs.every((d) => d < 1000)).toBe(true);
  });
});
