import { illegalArgument } from '../errors';
import { EMULATED_VERSION, EngineState } from '../engine-state';
import { shardCounts } from '../indices/indices.api';
import { IndexStore } from '../indices/index-store';
import { simpleMatch } from '../indices/index-names';
import { EngineResponse, RestCall } from '../rest/request';
import { Route } from '../rest/router';

export interface NodeIdentity {
  clusterName: string;
  clusterUuid: string;
  nodeName: string;
}

type Health = 'green' | 'yellow' | 'red';
const HEALTH_ORDER: Health[] = ['green', 'yellow', 'red'];

/** On one node replicas stay unassigned: an index with replicas is yellow (ClusterHealthStatus). */
function indexHealth(index: IndexStore): Health {
  return shardCounts(index).replicas > 0 ? 'yellow' : 'green';
}

function worst(healths: Health[]): Health {
  return healths.reduce<Health>(
    (a, b) => (HEALTH_ORDER.indexOf(b) > HEALTH_ORDER.indexOf(a) ? b : a),
    'green',
  );
}

/** GET /, GET /_cluster/health, GET /_cat/indices. */
export function clusterRoutes(state: EngineState, node: NodeIdentity): Route[] {
  const health = (call: RestCall): EngineResponse => {
    const indices = state.resolve(call.pathParams.index, { allowNoIndices: true });
    let primaries = 0;
    let unassigned = 0;
    for (const index of indices) {
      const shards = shardCounts(index);
      primaries += shards.primaries;
      unassigned += shards.replicas;
    }
    const status = worst(indices.map(indexHealth));
    const wanted = call.query('wait_for_status');
    if (wanted !== undefined && !HEALTH_ORDER.includes(wanted as Health)) {
      throw illegalArgument(`unknown cluster health status [${wanted}]`);
    }
    // Nothing changes health on one node while we wait, so a status not reached now is a time-out (408).
    const timedOut =
      wanted !== undefined && HEALTH_ORDER.indexOf(status) > HEALTH_ORDER.indexOf(wanted as Health);
    const total = primaries + unassigned;
    return {
      status: timedOut ? 408 : 200,
      body: {
        cluster_name: node.clusterName,
        status,
        timed_out: timedOut,
        number_of_nodes: 1,
        number_of_data_nodes: 1,
        discovered_master: true,
        discovered_cluster_manager: true,
        active_primary_shards: primaries,
        active_shards: primaries,
        relocating_shards: 0,
        initializing_shards: 0,
        unassigned_shards: unassigned,
        delayed_unassigned_shards: 0,
        number_of_pending_tasks: 0,
        number_of_in_flight_fetch: 0,
        task_max_waiting_in_queue_millis: 0,
        active_shards_percent_as_number: total === 0 ? 100.0 : (primaries / total) * 100,
      },
    };
  };
  const healthParams = [
    'wait_for_status',
    'timeout',
    'level',
    'local',
    'wait_for_nodes',
    'wait_for_active_shards',
    'wait_for_no_relocating_shards',
    'wait_for_no_initializing_shards',
    'wait_for_events',
    'master_timeout',
    'cluster_manager_timeout',
    'expand_wildcards',
    'awareness_attribute',
  ];
  return [
    {
      method: 'GET',
      path: '/',
      handler: () => ({
        status: 200,
        body: {
          name: node.nodeName,
          cluster_name: node.clusterName,
          cluster_uuid: node.clusterUuid,
          version: {
            distribution: 'opensearch',
            number: EMULATED_VERSION.number,
            build_type: 'embedded',
            build_hash: 'embedded',
            build_date: '2025-10-01T00:00:00.000000000Z',
            build_snapshot: false,
            lucene_version: EMULATED_VERSION.lucene,
            minimum_wire_compatibility_version: '2.19.0',
            minimum_index_compatibility_version: '2.0.0',
          },
          tagline: 'The OpenSearch Project: https://opensearch.org/',
        },
      }),
    },
    { method: 'GET', path: '/_cluster/health', params: healthParams, handler: health },
    { method: 'GET', path: '/_cluster/health/{index}', params: healthParams, handler: health },
    ...catIndicesRoutes(state),
  ];
}

const CAT_COLUMNS = [
  'health',
  'status',
  'index',
  'uuid',
  'pri',
  'rep',
  'docs.count',
  'docs.deleted',
  'store.size',
  'pri.store.size',
] as const;

function catIndicesRoutes(state: EngineState): Route[] {
  const handler = (call: RestCall): EngineResponse => {
    const indices = state.resolve(call.pathParams.index, { allowNoIndices: true });
    const healthFilter = call.query('health');
    const rows = indices
      .filter((index) => healthFilter === undefined || indexHealth(index) === healthFilter)
      .map((index) => catRow(index, call.query('bytes')));
    const wantedColumns = call
      .queryList('h')
      ?.flatMap((h) => CAT_COLUMNS.filter((c) => simpleMatch(h, c))) ?? [...CAT_COLUMNS];
    sortRows(rows, call.queryList('s'));
    const projected = rows.map((row) => Object.fromEntries(wantedColumns.map((c) => [c, row[c]])));
    if (call.query('format') === 'json') return { status: 200, body: projected };
    return {
      status: 200,
      body: catText(projected, wantedColumns, call.queryBoolean('v', false)),
      contentType: 'text/plain; charset=UTF-8',
    };
  };
  const params = [
    'format',
    'h',
    'v',
    's',
    'bytes',
    'health',
    'pri',
    'help',
    'local',
    'expand_wildcards',
    'master_timeout',
    'cluster_manager_timeout',
    'time',
    'include_unloaded_segments',
  ];
  return [
    { method: 'GET', path: '/_cat/indices', params, handler },
    { method: 'GET', path: '/_cat/indices/{index}', params, handler },
  ];
}

function catRow(index: IndexStore, bytesUnit: string | undefined): Record<string, string> {
  const shards = shardCounts(index);
  const size = approximateStoreBytes(index);
  return {
    health: indexHealth(index),
    status: 'open',
    index: index.name,
    uuid: index.uuid,
    pri: String(shards.primaries),
    rep: String(shards.replicas / Math.max(1, shards.primaries)),
    'docs.count': String(index.searchableReader().liveCount),
    'docs.deleted': '0',
    'store.size': formatBytes(size, bytesUnit),
    'pri.store.size': formatBytes(size, bytesUnit),
  };
}

/** The UTF-8 size of the stored sources: the part of a Lucene store that grows with the data. */
function approximateStoreBytes(index: IndexStore): number {
  let bytes = 0;
  for (const doc of index.liveDocs()) bytes += doc.source.length;
  return bytes;
}

/** ByteSizeValue#toString: `208b`, `5.2kb`, `1.1mb`; with `bytes=b|kb|mb|gb` a whole number in that unit. */
function formatBytes(bytes: number, unit: string | undefined): string {
  const units: [string, number][] = [
    ['pb', 2 ** 50],
    ['tb', 2 ** 40],
    ['gb', 2 ** 30],
    ['mb', 2 ** 20],
    ['kb', 2 ** 10],
    ['b', 1],
  ];
  if (unit !== undefined) {
    const found = units.find(([u]) => u === unit);
    if (!found) throw illegalArgument(`failed to parse [bytes] with value [${unit}]`);
    return String(Math.floor(bytes / found[1]));
  }
  for (const [u, size] of units) {
    if (bytes >= size) {
      const value = bytes / size;
      return u === 'b' ? `${bytes}b` : `${Number(value.toFixed(1))}${u}`;
    }
  }
  return '0b';
}

function sortRows(rows: Record<string, string>[], sortSpec: string[] | undefined): void {
  if (!sortSpec) return;
  rows.sort((a, b) => {
    for (const spec of sortSpec) {
      const [column, direction] = spec.split(':');
      const x = a[column];
      const y = b[column];
      const nx = Number(x);
      const ny = Number(y);
      const cmp = !Number.isNaN(nx) && !Number.isNaN(ny) ? nx - ny : x < y ? -1 : x > y ? 1 : 0;
      if (cmp !== 0) return direction === 'desc' ? -cmp : cmp;
    }
    return 0;
  });
}

/** The _cat text table: columns padded to their widest value, a header row with `v`. */
function catText(rows: Record<string, string>[], columns: readonly string[], header: boolean): string {
  const table = header ? [Object.fromEntries(columns.map((c) => [c, c])), ...rows] : rows;
  const widths = columns.map((c) => Math.max(...table.map((r) => (r[c] ?? '').length)));
  return table
    .map(
      (r) =>
        columns
          .map((c, i) => (r[c] ?? '').padEnd(widths[i]))
          .join(' ')
          .trimEnd() + '\n',
    )
    .join('');
}
