import { illegalArgument, OpenSearchError } from '../errors';
import { EngineState } from '../engine-state';
import { Mappings } from '../mapping/mappings';
import { EngineResponse, RestCall } from '../rest/request';
import { Route } from '../rest/router';
import { WalRecord } from '../storage/records';
import { IndexStore } from './index-store';
import { nestSettings, settingInteger } from './settings';

const TIMEOUT_PARAMS = ['timeout', 'master_timeout', 'cluster_manager_timeout'];
const RESOLVE_PARAMS = ['ignore_unavailable', 'allow_no_indices', 'expand_wildcards'];

function resolveOptions(call: RestCall) {
  return {
    ignoreUnavailable: call.queryBoolean('ignore_unavailable', false),
    allowNoIndices: call.queryBoolean('allow_no_indices', true),
  };
}

/** Create, delete, exists, get, mappings, refresh, count. */
export function indexRoutes(state: EngineState): Route[] {
  return [
    {
      method: 'PUT',
      path: '/{index}',
      params: [...TIMEOUT_PARAMS, 'wait_for_active_shards'],
      handler: async (call) => {
        const body = call.jsonBody(false) ?? {};
        for (const key of Object.keys(body)) {
          if (key !== 'settings' && key !== 'mappings' && key !== 'aliases') {
            // CreateIndexRequest#source: anything else is taken as a setting when it is not an object field we know.
            throw new OpenSearchError(400, 'parse_exception', `unknown key [${key}] for create index`);
          }
        }
        const records: WalRecord[] = [];
        const index = state.createIndex(call.param('index'), body, records);
        await state.commit(records);
        return { status: 200, body: { acknowledged: true, shards_acknowledged: true, index: index.name } };
      },
    },
    {
      method: 'DELETE',
      path: '/{index}',
      params: [...TIMEOUT_PARAMS, ...RESOLVE_PARAMS],
      handler: async (call) => {
        const expression = call.param('index');
        for (const name of expression.split(',')) {
          if (!state.indices.has(name) && state.aliasTargets(name).length > 0) {
            throw illegalArgument(
              `The provided expression [${name}] matches an alias, specify the corresponding concrete indices instead.`,
            );
          }
        }
        const targets = state.resolve(expression, resolveOptions(call));
        const records: WalRecord[] = [];
        for (const index of targets) state.deleteIndex(index, records);
        await state.commit(records);
        return { status: 200, body: { acknowledged: true } };
      },
    },
    {
      method: 'HEAD',
      path: '/{index}',
      params: [...RESOLVE_PARAMS, 'local', 'include_defaults', 'flat_settings', ...TIMEOUT_PARAMS],
      handler: (call) => {
        try {
          const found = state.resolve(call.param('index'), resolveOptions(call));
          return { status: found.length > 0 ? 200 : 404 };
        } catch {
          return { status: 404 };
        }
      },
    },
    {
      method: 'GET',
      path: '/{index}',
      params: [...RESOLVE_PARAMS, 'local', 'include_defaults', 'flat_settings', ...TIMEOUT_PARAMS],
      handler: (call) => {
        const flat = call.queryBoolean('flat_settings', false);
        const out: Record<string, unknown> = {};
        for (const index of state.resolve(call.param('index'), resolveOptions(call))) {
          out[index.name] = {
            aliases: Object.fromEntries(index.meta.aliases),
            mappings: index.meta.mappings.toJSON(),
            settings: flat ? { ...index.meta.settings } : nestSettings(index.meta.settings),
          };
        }
        return { status: 200, body: out };
      },
    },
    ...settingsRoutes(state),
    ...mappingRoutes(state),
    ...refreshRoutes(state),
  ];
}

function settingsRoutes(state: EngineState): Route[] {
  const handler = (call: RestCall): EngineResponse => {
    const flat = call.queryBoolean('flat_settings', false);
    const out: Record<string, unknown> = {};
    for (const index of state.resolve(call.pathParams.index, resolveOptions(call))) {
      out[index.name] = { settings: flat ? { ...index.meta.settings } : nestSettings(index.meta.settings) };
    }
    return { status: 200, body: out };
  };
  const params = [...RESOLVE_PARAMS, 'flat_settings', 'local', 'include_defaults', ...TIMEOUT_PARAMS];
  return [
    { method: 'GET', path: '/_settings', params, handler },
    { method: 'GET', path: '/{index}/_settings', params, handler },
  ];
}

function mappingRoutes(state: EngineState): Route[] {
  const get = (call: RestCall): EngineResponse => {
    const out: Record<string, unknown> = {};
    for (const index of state.resolve(call.pathParams.index, resolveOptions(call))) {
      out[index.name] = { mappings: index.meta.mappings.toJSON() };
    }
    return { status: 200, body: out };
  };
  const put = async (call: RestCall): Promise<EngineResponse> => {
    const body = call.jsonBody(true) as Record<string, unknown>;
    const targets = state.resolve(call.param('index'), resolveOptions(call));
    // Validate every index first: a mapping update applies to all targets or to none.
    const merged: [IndexStore, Mappings][] = targets.map((index) => [
      index,
      index.meta.mappings.merge(body, { knnEnabled: index.knnEnabled }),
    ]);
    const records: WalRecord[] = [];
    for (const [index, mappings] of merged) {
      index.meta.mappings = mappings;
      records.push({ op: 'put_mapping', index: index.name, mappings: mappings.toJSON() });
    }
    await state.commit(records);
    return { status: 200, body: { acknowledged: true } };
  };
  const getParams = [...RESOLVE_PARAMS, 'local', ...TIMEOUT_PARAMS];
  const putParams = [...RESOLVE_PARAMS, 'write_index_only', ...TIMEOUT_PARAMS];
  return [
    { method: 'GET', path: '/_mapping', params: getParams, handler: get },
    { method: 'GET', path: '/{index}/_mapping', params: getParams, handler: get },
    { method: 'PUT', path: '/{index}/_mapping', params: putParams, handler: put },
    { method: 'POST', path: '/{index}/_mapping', params: putParams, handler: put },
  ];
}

/** Shard counts: every index has its primaries active and, on one node, its replicas unassigned. */
export function shardCounts(index: IndexStore): { primaries: number; replicas: number } {
  const primaries = settingInteger(index.meta.settings, 'index.number_of_shards', 1);
  const replicas = settingInteger(index.meta.settings, 'index.number_of_replicas', 1);
  return { primaries, replicas: primaries * replicas };
}

function refreshRoutes(state: EngineState): Route[] {
  const handler = (call: RestCall): EngineResponse => {
    let total = 0;
    let successful = 0;
    for (const index of state.resolve(call.pathParams.index, resolveOptions(call))) {
      index.refresh();
      const shards = shardCounts(index);
      total += shards.primaries + shards.replicas;
      successful += shards.primaries;
    }
    return { status: 200, body: { _shards: { total, successful, failed: 0 } } };
  };
  return [
    { method: 'POST', path: '/_refresh', params: RESOLVE_PARAMS, handler },
    { method: 'GET', path: '/_refresh', params: RESOLVE_PARAMS, handler },
    { method: 'POST', path: '/{index}/_refresh', params: RESOLVE_PARAMS, handler },
    { method: 'GET', path: '/{index}/_refresh', params: RESOLVE_PARAMS, handler },
  ];
}
