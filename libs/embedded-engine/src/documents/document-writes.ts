import { randomBytes } from 'node:crypto';
import {
  actionRequestValidation,
  documentMissing,
  illegalArgument,
  mapperParsing,
  OpenSearchError,
  versionConflict,
} from '../errors';
import { IndexStore, StoredDoc } from '../indices/index-store';
import { settingInteger } from '../indices/settings';
import { isPlainObject, jsonParseError } from '../rest/json';
import { WalRecord } from '../storage/records';

export type WriteResult = 'created' | 'updated' | 'deleted' | 'not_found' | 'noop';

/** The outcome of one document write, as the _doc, _update, _create and _bulk responses report it. */
export interface WriteOutcome {
  index: IndexStore;
  id: string;
  version: number;
  seqNo: number;
  primaryTerm: number;
  result: WriteResult;
  /** The stored document after the write (for `_source` in update responses). */
  doc?: StoredDoc;
}

export interface Preconditions {
  ifSeqNo?: number;
  ifPrimaryTerm?: number;
}

const MAX_ID_BYTES = 512;

/** OpenSearch's auto-generated ids are 20-character URL-safe base64 strings (UUIDs.base64UUID). */
export function generateId(): string {
  return randomBytes(15).toString('base64url');
}

export function validateId(id: string): void {
  const bytes = Buffer.byteLength(id, 'utf8');
  if (bytes > MAX_ID_BYTES) {
    throw actionRequestValidation([
      `id [${id}] is too long, must be no longer than 512 bytes but was: ${bytes}`,
    ]);
  }
}

/** Parses a `_source` text; anything but a JSON object is refused as the document parser refuses it. */
export function parseSource(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw mapperParsing('failed to parse', jsonParseError(error, text));
  }
  if (!isPlainObject(value)) {
    throw mapperParsing(
      'failed to parse',
      new OpenSearchError(
        400,
        'not_x_content_exception',
        'Compressor detection can only be called on some xcontent bytes or compressed xcontent bytes',
      ),
    );
  }
  return value;
}

export function checkPreconditions(
  index: IndexStore,
  id: string,
  existing: { seqNo: number; primaryTerm: number } | undefined,
  pre: Preconditions,
): void {
  if (pre.ifSeqNo === undefined && pre.ifPrimaryTerm === undefined) return;
  if (pre.ifSeqNo === undefined || pre.ifPrimaryTerm === undefined || pre.ifPrimaryTerm <= 0) {
    const problems: string[] = [];
    if (pre.ifSeqNo !== undefined && (pre.ifPrimaryTerm === undefined || pre.ifPrimaryTerm <= 0)) {
      problems.push(`ifSeqNo is set, but primary term is [${pre.ifPrimaryTerm ?? 0}]`);
    }
    if (pre.ifSeqNo === undefined)
      problems.push('ifSeqNo is unassigned, but primary term is [' + pre.ifPrimaryTerm + ']');
    throw actionRequestValidation(problems);
  }
  const required = `required seqNo [${pre.ifSeqNo}], primary term [${pre.ifPrimaryTerm}].`;
  if (!existing) {
    throw versionConflict(id, `${required} but no document was found`, index.name, index.uuid);
  }
  if (existing.seqNo !== pre.ifSeqNo || existing.primaryTerm !== pre.ifPrimaryTerm) {
    throw versionConflict(
      id,
      `${required} current document has seqNo [${existing.seqNo}] and primary term [${existing.primaryTerm}]`,
      index.name,
      index.uuid,
    );
  }
}

/**
 * Index or create one document (InternalEngine#index): checks preconditions, parses the source against the mappings
 * (adding dynamic fields), assigns version and sequence number, and records the change.
 */
export function indexDocument(
  index: IndexStore,
  id: string,
  sourceText: string,
  source: Record<string, unknown>,
  opType: 'index' | 'create',
  pre: Preconditions,
  records: WalRecord[],
): WriteOutcome {
  validateId(id);
  const existing = index.get(id);
  if (opType === 'create' && existing) {
    throw versionConflict(
      id,
      `document already exists (current version [${existing.version}])`,
      index.name,
      index.uuid,
    );
  }
  checkPreconditions(index, id, existing, pre);
  const ctx = { knnEnabled: index.knnEnabled };
  const parsed = index.meta.mappings.parseDocument(id, source, ctx);
  if (parsed.updatedMappings) {
    checkFieldLimit(index, parsed.updatedMappings.fields().length);
    index.meta.mappings = parsed.updatedMappings;
    records.push({ op: 'put_mapping', index: index.name, mappings: parsed.updatedMappings.toJSON() });
  }
  const previousVersion = existing?.version ?? index.tombstone(id)?.version ?? 0;
  const doc: StoredDoc = {
    id,
    version: previousVersion + 1,
    seqNo: index.nextSeqNo(),
    primaryTerm: index.primaryTerm,
    source: sourceText,
  };
  index.put(doc, parsed.fields);
  records.push({
    op: 'index',
    index: index.name,
    id,
    version: doc.version,
    seqNo: doc.seqNo,
    primaryTerm: doc.primaryTerm,
    source: sourceText,
  });
  return {
    index,
    id,
    version: doc.version,
    seqNo: doc.seqNo,
    primaryTerm: doc.primaryTerm,
    result: existing ? 'updated' : 'created',
    doc,
  };
}

/** Delete one document; a missing one still takes a sequence number and answers `not_found` (InternalEngine#delete). */
export function deleteDocument(
  index: IndexStore,
  id: string,
  pre: Preconditions,
  records: WalRecord[],
): WriteOutcome {
  const existing = index.get(id);
  checkPreconditions(index, id, existing, pre);
  const previousVersion = existing?.version ?? index.tombstone(id)?.version ?? 0;
  const version = previousVersion + 1;
  const seqNo = index.nextSeqNo();
  index.remove(id, { version, seqNo, primaryTerm: index.primaryTerm, deletedAt: Date.now() });
  records.push({ op: 'delete', index: index.name, id, version, seqNo, primaryTerm: index.primaryTerm });
  return {
    index,
    id,
    version,
    seqNo,
    primaryTerm: index.primaryTerm,
    result: existing ? 'deleted' : 'not_found',
  };
}

export interface UpdateRequest {
  doc?: Record<string, unknown>;
  upsert?: Record<string, unknown>;
  docAsUpsert: boolean;
  detectNoop: boolean;
  scriptedUpsert: boolean;
}

const UPDATE_FIELDS = new Set([
  'doc',
  'upsert',
  'doc_as_upsert',
  'detect_noop',
  'script',
  'scripted_upsert',
  '_source',
  'if_seq_no',
  'if_primary_term',
]);

/** Reads an _update body (UpdateRequest#fromXContent) with OpenSearch's validation. */
export function parseUpdateBody(body: Record<string, unknown>): UpdateRequest {
  for (const key of Object.keys(body)) {
    if (!UPDATE_FIELDS.has(key)) {
      throw new OpenSearchError(
        400,
        'x_content_parse_exception',
        `[1:2] [UpdateRequest] unknown field [${key}]`,
      );
    }
  }
  if (body.script !== undefined) {
    throw illegalArgument('[script] updates are not supported by the embedded engine; use [doc] or [upsert]');
  }
  const objectField = (name: string): Record<string, unknown> | undefined => {
    const v = body[name];
    if (v === undefined || v === null) return undefined;
    if (!isPlainObject(v)) {
      throw new OpenSearchError(
        400,
        'x_content_parse_exception',
        `[1:2] [UpdateRequest] failed to parse field [${name}]`,
      );
    }
    return v;
  };
  const boolField = (name: string, fallback: boolean): boolean => {
    const v = body[name];
    if (v === undefined) return fallback;
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    throw new OpenSearchError(
      400,
      'x_content_parse_exception',
      `[1:2] [UpdateRequest] failed to parse field [${name}]`,
    );
  };
  const request: UpdateRequest = {
    doc: objectField('doc'),
    upsert: objectField('upsert'),
    docAsUpsert: boolField('doc_as_upsert', false),
    detectNoop: boolField('detect_noop', true),
    scriptedUpsert: boolField('scripted_upsert', false),
  };
  if (!request.doc) throw actionRequestValidation(['script or doc is missing']);
  if (request.docAsUpsert && request.upsert) {
    throw actionRequestValidation(["upsert requests don't support `doc_as_upsert`"]);
  }
  return request;
}

/** Partial update (UpdateHelper#prepareUpdateIndexRequest): merge `doc` into the source, or upsert when missing. */
export function updateDocument(
  index: IndexStore,
  id: string,
  request: UpdateRequest,
  pre: Preconditions,
  records: WalRecord[],
): WriteOutcome {
  const existing = index.get(id);
  if (!existing) {
    const upsert = request.docAsUpsert ? request.doc : request.upsert;
    if (!upsert) throw documentMissing(id, index.name, index.uuid);
    checkPreconditions(index, id, undefined, pre);
    return indexDocument(index, id, JSON.stringify(upsert), upsert, 'create', {}, records);
  }
  checkPreconditions(index, id, existing, pre);
  const current = JSON.parse(existing.source) as Record<string, unknown>;
  const changed = mergeInto(current, request.doc as Record<string, unknown>);
  if (!changed && request.detectNoop) {
    return {
      index,
      id,
      version: existing.version,
      seqNo: existing.seqNo,
      primaryTerm: existing.primaryTerm,
      result: 'noop',
      doc: existing,
    };
  }
  const outcome = indexDocument(index, id, JSON.stringify(current), current, 'index', {}, records);
  return { ...outcome, result: 'updated' };
}

/** XContentHelper#update: objects merge recursively, everything else is replaced. Returns whether anything changed. */
export function mergeInto(target: Record<string, unknown>, changes: Record<string, unknown>): boolean {
  let changed = false;
  for (const [key, value] of Object.entries(changes)) {
    const old = target[key];
    if (isPlainObject(old) && isPlainObject(value)) {
      if (mergeInto(old, value)) changed = true;
      continue;
    }
    if (!(key in target) || !deepEqual(old, value)) changed = true;
    target[key] = value;
  }
  return changed;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

/** index.mapping.total_fields.limit (default 1000), MappingLookup#checkFieldLimit. */
function checkFieldLimit(index: IndexStore, fieldCount: number): void {
  const limit = settingInteger(index.meta.settings, 'index.mapping.total_fields.limit', 1000);
  if (fieldCount > limit) {
    throw illegalArgument(`Limit of total fields [${limit}] in index [${index.name}] has been exceeded`);
  }
}
