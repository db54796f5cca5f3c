import { EngineState } from '../engine-state';
import { shardCounts } from '../indices/indices.api';
import { knnConfigOf } from '../mapping/knn-vector';
import { EngineResponse, RestCall } from '../rest/request';
import { Route } from '../rest/router';
import { warmUp } from './vectors/approximate-index';
import { SpaceType } from './vectors/similarity';

/**
 * `GET /_plugins/_knn/warmup/{index}` (k-NN plugin RestKNNWarmupHandler): loads the indices' vector graphs before the
 * first search needs them. Here: builds the HNSW graph of each large `knn_vector` field up to its last document at
 * once, instead of a slice at a time in the background, so that the next searches walk a complete graph.
 */
export function knnWarmupRoutes(state: EngineState): Route[] {
  const handler = (call: RestCall): EngineResponse => {
    let total = 0;
    let successful = 0;
    for (const index of state.resolve(call.pathParams.index, { allowNoIndices: true })) {
      const reader = index.searchableReader();
      for (const field of index.meta.mappings.fields()) {
        if (field.type !== 'knn_vector') continue;
        const config = knnConfigOf(field.params, index.knnEnabled);
        const column = reader.vector(field.path);
        if (config.method !== 'hnsw' || !column) continue;
        warmUp(reader, field.path, column, config.spaceType as SpaceType, config);
      }
      const shards = shardCounts(index);
      total += shards.primaries + shards.replicas;
      successful += shards.primaries;
    }
    return { status: 200, body: { _shards: { total, successful, failed: 0 } } };
  };
  return [{ method: 'GET', path: '/_plugins/_knn/warmup/{index}', handler }];
}
