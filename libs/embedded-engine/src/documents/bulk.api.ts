import { actionRequestValidation, asOpenSearchError, illegalArgument, OpenSearchError } from '../errors';
import { EngineState } from '../engine-state';
import { IndexStore } from '../indices/index-store';
import { isPlainObject, jsonParseError } from '../rest/json';
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
  WriteOutcome,
} from './document-writes';
import { requireAliasCheck, updateTarget } from './documents.api';
import { sourceFilterFromBody } from './source-filter';
import {
  applyRefresh,
  refreshPolicy,
  updateGetResult,
  writeResponseBody,
  writeStatus,
} from './write-responses';

/** An item's outcome, with the `get` an update returns when its line asks for `_source`. */
type BulkOutcome = WriteOutcome & { get?: Record<string, unknown> };

type BulkAction = 'index' | 'create' | 'update' | 'delete';
const ACTIONS: BulkAction[] = ['create', 'delete', 'index', 'update'];

/** Keys an action/metadata line may carry (BulkRequestParser). */
const METADATA_KEYS = new Set([
  '_index',
  '_id',
  'routing',
  'if_seq_no',
  'if_primary_term',
  'retry_on_conflict',
  'require_alias',
  'pipeline',
  '_source',
  'version',
  'version_type',
  'op_type',
]);

interface BulkItem {
  action: BulkAction;
  index?: string;
  id?: string;
  pre: Preconditions;
  requireAlias: boolean;
  /** The source line (index/create) or the update body line. */
  payload?: string;
  line: number;
}

/** POST /_bulk and /{index}/_bulk: NDJSON actions, each answered on its own; `errors` tells if any failed. */
export function bulkRoutes(state: EngineState): Route[] {
  const params = [
    'refresh',
    'routing',
    'timeout',
    'wait_for_active_shards',
    'require_alias',
    'pipeline',
    '_source',
    '_source_includes',
    '_source_excludes',
  ];
  const handler = (call: RestCall) => bulk(state, call);
  return [
    { method: 'POST', path: '/_bulk', params, handler },
    { method: 'PUT', path: '/_bulk', params, handler },
    { method: 'POST', path: '/{index}/_bulk', params, handler },
    { method: 'PUT', path: '/{index}/_bulk', params, handler },
  ];
}

async function bulk(state: EngineState, call: RestCall): Promise<EngineResponse> {
  const started = process.hrtime.bigint();
  const policy = refreshPolicy(call);
  const body = call.request.body ?? '';
  if (body.trim() === '') throw actionRequestValidation(['no requests added']);
  if (!body.endsWith('\n')) throw illegalArgument('The bulk request must be terminated by a newline [\\n]');
  const items = parseBulkBody(body, call.pathParams.index, call.queryBoolean('require_alias', false));

  const records: WalRecord[] = [];
  const touched = new Set<IndexStore>();
  const results = items.map((item) => {
    try {
      const outcome = executeItem(state, call, item, records);
      touched.add(outcome.index);
      return itemResponse(item, outcome);
    } catch (error) {
      const e = asOpenSearchError(error);
      return {
        [item.action]: { _index: item.index, _id: item.id ?? null, status: e.status, error: e.toJSON() },
      };
    }
  });
  await state.commit(records);
  const forced = await applyRefresh(policy, touched);
  if (forced) {
    for (const r of results) {
      const entry = Object.values(r)[0] as Record<string, unknown>;
      if (entry.result !== undefined && entry.result !== 'noop') entry.forced_refresh = true;
    }
  }
  const errors = results.some((r) => (Object.values(r)[0] as Record<string, unknown>).error !== undefined);
  const took = Number((process.hrtime.bigint() - started) / 1_000_000n);
  return { status: 200, body: { took, errors, items: results } };
}

function executeItem(state: EngineState, call: RestCall, item: BulkItem, records: WalRecord[]): BulkOutcome {
  if (item.index === undefined) throw actionRequestValidation(['index is missing']);
  const name = item.requireAlias ? requireAliasCheck(state, call, item.index) : item.index;
  switch (item.action) {
    case 'index':
    case 'create': {
      const sourceText = (item.payload as string).trim();
      const index = state.writeTarget(name, records);
      const source = parseSource(sourceText);
      return indexDocument(
        index,
        item.id ?? generateId(),
        sourceText,
        source,
        item.action,
        item.pre,
        records,
      );
    }
    case 'delete': {
      const index = state.resolveSingle(name);
      return deleteDocument(index, item.id as string, item.pre, records);
    }
    case 'update': {
      const body = parseUpdateLine(item.payload as string);
      const request = parseUpdateBody(body);
      const index = updateTarget(state, name, request, records);
      const outcome = updateDocument(index, item.id as string, request, item.pre, records);
      if (body._source !== undefined && outcome.doc) {
        return { ...outcome, get: updateGetResult(outcome.doc, sourceFilterFromBody(body._source)) };
      }
      return outcome;
    }
  }
}

function itemResponse(item: BulkItem, outcome: BulkOutcome): Record<string, unknown> {
  const entry: Record<string, unknown> = {
    ...writeResponseBody(outcome, false),
    status: writeStatus(outcome),
  };
  if (outcome.get !== undefined) entry.get = outcome.get;
  return { [item.action]: entry };
}

function parseUpdateLine(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw jsonParseError(error, text);
  }
  if (!isPlainObject(value))
    throw new OpenSearchError(400, 'x_content_parse_exception', '[UpdateRequest] Expected START_OBJECT');
  return value;
}

/**
 * BulkRequestParser: action/metadata lines and their source lines. Errors in the structure fail the whole request;
 * errors in a document fail only its item.
 */
export function parseBulkBody(
  body: string,
  defaultIndex: string | undefined,
  requireAlias: boolean,
): BulkItem[] {
  const lines = body.split('\n');
  const items: BulkItem[] = [];
  let lineNo = 0;
  while (lineNo < lines.length) {
    const raw = lines[lineNo];
    lineNo++;
    if (raw.trim() === '') continue;
    const actionLine = lineNo;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      throw jsonParseError(error, raw);
    }
    if (!isPlainObject(parsed) || Object.keys(parsed).length !== 1) {
      throw illegalArgument(
        `Malformed action/metadata line [${actionLine}], expected a simple value for field [_index] but found [START_OBJECT]`,
      );
    }
    const action = Object.keys(parsed)[0] as BulkAction;
    if (!ACTIONS.includes(action)) {
      throw illegalArgument(
        `Malformed action/metadata line [${actionLine}], expected one of [create, delete, index, update] but found [${action}]`,
      );
    }
    const meta = parsed[action];
    if (!isPlainObject(meta)) {
      throw illegalArgument(
        `Malformed action/metadata line [${actionLine}], expected START_OBJECT but found [${typeof meta}]`,
      );
    }
    for (const key of Object.keys(meta)) {
      if (!METADATA_KEYS.has(key)) {
        throw illegalArgument(`Action/metadata line [${actionLine}] contains an unknown parameter [${key}]`);
      }
    }
    if (meta.version !== undefined || meta.version_type !== undefined) {
      throw illegalArgument(
        `Action/metadata line [${actionLine}]: external versioning is not supported by the embedded engine`,
      );
    }
    const item: BulkItem = {
      action,
      index: typeof meta._index === 'string' ? meta._index : defaultIndex,
      id: meta._id === undefined || meta._id === null ? undefined : String(meta._id),
      pre: {
        ifSeqNo: meta.if_seq_no === undefined ? undefined : Number(meta.if_seq_no),
        ifPrimaryTerm: meta.if_primary_term === undefined ? undefined : Number(meta.if_primary_term),
      },
      requireAlias: meta.require_alias === undefined ? requireAlias : meta.require_alias === true,
      line: actionLine,
    };
    if (action !== 'delete') {
      if (lineNo >= lines.length || (lineNo === lines.length - 1 && lines[lineNo] === '')) {
        throw illegalArgument(`The bulk request must be terminated by a newline [\\n]`);
      }
      item.payload = lines[lineNo];
      lineNo++;
    } else if (item.id === undefined) {
      throw actionRequestValidation([`id is missing`]);
    }
    if (action === 'update' && item.id === undefined) throw actionRequestValidation(['id is missing']);
    items.push(item);
  }
  return items;
}
