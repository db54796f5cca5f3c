import { EngineState } from '../engine-state';
import { AliasMetadata, IndexStore } from '../indices/index-store';
import { isPlainObject } from '../rest/json';
import { EngineResponse, RestCall } from '../rest/request';
import { Route } from '../rest/router';
import {
  AliasActionRequest,
  applyAliasActions,
  matchAliases,
  parseAliasActions,
  validateAction,
} from './alias-actions';
import { aliasToJSON } from './alias-definitions';
import { illegalArgument } from '../errors';
import { simpleMatch } from '../indices/index-names';

const TIMEOUT_PARAMS = ['timeout', 'master_timeout', 'cluster_manager_timeout'];
const GET_PARAMS = [
  'local',
  'ignore_unavailable',
  'allow_no_indices',
  'expand_wildcards',
  'master_timeout',
  'cluster_manager_timeout',
];

/**
 * Aliases: RestIndicesAliasesAction (POST /_aliases), RestIndexPutAliasAction, RestIndexDeleteAliasesAction,
 * RestGetAliasesAction and RestAliasAction (_cat/aliases).
 */
export function aliasRoutes(state: EngineState): Route[] {
  const run = async (actions: AliasActionRequest[]): Promise<EngineResponse> => {
    const records = applyAliasActions(state, actions);
    await state.commit(records);
    return { status: 200, body: { acknowledged: true } };
  };
  const updateAliases = (call: RestCall) => {
    const body = call.jsonBody(true) as Record<string, unknown>;
    return run(parseAliasActions(body, call.request.body));
  };
  const putAlias = (call: RestCall) => run([putAliasAction(call)]);
  const deleteAlias = (call: RestCall) => {
    const action: AliasActionRequest = {
      type: 'remove',
      indices: splitList(call.param('index')),
      aliases: splitList(call.param('name')),
    };
    validateAction(action);
    return run([action]);
  };
  const getAliases = (call: RestCall): EngineResponse => getAliasesResponse(state, call);
  const catAliases = (call: RestCall): EngineResponse => catAliasesResponse(state, call);

  const put = (path: string, methods: ('PUT' | 'POST')[] = ['PUT', 'POST']): Route[] =>
    methods.map((method) => ({ method, path, params: TIMEOUT_PARAMS, handler: putAlias }));
  return [
    { method: 'POST', path: '/_aliases', params: TIMEOUT_PARAMS, handler: updateAliases },
    ...put('/{index}/_alias/{name}'),
    ...put('/_alias/{name}'),
    ...put('/{index}/_aliases/{name}'),
    ...put('/_aliases/{name}'),
    ...put('/{index}/_alias', ['PUT']),
    ...put('/{index}/_aliases', ['PUT']),
    ...put('/_alias', ['PUT']),
    { method: 'DELETE', path: '/{index}/_alias/{name}', params: TIMEOUT_PARAMS, handler: deleteAlias },
    { method: 'DELETE', path: '/{index}/_aliases/{name}', params: TIMEOUT_PARAMS, handler: deleteAlias },
    { method: 'GET', path: '/_alias', params: GET_PARAMS, handler: getAliases },
    { method: 'GET', path: '/_aliases', params: GET_PARAMS, handler: getAliases },
    { method: 'GET', path: '/_alias/{name}', params: GET_PARAMS, handler: getAliases },
    { method: 'GET', path: '/{index}/_alias', params: GET_PARAMS, handler: getAliases },
    { method: 'GET', path: '/{index}/_alias/{name}', params: GET_PARAMS, handler: getAliases },
    ...['/_cat/aliases', '/_cat/aliases/{name}'].map((path): Route => ({
      method: 'GET',
      path,
      params: [
        'format',
        'h',
        'v',
        's',
        'help',
        'local',
        'expand_wildcards',
        'master_timeout',
        'cluster_manager_timeout',
      ],
      handler: catAliases,
    })),
  ];
}

/** Strings.splitStringByCommaToArray. */
function splitList(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(',').filter((v) => v !== '');
}

/**
 * RestIndexPutAliasAction: the index and alias from the path, or from the body, which may also give `routing`,
 * `index_routing`, `search_routing`, `is_write_index` and `filter` (other keys are ignored, as OpenSearch does).
 */
function putAliasAction(call: RestCall): AliasActionRequest {
  let indices = splitList(call.pathParams.index);
  let alias = call.pathParams.name;
  const action: AliasActionRequest = { type: 'add', indices: [], aliases: [] };
  const body = call.jsonBody(false);
  for (const [key, value] of Object.entries(body ?? {})) {
    if (isPlainObject(value)) {
      if (key === 'filter') action.filter = Object.keys(value).length === 0 ? undefined : value;
      continue;
    }
    if (value === null || Array.isArray(value)) continue;
    const text = String(value);
    if (key === 'index') indices = splitList(text);
    else if (key === 'alias') alias = text;
    else if (key === 'routing') action.routing = text;
    else if (key === 'indexRouting' || key === 'index-routing' || key === 'index_routing')
      action.indexRouting = text;
    else if (key === 'searchRouting' || key === 'search-routing' || key === 'search_routing')
      action.searchRouting = text;
    else if (key === 'is_write_index') {
      if (text !== 'true' && text !== 'false') {
        throw illegalArgument(`Failed to parse value [${text}] as only [true] or [false] are allowed.`);
      }
      action.writeIndex = text === 'true';
    }
  }
  // AliasActions#indices and #alias.
  if (indices.length === 0) throw illegalArgument("[indices] can't be empty");
  if (alias === undefined || alias === '') throw illegalArgument("[alias] can't be empty string");
  action.indices = indices;
  action.aliases = [alias];
  return action;
}

/**
 * RestGetAliasesAction#buildRestResponse: each index with its matching aliases (every index when no alias names
 * were given); explicitly named aliases that match nothing make the answer a 404 that still lists what was found.
 */
function getAliasesResponse(state: EngineState, call: RestCall): EngineResponse {
  const namesProvided = call.pathParams.name !== undefined;
  const requested = namesProvided ? splitList(call.pathParams.name) : [];
  const indices = resolveIndices(state, call);
  const found = new Map<string, [string, AliasMetadata][]>();
  const matchAll = requested.length === 0 || (requested.length === 1 && requested[0] === '_all');
  for (const index of indices) {
    const names = matchAliases([...index.meta.aliases.keys()], matchAll ? [] : requested);
    if (names.length > 0 || matchAll) {
      found.set(
        index.name,
        names.map((n) => [n, index.meta.aliases.get(n) as AliasMetadata]),
      );
    }
  }
  const returned = new Set<string>();
  for (const list of found.values()) for (const [alias] of list) returned.add(alias);
  const missing = missingAliases(requested, returned);

  const body: Record<string, unknown> = {};
  let status = 200;
  if (missing.length > 0) {
    status = 404;
    body.error =
      missing.length === 1 ? `alias [${missing[0]}] missing` : `aliases [${missing.join(',')}] missing`;
    body.status = 404;
  }
  for (const [index, list] of found) {
    if (namesProvided && list.length === 0) continue;
    body[index] = { aliases: Object.fromEntries(list.map(([alias, meta]) => [alias, aliasToJSON(meta)])) };
  }
  return { status, body };
}

/** Names asked for explicitly (no wildcard, not excluded by a later `-pattern`) that are not in the result, sorted. */
function missingAliases(requested: string[], returned: Set<string>): string[] {
  let firstWildcard = requested.findIndex((r) => r.includes('*'));
  if (firstWildcard < 0) firstWildcard = requested.length;
  const missing = new Set<string>();
  requested.forEach((name, i) => {
    if (name === '_all' || name.includes('*') || (i > firstWildcard && name.startsWith('-'))) return;
    for (let j = Math.max(i + 1, firstWildcard); j < requested.length; j++) {
      const other = requested[j];
      if (other.startsWith('-') && (simpleMatch(other.slice(1), name) || other.slice(1) === '_all')) return;
    }
    if (!returned.has(name)) missing.add(name);
  });
  return [...missing].sort();
}

/** GetAliasesRequest resolves indices with strictExpandHidden: hidden indices are included, missing names are 404. */
function resolveIndices(state: EngineState, call: RestCall): IndexStore[] {
  const expression = call.pathParams.index;
  const options = {
    ignoreUnavailable: call.queryBoolean('ignore_unavailable', false),
    allowNoIndices: call.queryBoolean('allow_no_indices', true),
  };
  if (expression === undefined || expression === '_all' || expression === '*') {
    return [...state.indices.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  return state.resolve(expression, options);
}

const CAT_COLUMNS = [
  'alias',
  'index',
  'filter',
  'routing.index',
  'routing.search',
  'is_write_index',
] as const;
const CAT_ALIASES: Record<string, string> = {
  a: 'alias',
  i: 'index',
  idx: 'index',
  f: 'filter',
  fi: 'filter',
  ri: 'routing.index',
  routingIndex: 'routing.index',
  rs: 'routing.search',
  routingSearch: 'routing.search',
  w: 'is_write_index',
  isWriteIndex: 'is_write_index',
};

/** RestAliasAction (`_cat/aliases`): one row per alias and index. */
function catAliasesResponse(state: EngineState, call: RestCall): EngineResponse {
  const requested = splitList(call.pathParams.name);
  const rows: Record<string, string>[] = [];
  for (const index of [...state.indices.values()].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )) {
    for (const alias of matchAliases([...index.meta.aliases.keys()], requested)) {
      const meta = index.meta.aliases.get(alias) as AliasMetadata;
      rows.push({
        alias,
        index: index.name,
        filter: meta.filter ? '*' : '-',
        'routing.index': meta.index_routing || '-',
        'routing.search': meta.search_routing || '-',
        is_write_index: meta.is_write_index === undefined ? '-' : String(meta.is_write_index),
      });
    }
  }
  const h = call.query('h');
  const columns = h
    ? h
        .split(',')
        .map((c) => CAT_ALIASES[c] ?? c)
        .filter((c) => (CAT_COLUMNS as readonly string[]).includes(c))
    : [...CAT_COLUMNS];
  if (call.query('format') === 'json') {
    return { status: 200, body: rows.map((r) => Object.fromEntries(columns.map((c) => [c, r[c]]))) };
  }
  const header = call.queryBoolean('v', false);
  const table = header ? [Object.fromEntries(columns.map((c) => [c, c])), ...rows] : rows;
  const widths = columns.map((c) => Math.max(0, ...table.map((r) => (r[c] ?? '').length)));
  const text = table
    .map(
      (r) =>
        columns
          .map((c, i) => (r[c] ?? '').padEnd(widths[i]))
          .join(' ')
          .trimEnd() + '\n',
    )
    .join('');
  return { status: 200, body: text };
}
