import {
  Member,
  MemberEdge,
  MemberEdgeKind,
  memberEdgeId,
  Place,
  toMemberDocument,
  toMemberEdgeDocument,
  toPlaceDocument,
} from '@app/catalog';
import { Client } from '@opensearch-project/opensearch';
import { BackoffPolicy, backoffDelay, sleep } from './backoff';
import { engineRequest, segment } from './engine-request';
import {
  describeErrorObject,
  isFrozenAliasFailure,
  isTransientEngineError,
  SearchEngineError,
} from './engine-errors';
import { SearchLog, SILENT_LOG } from './search-log';
import { CatalogIndexKind, SearchNames } from './search-names';

/**
 * When a write becomes visible to searches:
 * - `none`: within the index's refresh interval (1 s); for bulk loads, followed by one `refresh()` at the end;
 * - `wait_for`: the call returns once a refresh has made it visible (read-your-writes without forcing refreshes);
 * - `immediate`: forces a refresh now (costly under load; tests and one-off operator writes).
 */
export type RefreshPolicy = 'none' | 'wait_for' | 'immediate';

/** What happened to one item: `exists` is a create of something already there (left unchanged). */
export type WriteOutcome = 'created' | 'updated' | 'deleted' | 'not_found' | 'exists' | 'failed';

export interface WriteResult {
  id: string;
  result: WriteOutcome;
  /** the engine's status for this item (201, 200, 404, 409, 400, ...) */
  status: number;
  error?: { type: string; reason: string };
}

/** A relationship named by its ends, for deletes. */
export interface MemberEdgeKey {
  kind: MemberEdgeKind;
  a: string;
  b: string;
}

export interface CatalogRepositoryOptions {
  names: SearchNames;
  /**
   * How long a write keeps retrying items the engine could not take yet: transient failures, and an alias whose
   * writes a reindex holds back while it copies the last changes. Past it the items fail (status 503).
   */
  writeRetryMs?: number;
  backoff?: BackoffPolicy;
  /** items per `_bulk` request */
  bulkSize?: number;
  requestTimeoutMs?: number;
  log?: SearchLog;
}

interface WriteOp {
  action: 'index' | 'create' | 'delete' | 'update';
  id: string;
  document?: object;
}

interface BulkItemAnswer {
  _id?: string;
  status: number;
  result?: string;
  error?: unknown;
}
interface BulkAnswer {
  errors: boolean;
  items: Record<string, BulkItemAnswer>[];
}
interface MgetAnswer {
  docs: { _id: string; found?: boolean; _source?: Record<string, unknown> }[];
}

const DEFAULT_WRITE_RETRY_MS = 30_000;
const DEFAULT_BULK_SIZE = 1_000;
const WRITE_BACKOFF: BackoffPolicy = {
  maxAttempts: Infinity,
  initialDelayMs: 50,
  maxDelayMs: 1_000,
  multiplier: 2,
};
/** Item statuses worth retrying: too many requests, unavailable. */
const TRANSIENT_ITEM_STATUSES = new Set([429, 503]);

/** A member's counters of the last 7 days (MemberStats), as the networking ranking script reads them. */
export interface MemberCounters {
  readonly id: string;
  readonly impressions7d: number;
  readonly likesReceived7d: number;
}

/**
 * The catalog in the engine: places, members and the edges between members, written through their aliases with one
 * result per item. Writes are idempotent (documents are put whole, by id, and members' counters set by partial
 * updates; edges have deterministic ids). Every write sets `require_alias`, so a missing alias fails the write
 * instead of creating an index without mappings.
 */
export class CatalogRepository {
  private readonly names: SearchNames;
  private readonly writeRetryMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly bulkSize: number;
  private readonly log: SearchLog;

  constructor(
    private readonly client: Client,
    private readonly options: CatalogRepositoryOptions,
  ) {
    this.names = options.names;
    this.writeRetryMs = options.writeRetryMs ?? DEFAULT_WRITE_RETRY_MS;
    this.backoff = options.backoff ?? WRITE_BACKOFF;
    this.bulkSize = options.bulkSize ?? DEFAULT_BULK_SIZE;
    this.log = options.log ?? SILENT_LOG;
  }

  /** Puts places whole (created or replaced), in input order. The places must be valid (validatePlace). */
  putPlaces(places: Place[], refresh: RefreshPolicy): Promise<WriteResult[]> {
    return this.write(
      'places',
      places.map((place) => ({ action: 'index', id: place.id, document: toPlaceDocument(place) })),
      refresh,
    );
  }

  deletePlaces(ids: string[], refresh: RefreshPolicy): Promise<WriteResult[]> {
    return this.write(
      'places',
      ids.map((id) => ({ action: 'delete', id })),
      refresh,
    );
  }

  /** Puts members whole (created or replaced). The members must be valid (validateMember). */
  putMembers(members: Member[], refresh: RefreshPolicy): Promise<WriteResult[]> {
    return this.write(
      'members',
      members.map((member) => ({ action: 'index', id: member.id, document: toMemberDocument(member) })),
      refresh,
    );
  }

  deleteMembers(ids: string[], refresh: RefreshPolicy): Promise<WriteResult[]> {
    return this.write(
      'members',
      ids.map((id) => ({ action: 'delete', id })),
      refresh,
    );
  }

  /**
   * Puts edges under their deterministic ids. With `keepExisting`, an edge already stored is left as it is (its
   * original `createdAt` kept) and reported as `exists`.
   */
  putEdges(edges: MemberEdge[], refresh: RefreshPolicy, keepExisting: boolean): Promise<WriteResult[]> {
    return this.write(
      'member_edges',
      edges.map((edge) => {
        const { id, document } = toMemberEdgeDocument(edge);
        return { action: keepExisting ? 'create' : 'index', id, document };
      }),
      refresh,
    );
  }

  deleteEdges(edges: MemberEdgeKey[], refresh: RefreshPolicy): Promise<WriteResult[]> {
    return this.write(
      'member_edges',
      edges.map((edge) => ({ action: 'delete', id: memberEdgeId(edge.kind, edge.a, edge.b) })),
      refresh,
    );
  }

  /** The categories of each place found (one `_mget`); unknown ids are left out. */
  async placeCategories(ids: string[]): Promise<Map<string, string[]>> {
    return this.stringListField('places', ids, 'categories');
  }

  /** The industries of each member found (one `_mget`); unknown ids are left out. */
  async memberIndustries(ids: string[]): Promise<Map<string, string[]>> {
    return this.stringListField('members', ids, 'industries');
  }

  /** Documents behind an alias (as of the last refresh). */
  async count(kind: CatalogIndexKind): Promise<number> {
    const answer = await this.request<{ count: number }>(`counting ${kind}`, {
      method: 'GET',
      path: `/${segment(this.names.alias(kind))}/_count`,
    });
    return answer.count;
  }

  /** Which of these ids exist (one `_mget`, no sources). */
  async existing(kind: CatalogIndexKind, ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const answer = await this.request<MgetAnswer>(`looking up ${kind}`, {
      method: 'POST',
      path: `/${segment(this.names.alias(kind))}/_mget`,
      querystring: { _source: false },
      body: { ids },
    });
    return new Set(answer.docs.filter((d) => d.found).map((d) => d._id));
  }

  /** Makes every write so far visible to searches (after loads written with refresh `none`). */
  async refresh(kinds: CatalogIndexKind[]): Promise<void> {
    const aliases = kinds.map((k) => this.names.alias(k)).join(',');
    await this.request(`refreshing ${aliases}`, { method: 'POST', path: `/${segment(aliases)}/_refresh` });
  }

  /**
   * The 7-day counters the networking ranking reads, of up to `size` members after the id `after` (in id order): one
   * page of a pass over every member.
   */
  async memberCountersPage(after: string | undefined, size: number): Promise<MemberCounters[]> {
    const answer = await this.request<{
      hits: { hits: { _id: string; _source?: { stats?: Partial<MemberCounters> } }[] };
    }>('reading member stats', {
      method: 'POST',
      path: `/${segment(this.names.alias('members'))}/_search`,
      body: {
        size,
        track_total_hits: false,
        _source: ['stats.impressions7d', 'stats.likesReceived7d'],
        sort: [{ id: 'asc' }],
        ...(after !== undefined && { search_after: [after] }),
      },
    });
    return answer.hits.hits.map((hit) => ({
      id: hit._id,
      impressions7d: hit._source?.stats?.impressions7d ?? 0,
      likesReceived7d: hit._source?.stats?.likesReceived7d ?? 0,
    }));
  }

  /**
   * Sets these members' 7-day counters with partial updates (the rest of each document stays as it is); a member
   * deleted meanwhile is reported failed (404), not created again.
   */
  updateMemberCounters(counters: MemberCounters[], refresh: RefreshPolicy): Promise<WriteResult[]> {
    return this.write(
      'members',
      counters.map(({ id, impressions7d, likesReceived7d }) => ({
        action: 'update',
        id,
        document: { doc: { stats: { impressions7d, likesReceived7d } } },
      })),
      refresh,
    );
  }

  private async stringListField(
    kind: CatalogIndexKind,
    ids: string[],
    field: string,
  ): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    const unique = [...new Set(ids)];
    if (unique.length === 0) return found;
    const answer = await this.request<MgetAnswer>(`reading ${field} of ${kind}`, {
      method: 'POST',
      path: `/${segment(this.names.alias(kind))}/_mget`,
      querystring: { _source_includes: field },
      body: { ids: unique },
    });
    for (const doc of answer.docs) {
      const value = doc._source?.[field];
      if (doc.found && Array.isArray(value))
        found.set(
          doc._id,
          value.filter((v): v is string => typeof v === 'string'),
        );
    }
    return found;
  }

  private async request<T>(action: string, call: Parameters<typeof engineRequest>[1]): Promise<T> {
    try {
      return (await engineRequest<T>(this.client, call, this.timeout())).body;
    } catch (error) {
      throw new SearchEngineError(action, error);
    }
  }

  private timeout() {
    return this.options.requestTimeoutMs === undefined
      ? {}
      : { requestTimeoutMs: this.options.requestTimeoutMs };
  }

  /** One `_bulk` per `bulkSize` items; items the engine cannot take yet are retried until `writeRetryMs`. */
  private async write(
    kind: CatalogIndexKind,
    ops: WriteOp[],
    refresh: RefreshPolicy,
  ): Promise<WriteResult[]> {
    const results: WriteResult[] = new Array(ops.length);
    for (let start = 0; start < ops.length; start += this.bulkSize) {
      const chunk = ops.slice(start, start + this.bulkSize).map((op, i) => ({ op, position: start + i }));
      await this.writeChunk(kind, chunk, refresh, results);
    }
    return results;
  }

  private async writeChunk(
    kind: CatalogIndexKind,
    chunk: { op: WriteOp; position: number }[],
    refresh: RefreshPolicy,
    results: WriteResult[],
  ): Promise<void> {
    const alias = this.names.alias(kind);
    const deadline = Date.now() + this.writeRetryMs;
    let pending = chunk;
    for (let retry = 1; pending.length > 0; retry++) {
      let answer: BulkAnswer;
      try {
        answer = await this.bulk(alias, pending, refresh);
      } catch (error) {
        // Nothing is known of this request's items; resending is safe, since every write is idempotent.
        if (!isTransientEngineError(error) || Date.now() >= deadline) {
          throw new SearchEngineError(`writing ${pending.length} ${kind}`, error);
        }
        await this.pause(kind, retry, `engine unavailable (${(error as Error).message})`);
        continue;
      }
      const retryLater: typeof pending = [];
      let waitReason = '';
      answer.items.forEach((entry, i) => {
        const item = pending[i];
        const outcome = toWriteResult(item.op, entry);
        if (outcome.error && isRetryableItem(outcome) && Date.now() < deadline) {
          retryLater.push(item);
          waitReason = outcome.error.reason;
        } else {
          results[item.position] =
            outcome.error && isRetryableItem(outcome) ? { ...outcome, status: 503 } : outcome;
        }
      });
      pending = retryLater;
      if (pending.length > 0) await this.pause(kind, retry, waitReason);
    }
  }

  private async pause(kind: CatalogIndexKind, retry: number, reason: string): Promise<void> {
    const delay = backoffDelay(this.backoff, retry);
    if (retry === 1 || retry % 10 === 0)
      this.log.warn(`writes to ${kind} wait (${reason}); retry ${retry} in ${delay} ms`);
    await sleep(delay);
  }

  private async bulk(alias: string, items: { op: WriteOp }[], refresh: RefreshPolicy): Promise<BulkAnswer> {
    const lines: unknown[] = [];
    for (const { op } of items) {
      lines.push({ [op.action]: { _index: alias, _id: op.id } });
      if (op.action !== 'delete') lines.push(op.document);
    }
    const answer = await engineRequest<BulkAnswer>(
      this.client,
      {
        method: 'POST',
        path: '/_bulk',
        bulkBody: lines,
        querystring: {
          require_alias: true,
          refresh: refresh === 'none' ? undefined : refresh === 'wait_for' ? 'wait_for' : 'true',
        },
      },
      this.timeout(),
    );
    return answer.body;
  }
}

function isRetryableItem(result: WriteResult): boolean {
  return (
    TRANSIENT_ITEM_STATUSES.has(result.status) ||
    (result.error !== undefined && isFrozenAliasFailure(result.error))
  );
}

function toWriteResult(op: WriteOp, entry: Record<string, BulkItemAnswer>): WriteResult {
  const item = entry[op.action] ?? Object.values(entry)[0];
  const status = item.status;
  if (item.error !== undefined) {
    if (op.action === 'create' && status === 409) return { id: op.id, result: 'exists', status: 200 };
    return { id: op.id, result: 'failed', status, error: describeErrorObject(item.error) };
  }
  const result: WriteOutcome =
    item.result === 'created' ||
    item.result === 'updated' ||
    item.result === 'deleted' ||
    item.result === 'not_found'
      ? item.result
      : 'updated';
  return { id: op.id, result, status };
}
