import type { IndexReader, VectorColumn } from '../index-reader';
import { ExactRequest, exactTopK } from './exact-search';
import { HnswGraph, HnswParams } from './hnsw';

/**
 * The approximate (HNSW) path of `knn`, as the k-NN plugin runs it (KNNWeight, Lucene's AbstractKnnVectorQuery):
 * - a column gets a graph once it holds APPROXIMATE_MIN_VECTORS vectors (below that an exact scan is as fast, and
 *   exact); the graph is built in the background, a slice at a time, or at once by the warmup API;
 * - a search walks the graph over the docs it covers and scans the docs added since exactly (Lucene searches each
 *   segment and merges), then scores what it found with the exact float32 kernels;
 * - a filtered search is always exact: the top k among the filter's docs (the plugin itself walks the graph for a broad
 *   filter, an approximation of that answer; we keep the exact one).
 */

/** Columns smaller than this are always searched exactly. */
export const APPROXIMATE_MIN_VECTORS = 20_000;
/** The default `ef_search` (KNNSettings INDEX_KNN_DEFAULT_ALGO_PARAM_EF_SEARCH, indices ≥ 2.12). */
export const DEFAULT_EF_SEARCH = 100;
/** Background building runs in slices this long, so that searches keep being answered meanwhile. */
const BUILD_SLICE_MS = 8;

interface GraphState {
  graph: HnswGraph;
  building: boolean;
}

const graphs = new WeakMap<VectorColumn, GraphState>();

/** How many docs of `column` hold a vector, remembered per (column, maxDoc). */
const counted = new WeakMap<VectorColumn, { maxDoc: number; count: number }>();
function vectorsIn(column: VectorColumn, maxDoc: number): number {
  const seen = counted.get(column);
  if (seen && seen.maxDoc === maxDoc) return seen.count;
  const from = seen && seen.maxDoc < maxDoc ? seen : { maxDoc: 0, count: 0 };
  let count = from.count;
  for (let d = from.maxDoc; d < maxDoc; d++) if (column.has(d)) count++;
  counted.set(column, { maxDoc, count });
  return count;
}

/** The field's graph, when the column is large enough to have one (created empty, then built in the background). */
export function graphOf(
  reader: IndexReader,
  field: string,
  column: VectorColumn,
  space: HnswGraph['space'],
  params: HnswParams,
): HnswGraph | undefined {
  let state = graphs.get(column);
  if (!state) {
    if (vectorsIn(column, reader.maxDoc) < APPROXIMATE_MIN_VECTORS) return undefined;
    state = { graph: new HnswGraph(column, space, params), building: false };
    graphs.set(column, state);
  }
  if (state.graph.built < reader.maxDoc) buildInBackground(state, reader, field, column);
  return state.graph;
}

/** Builds the field's graph up to the reader's last doc now (the warmup API); false when the column has none. */
export function warmUp(
  reader: IndexReader,
  field: string,
  column: VectorColumn,
  space: HnswGraph['space'],
  params: HnswParams,
): boolean {
  const graph = graphOf(reader, field, column, space, params);
  if (!graph) return false;
  graph.buildUpTo(reader.maxDoc);
  return true;
}

function buildInBackground(
  state: GraphState,
  reader: IndexReader,
  field: string,
  column: VectorColumn,
): void {
  if (state.building) return;
  state.building = true;
  const slice = () => {
    // the index was deleted (or the engine closed), or a merge replaced the column: its graph is garbage
    if (reader.closed || reader.vector(field) !== column) {
      state.building = false;
      return;
    }
    const done = state.graph.buildUpTo(reader.maxDoc, performance.now() + BUILD_SLICE_MS);
    if (done) state.building = false;
    else setTimeout(slice, 0).unref();
  };
  setTimeout(slice, 0).unref();
}

/** The top k by exact score among what the graph finds (`ef` at a time) and the live docs it does not cover yet. */
export function approximateTopK(
  request: ExactRequest,
  graph: HnswGraph,
  k: number,
  ef: number,
): { docs: Int32Array; scores: Float32Array } {
  const { reader, column } = request;
  const built = Math.min(graph.built, reader.maxDoc);
  const found = graph.search(request.query, Math.max(k, ef), (doc) => reader.isLive(doc));
  // the docs added since the graph was last extended, searched exactly
  const tail: number[] = [];
  for (let d = built; d < reader.maxDoc; d++) if (reader.isLive(d) && column.has(d)) tail.push(d);
  const candidates = new Int32Array(found.length + tail.length);
  candidates.set(found);
  candidates.set(tail, found.length);
  return exactTopK({ ...request, candidates: { kind: 'list', docs: candidates } }, k);
}
