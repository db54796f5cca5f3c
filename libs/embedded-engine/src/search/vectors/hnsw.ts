import type { VectorColumn } from '../index-reader';
import type { SpaceType } from './similarity';

/**
 * A hierarchical navigable small world graph (Malkov & Yashunin, "Efficient and robust approximate nearest neighbor
 * search using HNSW graphs", 2016; built as hnswlib and Lucene's HnswGraphBuilder build it) over one vector column:
 * the approximate index behind an unfiltered `knn` query on a large index.
 *
 * - Nodes are the column's doc ids, inserted in ascending order: the graph covers docs `< built`. Newer docs are
 *   searched exactly by the caller (as Lucene searches each segment and merges), so a graph that lags behind never
 *   loses a document. Deleted docs stay in the graph as stepping stones and are never returned (Lucene keeps them until
 *   a merge; our reader's merge starts a new column, hence a new graph).
 * - `m` neighbours per node on the upper layers, `2m` on layer 0 (hnswlib's maxM0), chosen by the diversity heuristic
 *   (hnswlib getNeighborsByHeuristic2); a node's level is `floor(-ln(u) / ln(m))` with `u` a hash of its doc id, so a
 *   graph is the same whenever the same documents are inserted in the same order.
 * - Distances here only order the search (smaller is nearer): squared L2, `1 − cos` and `−dot`, from SIMD float32
 *   dot products (plain float64 loops for a column too small to live in WebAssembly memory). The caller scores what the
 *   graph returns with the exact float32 kernels, so a document's `_score` is the same whichever path found it.
 */

export interface HnswParams {
  /** Neighbours per node on layers ≥ 1 (the mapping's `m`, default 16); layer 0 keeps twice as many. */
  m: number;
  /** Beam width while inserting (`ef_construction`, default 100). */
  efConstruction: number;
}

/** A binary heap of (distance, doc) over typed arrays, nearest on top (min) or farthest on top (max). */
class DistanceHeap {
  keys = new Float64Array(64);
  docs = new Int32Array(64);
  size = 0;

  constructor(private readonly max: boolean) {}

  clear(): void {
    this.size = 0;
  }

  /** The top's distance (the nearest for a min heap, the farthest for a max heap). */
  get topKey(): number {
    return this.max ? -this.keys[0] : this.keys[0];
  }

  get topDoc(): number {
    return this.docs[0];
  }

  push(doc: number, distance: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.keys = keys;
      const docs = new Int32Array(this.size * 2);
      docs.set(this.docs);
      this.docs = docs;
    }
    const key = this.max ? -distance : distance;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent] <= key) break;
      this.keys[i] = this.keys[parent];
      this.docs[i] = this.docs[parent];
      i = parent;
    }
    this.keys[i] = key;
    this.docs[i] = doc;
  }

  pop(): void {
    const last = --this.size;
    if (last === 0) return;
    const key = this.keys[last];
    const doc = this.docs[last];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && this.keys[child + 1] < this.keys[child]) child++;
      if (this.keys[child] >= key) break;
      this.keys[i] = this.keys[child];
      this.docs[i] = this.docs[child];
      i = child;
    }
    this.keys[i] = key;
    this.docs[i] = doc;
  }
}

/** A 32-bit integer hash (lowbias32 by Chris Wellons): a doc's level is a function of its id alone. */
function hash32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

function grownInt32(array: Int32Array<ArrayBuffer>, length: number): Int32Array<ArrayBuffer> {
  if (array.length >= length) return array;
  const out = new Int32Array(Math.max(length, array.length * 2));
  out.set(array);
  return out;
}

export class HnswGraph {
  /** Docs `< built` have been offered to the graph (those without a vector were skipped). */
  built = 0;
  private readonly m: number;
  private readonly m0: number;
  private readonly efConstruction: number;
  private readonly levelFactor: number;
  private readonly dim: number;
  /** Layer 0: `m0` neighbour slots per doc, and how many are used. */
  private links0 = new Int32Array(0);
  private counts0 = new Int32Array(0);
  /** Layers ≥ 1, only for docs that reach them: per level a block of `[count, m neighbours]`. */
  private readonly upper: (Int32Array | undefined)[] = [];
  /** 1 / ‖v‖ per doc, for cosine. */
  private inverseNorms = new Float64Array(0);
  private entry = -1;
  private maxLevel = -1;
  /** Visited marks: a doc is visited in the current search when its mark equals `stamp`. */
  private marks = new Int32Array(0);
  private stamp = 0;
  private readonly candidates = new DistanceHeap(false);
  private readonly nearest = new DistanceHeap(true);
  /** The loaded query (JavaScript path) and 1/‖q‖ for cosine. */
  private query: Float32Array = new Float32Array(0);
  private queryOffset = 0;
  private queryInverse = 0;
  /** Scratch: one node's neighbours and their distances, one pair, the greedy step's result. */
  private readonly batch: Int32Array;
  private readonly batchDistances: Float64Array;
  private readonly pairScratch: Float64Array;
  private readonly single = new Int32Array(1);
  private readonly singleDistance = new Float64Array(1);
  private greedyDoc = 0;
  private greedyDistance = 0;

  constructor(
    private readonly column: VectorColumn,
    readonly space: SpaceType,
    params: HnswParams,
  ) {
    this.dim = column.dimension;
    this.m = Math.max(2, params.m);
    this.m0 = 2 * this.m;
    this.efConstruction = Math.max(params.efConstruction, this.m);
    this.levelFactor = 1 / Math.log(this.m);
    this.batch = new Int32Array(this.m0 + 1);
    this.batchDistances = new Float64Array(this.m0 + 1);
    this.pairScratch = new Float64Array(this.m0 + 1);
  }

  /** Inserts docs `built .. upTo - 1` (those with a vector), or as many as fit before `deadline` (performance.now()). */
  buildUpTo(upTo: number, deadline = Infinity): boolean {
    if (upTo > this.built) this.ensureCapacity(upTo);
    while (this.built < upTo) {
      const doc = this.built;
      if (this.column.has(doc)) this.insert(doc);
      this.built++;
      if ((this.built & 63) === 0 && performance.now() > deadline) break;
    }
    return this.built >= upTo;
  }

  /**
   * The (at most) `ef` accepted docs nearest `query` among the graph's nodes, ascending by doc id. The search walks
   * through rejected (deleted) nodes too, as hnswlib and Lucene do.
   */
  search(query: Float32Array, ef: number, accept: ((doc: number) => boolean) | undefined): Int32Array {
    if (this.entry < 0) return new Int32Array(0);
    this.loadQuery(query);
    let current = this.entry;
    let currentDistance = this.distanceTo(current);
    for (let level = this.maxLevel; level > 0; level--) {
      this.greedy(current, currentDistance, level);
      current = this.greedyDoc;
      currentDistance = this.greedyDistance;
    }
    this.searchLayer(current, currentDistance, ef, 0, accept);
    const docs = new Int32Array(this.nearest.size);
    for (let i = 0; i < docs.length; i++) docs[i] = this.nearest.docs[i];
    return docs.sort();
  }

  private ensureCapacity(docs: number): void {
    if (this.counts0.length >= docs) return;
    const capacity = Math.max(docs, this.counts0.length * 2, 1024);
    this.counts0 = grownInt32(this.counts0, capacity);
    this.links0 = grownInt32(this.links0, capacity * this.m0);
    this.marks = grownInt32(this.marks, capacity);
    if (this.space === 'cosinesimil') {
      const norms = new Float64Array(capacity);
      norms.set(this.inverseNorms);
      this.inverseNorms = norms;
    }
  }

  private levelOf(doc: number): number {
    const u = (hash32(doc) + 0.5) / 4294967296;
    return Math.floor(-Math.log(u) * this.levelFactor);
  }

  private insert(doc: number): void {
    if (this.space === 'cosinesimil') {
      const data = this.column.data;
      const offset = doc * this.dim;
      const norm = Math.sqrt(dot(data, offset, data, offset, this.dim));
      this.inverseNorms[doc] = norm === 0 ? 0 : 1 / norm;
    }
    const level = this.levelOf(doc);
    if (level > 0) this.upper[doc] = new Int32Array(level * (this.m + 1));
    if (this.entry < 0) {
      this.entry = doc;
      this.maxLevel = level;
      return;
    }
    this.loadDocQuery(doc);
    let current = this.entry;
    let currentDistance = this.distanceTo(current);
    for (let l = this.maxLevel; l > level; l--) {
      this.greedy(current, currentDistance, l);
      current = this.greedyDoc;
      currentDistance = this.greedyDistance;
    }
    for (let l = Math.min(level, this.maxLevel); l >= 0; l--) {
      this.loadDocQuery(doc);
      this.searchLayer(current, currentDistance, this.efConstruction, l, undefined);
      // the beam, nearest first
      const found = this.nearest.size;
      const docs = new Int32Array(found);
      const distances = new Float64Array(found);
      for (let i = found - 1; i >= 0; i--) {
        docs[i] = this.nearest.topDoc;
        distances[i] = this.nearest.topKey;
        this.nearest.pop();
      }
      current = docs[0];
      currentDistance = distances[0];
      const selected = this.selectNeighbours(docs, distances, found, this.m);
      for (let i = 0; i < selected; i++) this.setLink(doc, l, i, docs[i]);
      this.setCount(doc, l, selected);
      const maxLinks = l === 0 ? this.m0 : this.m;
      for (let i = 0; i < selected; i++) this.connect(docs[i], doc, l, maxLinks);
    }
    if (level > this.maxLevel) {
      this.entry = doc;
      this.maxLevel = level;
    }
  }

  /** Adds `doc` to `node`'s neighbours on `level`; a full list is re-chosen with the heuristic among old and new. */
  private connect(node: number, doc: number, level: number, maxLinks: number): void {
    const count = this.countOf(node, level);
    if (count < maxLinks) {
      this.setLink(node, level, count, doc);
      this.setCount(node, level, count + 1);
      return;
    }
    const n = count + 1;
    const docs = new Int32Array(n);
    const distances = new Float64Array(n);
    for (let i = 0; i < count; i++) docs[i] = this.linkOf(node, level, i);
    docs[count] = doc;
    this.loadDocQuery(node);
    this.distances(docs, n, distances);
    sortByDistance(docs, distances, n);
    const selected = this.selectNeighbours(docs, distances, n, maxLinks);
    for (let i = 0; i < selected; i++) this.setLink(node, level, i, docs[i]);
    this.setCount(node, level, selected);
  }

  /**
   * hnswlib's getNeighborsByHeuristic2: walking the candidates nearest first, keep one unless a kept neighbour is
   * nearer to it than the query is. Keeps the first `selected` entries of `docs`/`distances` in place. Loads other
   * queries: the caller loads its own again.
   */
  private selectNeighbours(docs: Int32Array, distances: Float64Array, n: number, max: number): number {
    if (n <= max) return n;
    let kept = 0;
    const between = this.pairScratch;
    for (let i = 0; i < n && kept < max; i++) {
      const candidate = docs[i];
      let good = true;
      if (kept > 0) {
        this.loadDocQuery(candidate);
        this.distances(docs, kept, between);
        for (let j = 0; j < kept; j++) {
          if (between[j] < distances[i]) {
            good = false;
            break;
          }
        }
      }
      if (good) {
        docs[kept] = candidate;
        distances[kept] = distances[i];
        kept++;
      }
    }
    return kept;
  }

  /** Greedy descent on one upper layer from `start` (the loaded query): ends in greedyDoc / greedyDistance. */
  private greedy(start: number, startDistance: number, level: number): void {
    let current = start;
    let best = startDistance;
    let changed = true;
    const batch = this.batch;
    const distances = this.batchDistances;
    while (changed) {
      changed = false;
      const count = this.countOf(current, level);
      for (let i = 0; i < count; i++) batch[i] = this.linkOf(current, level, i);
      this.distances(batch, count, distances);
      const from = current;
      for (let i = 0; i < count; i++) {
        if (distances[i] < best) {
          best = distances[i];
          current = batch[i];
        }
      }
      changed = current !== from;
    }
    this.greedyDoc = current;
    this.greedyDistance = best;
  }

  /**
   * The beam search of one layer from `start` (for the loaded query): leaves the (at most) `ef` nearest accepted
   * nodes in `this.nearest`. Stops when the nearest unexplored candidate is farther than the farthest kept result and
   * `ef` results are kept (hnswlib searchBaseLayerST).
   */
  private searchLayer(
    start: number,
    startDistance: number,
    ef: number,
    level: number,
    accept: ((doc: number) => boolean) | undefined,
  ): void {
    const stamp = ++this.stamp;
    const marks = this.marks;
    const candidates = this.candidates;
    const nearest = this.nearest;
    const batch = this.batch;
    const distances = this.batchDistances;
    candidates.clear();
    nearest.clear();
    marks[start] = stamp;
    candidates.push(start, startDistance);
    if (!accept || accept(start)) nearest.push(start, startDistance);
    let bound = nearest.size > 0 ? nearest.topKey : Infinity;
    while (candidates.size > 0) {
      if (candidates.topKey > bound && nearest.size >= ef) break;
      const node = candidates.topDoc;
      candidates.pop();
      const count = this.countOf(node, level);
      let fresh = 0;
      for (let i = 0; i < count; i++) {
        const next = this.linkOf(node, level, i);
        if (marks[next] === stamp) continue;
        marks[next] = stamp;
        batch[fresh++] = next;
      }
      if (fresh === 0) continue;
      this.distances(batch, fresh, distances);
      for (let i = 0; i < fresh; i++) {
        const d = distances[i];
        if (nearest.size < ef || d < bound) {
          const next = batch[i];
          candidates.push(next, d);
          if (!accept || accept(next)) {
            nearest.push(next, d);
            if (nearest.size > ef) nearest.pop();
          }
          if (nearest.size > 0) bound = nearest.topKey;
        }
      }
    }
  }

  /** Makes `vector` the query of the next distance computations. */
  private loadQuery(vector: Float32Array): void {
    this.queryInverse = this.space === 'cosinesimil' ? 1 / Math.sqrt(dot(vector, 0, vector, 0, this.dim)) : 0;
    const scan = this.column.wasmScan;
    if (scan) scan.setQuery(vector);
    else {
      this.query = vector;
      this.queryOffset = 0;
    }
  }

  /** Makes a node's own vector the query (insertion, neighbour selection). */
  private loadDocQuery(doc: number): void {
    if (this.space === 'cosinesimil') this.queryInverse = this.inverseNorms[doc];
    const scan = this.column.wasmScan;
    if (scan) scan.setQueryFromDoc(doc);
    else {
      this.query = this.column.data;
      this.queryOffset = doc * this.dim;
    }
  }

  private distanceTo(doc: number): number {
    this.single[0] = doc;
    this.distances(this.single, 1, this.singleDistance);
    return this.singleDistance[0];
  }

  /**
   * Distances from the loaded query to `docs[0..n)`, smaller is nearer: squared L2, 1 − cos, or −dot. With SIMD in
   * one WebAssembly call (the column's vectors live there once it is large), else in JavaScript.
   */
  private distances(docs: Int32Array, n: number, out: Float64Array): void {
    const scan = this.column.wasmScan;
    const l2 = this.space === 'l2';
    if (scan) scan.gather(l2 ? 'l2' : 'dot', docs, n, out);
    else {
      const data = this.column.data;
      const q = this.query;
      const qOffset = this.queryOffset;
      for (let i = 0; i < n; i++) {
        const offset = docs[i] * this.dim;
        out[i] = l2 ? squared(q, qOffset, data, offset, this.dim) : dot(q, qOffset, data, offset, this.dim);
      }
    }
    if (this.space === 'innerproduct') for (let i = 0; i < n; i++) out[i] = -out[i];
    else if (this.space === 'cosinesimil') {
      const inverse = this.queryInverse;
      const norms = this.inverseNorms;
      for (let i = 0; i < n; i++) out[i] = 1 - out[i] * inverse * norms[docs[i]];
    }
  }

  private countOf(doc: number, level: number): number {
    if (level === 0) return this.counts0[doc];
    const links = this.upper[doc];
    return links ? links[(level - 1) * (this.m + 1)] : 0;
  }

  private linkOf(doc: number, level: number, i: number): number {
    if (level === 0) return this.links0[doc * this.m0 + i];
    return (this.upper[doc] as Int32Array)[(level - 1) * (this.m + 1) + 1 + i];
  }

  private setLink(doc: number, level: number, i: number, value: number): void {
    if (level === 0) this.links0[doc * this.m0 + i] = value;
    else (this.upper[doc] as Int32Array)[(level - 1) * (this.m + 1) + 1 + i] = value;
  }

  private setCount(doc: number, level: number, count: number): void {
    if (level === 0) this.counts0[doc] = count;
    else (this.upper[doc] as Int32Array)[(level - 1) * (this.m + 1)] = count;
  }
}

/** Insertion sort of the first `n` pairs by distance (n ≤ 2m + 1: small). */
function sortByDistance(docs: Int32Array, distances: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const d = docs[i];
    const key = distances[i];
    let j = i - 1;
    while (j >= 0 && distances[j] > key) {
      docs[j + 1] = docs[j];
      distances[j + 1] = distances[j];
      j--;
    }
    docs[j + 1] = d;
    distances[j + 1] = key;
  }
}

function dot(a: Float32Array, aOffset: number, b: Float32Array, bOffset: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    s0 += a[aOffset + i] * b[bOffset + i];
    s1 += a[aOffset + i + 1] * b[bOffset + i + 1];
    s2 += a[aOffset + i + 2] * b[bOffset + i + 2];
    s3 += a[aOffset + i + 3] * b[bOffset + i + 3];
  }
  for (; i < n; i++) s0 += a[aOffset + i] * b[bOffset + i];
  return s0 + s1 + s2 + s3;
}

function squared(a: Float32Array, aOffset: number, b: Float32Array, bOffset: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const d0 = a[aOffset + i] - b[bOffset + i];
    const d1 = a[aOffset + i + 1] - b[bOffset + i + 1];
    const d2 = a[aOffset + i + 2] - b[bOffset + i + 2];
    const d3 = a[aOffset + i + 3] - b[bOffset + i + 3];
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  for (; i < n; i++) {
    const d = a[aOffset + i] - b[bOffset + i];
    s0 += d * d;
  }
  return s0 + s1 + s2 + s3;
}
