import { illegalArgument } from '../errors';
import { IndexStore, StoredDoc } from '../indices/index-store';
import { renderSource, SourceFilter } from './source-filter';
import { settingInteger } from '../indices/settings';
import { RestCall } from '../rest/request';
import { WriteOutcome } from './document-writes';

export type RefreshPolicy = 'none' | 'immediate' | 'wait_for';

/** WriteRequest.RefreshPolicy#parse. */
export function refreshPolicy(call: RestCall): RefreshPolicy {
  const value = call.query('refresh');
  if (value === undefined || value === 'false') return 'none';
  if (value === '' || value === 'true') return 'immediate';
  if (value === 'wait_for') return 'wait_for';
  throw illegalArgument(`Unknown value for refresh: [${value}].`);
}

/** Makes the written indices' changes visible as the policy asks; true when a refresh was forced. */
export async function applyRefresh(policy: RefreshPolicy, indices: Iterable<IndexStore>): Promise<boolean> {
  if (policy === 'immediate') {
    for (const index of indices) index.refresh();
    return true;
  }
  if (policy === 'wait_for') await Promise.all([...indices].map((i) => i.waitForRefresh()));
  return false;
}

/** `_shards` of a write: the primary plus its (unassigned, on one node) replicas. */
export function writeShards(index: IndexStore, result: WriteOutcome['result']) {
  if (result === 'noop') return { total: 0, successful: 0, failed: 0 };
  return {
    total: 1 + settingInteger(index.meta.settings, 'index.number_of_replicas', 1),
    successful: 1,
    failed: 0,
  };
}

/** The `get` an update returns when asked for `_source` (UpdateResponse's GetResult). */
export function updateGetResult(doc: StoredDoc, filter: SourceFilter): Record<string, unknown> {
  return {
    _seq_no: doc.seqNo,
    _primary_term: doc.primaryTerm,
    found: true,
    _source: renderSource(doc.source, filter, doc),
  };
}

/** DocWriteResponse#innerToXContent. */
export function writeResponseBody(outcome: WriteOutcome, forcedRefresh: boolean): Record<string, unknown> {
  return {
    _index: outcome.index.name,
    _id: outcome.id,
    _version: outcome.version,
    result: outcome.result,
    ...(forcedRefresh && outcome.result !== 'noop' ? { forced_refresh: true } : {}),
    _shards: writeShards(outcome.index, outcome.result),
    _seq_no: outcome.seqNo,
    _primary_term: outcome.primaryTerm,
  };
}

export function writeStatus(outcome: WriteOutcome): number {
  if (outcome.result === 'created') return 201;
  if (outcome.result === 'not_found') return 404;
  return 200;
}
