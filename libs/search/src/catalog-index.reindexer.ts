import { Client } from '@opensearch-project/opensearch';
import { sleep } from './backoff';
import { EngineCalls, EngineCallsOptions } from './engine-calls';
import { describeErrorObject } from './engine-errors';
import { segment } from './engine-request';
import { SearchLog, SILENT_LOG } from './search-log';
import { CATALOG_INDEX_SORT_KEYS, CatalogIndexKind, SearchNames } from './search-names';

export type ReindexPhase = 'copy' | 'catch-up' | 'final' | 'swap';

export interface ReindexProgress {
  phase: ReindexPhase;
  /** documents written to the new index so far in this phase */
  done: number;
  /** documents to write in this phase (for `copy`, the count when the copy started) */
  total: number;
}

export interface ReindexOptions {
  onProgress?: (progress: ReindexProgress) => void;
  /** delete the old index after the swap (default: keep it, for a rollback by alias) */
  deleteOld?: boolean;
}

export interface ReindexReport {
  kind: CatalogIndexKind;
  alias: string;
  from: string;
  to: string;
  /** documents copied by the first pass */
  copied: number;
  /** documents written or deleted again because they changed during the copy */
  replayed: number;
  /** catch-up passes run while writes continued */
  catchUpPasses: number;
  /** how long writes were held back (the final pass and the swap) */
  writesHeldMs: number;
  oldIndexDeleted: boolean;
  tookMs: number;
}

export interface CatalogReindexerOptions extends EngineCallsOptions {
  names: SearchNames;
  /** documents per page of the copy (default 1,000) */
  pageSize?: number;
  /** catch-up passes while writes continue, before writes are held back for the last one (default 3) */
  maxCatchUpPasses?: number;
  /** stop catching up once a pass replays at most this many documents (default 100) */
  catchUpThreshold?: number;
  /**
   * After holding writes back, wait this long for writes already routed to the old index to finish (default
   * 1,000 ms; OpenSearch resolves an alias when a request arrives, so a bulk may still be running on the old index).
   */
  inFlightGraceMs?: number;
  log?: SearchLog;
}

interface Hit {
  _id: string;
  _version?: number;
  _source?: Record<string, unknown>;
  sort?: unknown[];
}
interface SearchAnswer {
  hits: { total?: { value: number } | number; hits: Hit[] };
}
type AliasAnswer = Record<string, { aliases?: Record<string, { is_write_index?: boolean }> }>;
interface BulkAnswer {
  errors: boolean;
  items: Record<string, { status: number; error?: unknown }>[];
}

/** Ids and versions pages are as large as a search may return (index.max_result_window). */
const ID_PAGE_SIZE = 10_000;

/**
 * Rebuilds the index behind a catalog alias from the current template (`places_v3` → `places_v4`) and swaps the
 * alias, while reads go on against the old index and writes keep flowing.
 *
 * How no write is lost (replay, then a short hold):
 * 1. create `<alias>_v{N+1}` (the template gives it the current mappings);
 * 2. copy every document, paging the old index by a unique key with `search_after`, remembering each id's `_version`
 *    (every write to a document raises it);
 * 3. catch up while writes continue: list ids and versions of the old index, and write again what changed
 *    (new or newer version) and delete what disappeared; repeat while passes still find many changes;
 * 4. hold writes back: mark the old index `is_write_index: false` on the alias, so writes through it fail with "no
 *    write index" — CatalogRepository retries exactly that failure with backoff, so callers wait instead of failing;
 * 5. wait for writes in flight, refresh the old index, and run the last catch-up pass: nothing can change under it;
 * 6. swap the alias in one `_aliases` call (remove from the old index, add to the new one): reads and the held
 *    writes move together. The old index is kept (rollback: point the alias back) unless `deleteOld`.
 * Writes are held only for the last pass, which lists ids and versions of the old index (no sources) and replays the
 * few changes since the previous pass. If anything fails, writes are released and the new index deleted.
 */
export class CatalogReindexer {
  private readonly calls: EngineCalls;
  private readonly names: SearchNames;
  private readonly pageSize: number;
  private readonly maxCatchUpPasses: number;
  private readonly catchUpThreshold: number;
  private readonly inFlightGraceMs: number;
  private readonly log: SearchLog;

  constructor(client: Client, options: CatalogReindexerOptions) {
    this.calls = new EngineCalls(client, options);
    this.names = options.names;
    this.pageSize = options.pageSize ?? 1_000;
    this.maxCatchUpPasses = options.maxCatchUpPasses ?? 3;
    this.catchUpThreshold = options.catchUpThreshold ?? 100;
    this.inFlightGraceMs = options.inFlightGraceMs ?? 1_000;
    this.log = options.log ?? SILENT_LOG;
    if (!Number.isInteger(this.pageSize) || this.pageSize < 1 || this.pageSize > ID_PAGE_SIZE) {
      throw new RangeError(
        `reindex pageSize must be an integer in [1, ${ID_PAGE_SIZE}], got ${this.pageSize}`,
      );
    }
  }

  async reindex(kind: CatalogIndexKind, options: ReindexOptions = {}): Promise<ReindexReport> {
    const started = Date.now();
    const alias = this.names.alias(kind);
    const from = await this.currentIndex(alias);
    const to = this.names.physicalIndex(kind, (await this.highestVersion(kind)) + 1);
    const progress = options.onProgress ?? (() => undefined);

    await this.calls.send(`creating index ${to}`, { method: 'PUT', path: `/${segment(to)}` });
    this.log.info(`reindexing ${alias}: ${from} → ${to}`);
    let held = false;
    let heldSince = 0;
    try {
      const copiedVersions = new Map<string, number>();
      const copied = await this.copyAll(kind, from, to, copiedVersions, progress);

      let replayed = 0;
      let passes = 0;
      while (passes < this.maxCatchUpPasses) {
        passes++;
        const changes = await this.catchUp(kind, from, to, copiedVersions, 'catch-up', progress);
        replayed += changes;
        if (changes <= this.catchUpThreshold) break;
      }

      await this.holdWrites(alias, from);
      held = true;
      heldSince = Date.now();
      if (this.inFlightGraceMs > 0) await sleep(this.inFlightGraceMs);
      await this.calls.send(`refreshing ${from}`, { method: 'POST', path: `/${segment(from)}/_refresh` });
      replayed += await this.catchUp(kind, from, to, copiedVersions, 'final', progress);
      await this.calls.send(`refreshing ${to}`, { method: 'POST', path: `/${segment(to)}/_refresh` });

      progress({ phase: 'swap', done: 0, total: 1 });
      await this.calls.send(`swapping alias ${alias} from ${from} to ${to}`, {
        method: 'POST',
        path: '/_aliases',
        body: { actions: [{ remove: { index: from, alias } }, { add: { index: to, alias } }] },
      });
      held = false;
      const writesHeldMs = Date.now() - heldSince;
      progress({ phase: 'swap', done: 1, total: 1 });
      this.log.info(`alias ${alias} now points to ${to} (writes held ${writesHeldMs} ms)`);

      let oldIndexDeleted = false;
      if (options.deleteOld) {
        await this.calls.send(`deleting ${from}`, { method: 'DELETE', path: `/${segment(from)}` });
        oldIndexDeleted = true;
      }
      return {
        kind,
        alias,
        from,
        to,
        copied,
        replayed,
        catchUpPasses: passes,
        writesHeldMs,
        oldIndexDeleted,
        tookMs: Date.now() - started,
      };
    } catch (error) {
      await this.abandon(alias, from, to, held);
      throw error;
    }
  }

  /** The one index behind the alias, refusing an alias whose writes are already held (another reindex). */
  private async currentIndex(alias: string): Promise<string> {
    const answer = await this.calls.send<AliasAnswer>(
      `reading alias ${alias}`,
      { method: 'GET', path: `/_alias/${segment(alias)}` },
      { ignore: [404] },
    );
    const indices = answer.statusCode === 404 ? [] : Object.keys(answer.body);
    if (indices.length !== 1) {
      throw new Error(
        indices.length === 0
          ? `alias ${alias} does not exist: run search:install first`
          : `alias ${alias} points to ${indices.join(', ')}; a reindex needs exactly one index behind it`,
      );
    }
    const [index] = indices;
    if (answer.body[index].aliases?.[alias]?.is_write_index === false) {
      throw new Error(
        `writes to ${alias} are held (is_write_index is false on ${index}): another reindex is running, or one ` +
          `stopped half-way; if none is running, release them with ` +
          `POST /_aliases {"actions":[{"add":{"index":"${index}","alias":"${alias}","is_write_index":true}}]}`,
      );
    }
    return index;
  }

  /** The highest version among existing physical indices, so a leftover of a failed run is never reused. */
  private async highestVersion(kind: CatalogIndexKind): Promise<number> {
    const answer = await this.calls.send<Record<string, unknown>>(
      `listing indices ${this.names.physicalPattern(kind)}`,
      { method: 'GET', path: `/${segment(this.names.physicalPattern(kind))}/_alias` },
      { ignore: [404] },
    );
    const versions = Object.keys(answer.statusCode === 404 ? {} : answer.body)
      .map((name) => this.names.versionOf(kind, name))
      .filter((v): v is number => v !== undefined);
    return Math.max(0, ...versions);
  }

  private async copyAll(
    kind: CatalogIndexKind,
    from: string,
    to: string,
    copiedVersions: Map<string, number>,
    progress: (p: ReindexProgress) => void,
  ): Promise<number> {
    const total = await this.count(from);
    let done = 0;
    progress({ phase: 'copy', done, total });
    let after: unknown[] | undefined;
    for (;;) {
      const hits = await this.page(kind, from, this.pageSize, true, after);
      if (hits.length === 0) break;
      await this.writeDocuments(to, hits);
      for (const hit of hits) copiedVersions.set(hit._id, hit._version ?? 0);
      done += hits.length;
      progress({ phase: 'copy', done, total: Math.max(total, done) });
      after = hits[hits.length - 1].sort;
    }
    return done;
  }

  /**
   * Compares ids and versions of the old index with what was copied; writes again what is new or changed, deletes
   * what is gone. Returns how many documents it wrote or deleted.
   */
  private async catchUp(
    kind: CatalogIndexKind,
    from: string,
    to: string,
    copiedVersions: Map<string, number>,
    phase: 'catch-up' | 'final',
    progress: (p: ReindexProgress) => void,
  ): Promise<number> {
    const present = new Set<string>();
    const changed: string[] = [];
    let after: unknown[] | undefined;
    for (;;) {
      const hits = await this.page(kind, from, ID_PAGE_SIZE, false, after);
      if (hits.length === 0) break;
      for (const hit of hits) {
        present.add(hit._id);
        if (copiedVersions.get(hit._id) !== (hit._version ?? 0)) changed.push(hit._id);
      }
      after = hits[hits.length - 1].sort;
    }
    const gone = [...copiedVersions.keys()].filter((id) => !present.has(id));
    const total = changed.length + gone.length;
    let done = 0;
    progress({ phase, done, total });
    for (let start = 0; start < changed.length; start += this.pageSize) {
      const ids = changed.slice(start, start + this.pageSize);
      const docs = await this.fetch(from, ids);
      // An id listed a moment ago may have been deleted since: the next pass (or the final one) sees it gone.
      await this.writeDocuments(to, docs);
      for (const doc of docs) copiedVersions.set(doc._id, doc._version ?? 0);
      done += ids.length;
      progress({ phase, done, total });
    }
    for (let start = 0; start < gone.length; start += this.pageSize) {
      const ids = gone.slice(start, start + this.pageSize);
      await this.deleteDocuments(to, ids);
      for (const id of ids) copiedVersions.delete(id);
      done += ids.length;
      progress({ phase, done, total });
    }
    if (total > 0)
      this.log.info(`${phase} pass of ${from}: ${changed.length} changed, ${gone.length} deleted`);
    return total;
  }

  private async page(
    kind: CatalogIndexKind,
    index: string,
    size: number,
    withSource: boolean,
    after: unknown[] | undefined,
  ): Promise<Hit[]> {
    const answer = await this.calls.send<SearchAnswer>(`reading ${index}`, {
      method: 'POST',
      path: `/${segment(index)}/_search`,
      body: {
        size,
        query: { match_all: {} },
        sort: CATALOG_INDEX_SORT_KEYS[kind].map((field) => ({ [field]: 'asc' })),
        version: true,
        _source: withSource,
        track_total_hits: false,
        ...(after && { search_after: after }),
      },
    });
    return answer.body.hits.hits;
  }

  private async fetch(index: string, ids: string[]): Promise<Hit[]> {
    const answer = await this.calls.send<{ docs: (Hit & { found?: boolean })[] }>(
      `reading ${ids.length} from ${index}`,
      {
        method: 'POST',
        path: `/${segment(index)}/_mget`,
        body: { ids },
      },
    );
    // _mget gives no `_version` unless asked; it does by default in OpenSearch, and the embedded engine too.
    return answer.body.docs.filter((doc) => doc.found);
  }

  private async count(index: string): Promise<number> {
    const answer = await this.calls.send<{ count: number }>(`counting ${index}`, {
      method: 'GET',
      path: `/${segment(index)}/_count`,
    });
    return answer.body.count;
  }

  private async writeDocuments(index: string, hits: Hit[]): Promise<void> {
    if (hits.length === 0) return;
    const lines: unknown[] = [];
    for (const hit of hits) lines.push({ index: { _index: index, _id: hit._id } }, hit._source ?? {});
    await this.bulk(index, lines);
  }

  private async deleteDocuments(index: string, ids: string[]): Promise<void> {
    await this.bulk(
      index,
      ids.map((id) => ({ delete: { _index: index, _id: id } })),
    );
  }

  private async bulk(index: string, lines: unknown[]): Promise<void> {
    const answer = await this.calls.send<BulkAnswer>(`writing to ${index}`, {
      method: 'POST',
      path: '/_bulk',
      bulkBody: lines,
    });
    if (!answer.body.errors) return;
    const failed = answer.body.items
      .map((entry) => Object.values(entry)[0])
      // A delete of something already gone is fine.
      .filter((item) => item.error !== undefined && item.status !== 404);
    if (failed.length > 0) {
      const { type, reason } = describeErrorObject(failed[0].error);
      throw new Error(`writing to ${index}: ${failed.length} documents refused, e.g. ${type}: ${reason}`);
    }
  }

  private async holdWrites(alias: string, index: string): Promise<void> {
    await this.calls.send(`holding writes to ${alias}`, {
      method: 'POST',
      path: '/_aliases',
      body: { actions: [{ add: { index, alias, is_write_index: false } }] },
    });
    this.log.info(`writes to ${alias} held for the final pass`);
  }

  /** After a failure: writes released (if held), the unfinished index deleted; errors here are only logged. */
  private async abandon(alias: string, from: string, to: string, held: boolean): Promise<void> {
    try {
      // A swap that timed out may still have happened: then the new index is live, and must stay.
      const answer = await this.calls.send<AliasAnswer>(
        `reading alias ${alias}`,
        { method: 'GET', path: `/_alias/${segment(alias)}` },
        { ignore: [404] },
      );
      if (answer.statusCode !== 404 && Object.keys(answer.body).includes(to)) {
        this.log.warn(`the swap of ${alias} to ${to} went through despite the error; ${to} is kept`);
        return;
      }
    } catch (error) {
      this.log.warn(`could not read alias ${alias} after a failed reindex: ${(error as Error).message}`);
    }
    if (held) {
      try {
        // Remove and add in one call: the alias is back as it was, with no write-index flag.
        await this.calls.send(`releasing writes to ${alias}`, {
          method: 'POST',
          path: '/_aliases',
          body: { actions: [{ remove: { index: from, alias } }, { add: { index: from, alias } }] },
        });
      } catch (error) {
        this.log.warn(`could not release writes to ${alias}: ${(error as Error).message}`);
      }
    }
    try {
      await this.calls.send(
        `deleting unfinished ${to}`,
        { method: 'DELETE', path: `/${segment(to)}` },
        { ignore: [404] },
      );
    } catch (error) {
      this.log.warn(`could not delete unfinished ${to}: ${(error as Error).message}`);
    }
  }
}
