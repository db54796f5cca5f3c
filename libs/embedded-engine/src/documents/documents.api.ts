import { actionRequestValidation, asOpenSearchError, illegalArgument, OpenSearchError } from '../errors';
import { EngineState } from '../engine-state';
import { IndexStore, StoredDoc } from '../indices/index-store';
import { isPlainObject } from '../rest/json';
import { RestCall, EngineResponse } from '../rest/request';
import { Route } from '../rest/router';
import { WalRecord } from '../storage/records';
import {
  deleteDocument,
  generateId,
  indexDocument,
  parseSource,
  parseUpdateBody,
  Preconditions,
  updateDocument,
  UpdateRequest,
} from './document-writes';
import { renderSource, SourceFilter, sourceFilterFromBody, sourceFilterFromParams } from './source-filter';
import {
  applyRefresh,
  refreshPolicy,
  updateGetResult,
  writeResponseBody,
  writeStatus,
} from './write-responses';

const WRITE_PARAMS = [
  'refresh',
  'if_seq_no',
  'if_primary_term',
  'routing',
  'timeout',
  'wait_for_active_shards',
  'require_alias',
];
const GET_PARAMS = [
  '_source',
  '_source_includes',
  '_source_excludes',
  'realtime',
  'refresh',
  'routing',
  'preference',
  'stored_fields',
];

function preconditions(call: RestCall): Preconditions {
  return { ifSeqNo: call.queryLong('if_seq_no'), ifPrimaryTerm: call.queryLong('if_primary_term') };
}

/** The _doc, _create, _update, GET/HEAD/DELETE document and _mget endpoints. */
export function documentRoutes(state: EngineState): Route[] {
  const index = async (
    call: RestCall,
    id: string | undefined,
    opType: 'index' | 'create',
  ): Promise<EngineResponse> => {
    const requested = call.query('op_type');
    if (requested !== undefined && requested !== 'index' && requested !== 'create') {
      throw illegalArgument(`opType must be 'create' or 'index', found: [${requested}]`);
    }
    const op = requested === 'create' ? 'create' : opType;
    if (!call.hasBody()) throw actionRequestValidation(['source is missing', 'content type is missing']);
    const policy = refreshPolicy(call);
    const sourceText = (call.request.body as string).trim();
    const source = parseSource(sourceText);
    const records: WalRecord[] = [];
    const target = requireAliasCheck(state, call, call.param('index'));
    const indexStore = state.writeTarget(target, records);
    let outcome;
    try {
      outcome = indexDocument(
        indexStore,
        id ?? generateId(),
        sourceText,
        source,
        op,
        preconditions(call),
        records,
      );
    } finally {
      // An index created implicitly stays created even when the document is refused, as in OpenSearch.
      await state.commit(records);
    }
    const forced = await applyRefresh(policy, [indexStore]);
    return { status: writeStatus(outcome), body: writeResponseBody(outcome, forced) };
  };

  const get = (call: RestCall, sourceOnly: boolean): EngineResponse => {
    const indexStore = state.resolveSingle(call.param('index'));
    const id = call.param('id');
    if (call.queryBoolean('refresh', false)) indexStore.refresh();
    const realtime = call.queryBoolean('realtime', true);
    const doc = realtime ? indexStore.get(id) : indexStore.searchableDoc(id);
    const filter = sourceFilterFromParams(call.request.query);
    if (sourceOnly) {
      if (!doc) {
        throw new OpenSearchError(
          404,
          'resource_not_found_exception',
          `Document not found [${indexStore.name}]/[${id}]`,
        );
      }
      return { status: 200, body: renderSource(doc.source, filter, doc) ?? {} };
    }
    if (!doc) return { status: 404, body: { _index: indexStore.name, _id: id, found: false } };
    return { status: 200, body: getBody(indexStore, doc, filter) };
  };

  return [
    {
      method: 'PUT',
      path: '/{index}/_doc/{id}',
      params: [...WRITE_PARAMS, 'op_type'],
      handler: (c) => index(c, c.param('id'), 'index'),
    },
    {
      method: 'POST',
      path: '/{index}/_doc/{id}',
      params: [...WRITE_PARAMS, 'op_type'],
      handler: (c) => index(c, c.param('id'), 'index'),
    },
    {
      method: 'POST',
      path: '/{index}/_doc',
      params: [...WRITE_PARAMS, 'op_type'],
      handler: (c) => index(c, undefined, 'create'),
    },
    {
      method: 'PUT',
      path: '/{index}/_create/{id}',
      params: WRITE_PARAMS,
      handler: (c) => index(c, c.param('id'), 'create'),
    },
    {
      method: 'POST',
      path: '/{index}/_create/{id}',
      params: WRITE_PARAMS,
      handler: (c) => index(c, c.param('id'), 'create'),
    },
    { method: 'GET', path: '/{index}/_doc/{id}', params: GET_PARAMS, handler: (c) => get(c, false) },
    { method: 'HEAD', path: '/{index}/_doc/{id}', params: GET_PARAMS, handler: (c) => get(c, false) },
    { method: 'GET', path: '/{index}/_source/{id}', params: GET_PARAMS, handler: (c) => get(c, true) },
    {
      method: 'DELETE',
      path: '/{index}/_doc/{id}',
      params: WRITE_PARAMS,
      handler: async (call) => {
        const policy = refreshPolicy(call);
        const indexStore = state.resolveSingle(call.param('index'));
        const records: WalRecord[] = [];
        const outcome = deleteDocument(indexStore, call.param('id'), preconditions(call), records);
        await state.commit(records);
        const forced = await applyRefresh(policy, [indexStore]);
        return { status: writeStatus(outcome), body: writeResponseBody(outcome, forced) };
      },
    },
    {
      method: 'POST',
      path: '/{index}/_update/{id}',
      params: [...WRITE_PARAMS, 'retry_on_conflict', '_source', '_source_includes', '_source_excludes'],
      handler: async (call) => {
        const policy = refreshPolicy(call);
        const body = call.jsonBody(true) as Record<string, unknown>;
        const request = parseUpdateBody(body);
        const records: WalRecord[] = [];
        const id = call.param('id');
        const name = requireAliasCheck(state, call, call.param('index'));
        const indexStore = updateTarget(state, name, request, records);
        let outcome;
        try {
          outcome = updateDocument(indexStore, id, request, preconditions(call), records);
        } finally {
          await state.commit(records);
        }
        const forced = await applyRefresh(policy, [indexStore]);
        const response = writeResponseBody(outcome, forced);
        const filter =
          body._source !== undefined ? sourceFilterFromBody(body._source) : updateSourceFilter(call);
        if (filter && outcome.doc) response.get = updateGetResult(outcome.doc, filter);
        return { status: writeStatus(outcome), body: response };
      },
    },
    { method: 'GET', path: '/_mget', params: GET_PARAMS, handler: (c) => multiGet(state, c) },
    { method: 'POST', path: '/_mget', params: GET_PARAMS, handler: (c) => multiGet(state, c) },
    { method: 'GET', path: '/{index}/_mget', params: GET_PARAMS, handler: (c) => multiGet(state, c) },
    { method: 'POST', path: '/{index}/_mget', params: GET_PARAMS, handler: (c) => multiGet(state, c) },
  ];
}

/**
 * The index an update writes to: an existing one, or one created for an upsert; without either, the update fails on
 * the missing index (TransportUpdateAction).
 */
export function updateTarget(
  state: EngineState,
  name: string,
  request: UpdateRequest,
  records: WalRecord[],
): IndexStore {
  const existing = state.resolveWriteTarget(name);
  if (existing) return existing;
  if (!(request.docAsUpsert || request.upsert)) state.resolveSingle(name);
  return state.writeTarget(name, records);
}

/** `require_alias=true`: the target must be an alias (RestIndexAction / TransportBulkAction). */
export function requireAliasCheck(state: EngineState, call: RestCall, name: string): string {
  if (call.queryBoolean('require_alias', false) && state.aliasTargets(name).length === 0) {
    throw new OpenSearchError(
      404,
      'index_not_found_exception',
      `no such index [${name}] and [require_alias] request flag is [true] and [${name}] is not an alias`,
      {
        index: name,
        'resource.id': name,
        'resource.type': 'index_expression',
        index_uuid: '_na_',
      },
    );
  }
  return name;
}

function updateSourceFilter(call: RestCall): SourceFilter | undefined {
  const q = call.request.query;
  if (q._source === undefined && q._source_includes === undefined && q._source_excludes === undefined)
    return undefined;
  return sourceFilterFromParams(q);
}

/** GetResult#toXContent for a found document. */
export function getBody(index: IndexStore, doc: StoredDoc, filter: SourceFilter): Record<string, unknown> {
  const body: Record<string, unknown> = {
    _index: index.name,
    _id: doc.id,
    _version: doc.version,
    _seq_no: doc.seqNo,
    _primary_term: doc.primaryTerm,
    found: true,
  };
  const source = renderSource(doc.source, filter, doc);
  if (source !== undefined) body._source = source;
  return body;
}

function multiGet(state: EngineState, call: RestCall): EngineResponse {
  const body = call.jsonBody(true) as Record<string, unknown>;
  const defaultIndex = call.pathParams.index;
  const defaultFilter = sourceFilterFromParams(call.request.query);
  if (call.queryBoolean('refresh', false)) for (const i of state.resolve(defaultIndex)) i.refresh();
  const realtime = call.queryBoolean('realtime', true);
  type Item = { index?: string; id?: string; filter: SourceFilter };
  const items: Item[] = [];
  for (const key of Object.keys(body)) {
    if (key !== 'docs' && key !== 'ids') {
      throw new OpenSearchError(
        400,
        'parse_exception',
        `unknown key [${key}] for a START_ARRAY, expected [docs] or [ids]`,
      );
    }
  }
  if (Array.isArray(body.docs)) {
    for (const entry of body.docs) {
      if (!isPlainObject(entry))
        throw new OpenSearchError(400, 'parse_exception', 'docs array element should include an object');
      const id = entry._id;
      items.push({
        index: typeof entry._index === 'string' ? entry._index : defaultIndex,
        id: id === undefined || id === null ? undefined : String(id),
        filter: entry._source !== undefined ? sourceFilterFromBody(entry._source) : defaultFilter,
      });
    }
  } else if (Array.isArray(body.ids)) {
    for (const id of body.ids) items.push({ index: defaultIndex, id: String(id), filter: defaultFilter });
  } else if (body.docs !== undefined || body.ids !== undefined) {
    throw new OpenSearchError(400, 'parse_exception', 'docs or ids must be an array');
  }
  const problems: string[] = [];
  if (items.length === 0) problems.push('no documents to get');
  items.forEach((item, i) => {
    if (item.index === undefined) problems.push(`index is missing for doc ${i}`);
    if (item.id === undefined) problems.push(`id is missing for doc ${i}`);
  });
  if (problems.length > 0) throw actionRequestValidation(problems);
  const docs = items.map((item) => {
    try {
      const indexStore = state.resolveSingle(item.index as string);
      const doc = realtime ? indexStore.get(item.id as string) : indexStore.searchableDoc(item.id as string);
      if (!doc) return { _index: indexStore.name, _id: item.id, found: false };
      return getBody(indexStore, doc, item.filter);
    } catch (error) {
      return { _index: item.index, _id: item.id, error: asOpenSearchError(error).toJSON() };
    }
  });
  return { status: 200, body: { docs } };
}
