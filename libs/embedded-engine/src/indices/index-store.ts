import { Mappings } from '../mapping/mappings';
import { IndexReader } from '../search/index-reader';
import { ParsedFields } from '../mapping/types';
import { FlatSettings, settingBoolean, settingString } from './settings';
import { parseTimeValue } from '../time-value';

/** A document version as stored: immutable, replaced as a whole by the next write of the same id. */
export interface StoredDoc {
  readonly id: string;
  readonly version: number;
  readonly seqNo: number;
  readonly primaryTerm: number;
  /** `_source` exactly as it was given. */
  readonly source: string;
}

/**
 * A write waiting for the next refresh: the document and its parsed field values. Field values are handed to the
 * search structures when a refresh publishes them and are not kept per document after that (columnar structures
 * hold them, as Lucene's segments do), which keeps memory near the size of the sources.
 */
export interface PendingDoc {
  readonly doc: StoredDoc;
  readonly fields: ParsedFields;
}

/** What is left of a deleted document, so that versions go on and `if_seq_no` can be checked (gc_deletes). */
export interface Tombstone {
  readonly version: number;
  readonly seqNo: number;
  readonly primaryTerm: number;
  readonly deletedAt: number;
}

export interface AliasMetadata {
  filter?: Record<string, unknown>;
  index_routing?: string;
  search_routing?: string;
  is_write_index?: boolean;
  is_hidden?: boolean;
}

export interface IndexMetadata {
  readonly name: string;
  readonly uuid: string;
  readonly creationDate: number;
  settings: FlatSettings;
  mappings: Mappings;
  aliases: Map<string, AliasMetadata>;
}

/** OpenSearch's default `index.gc_deletes`: how long a delete's version is remembered. */
const GC_DELETES_MS = 60_000;
const DEFAULT_REFRESH_INTERVAL_MS = 1000;

type RefreshListener = (changes: ReadonlyMap<string, PendingDoc | null>, index: IndexStore) => void;

/**
 * One index: documents by id with their versions, and the near-real-time view that search sees.
 * Reads by id are real-time (as GET is in OpenSearch); search sees the documents as of the last refresh.
 */
export class IndexStore {
  private readonly tombstones = new Map<string, Tombstone>();
  /** Writes since the last refresh: id → new version with its fields, or null when deleted. */
  private pending = new Map<string, PendingDoc | null>();
  private lastRefreshAt: number;
  private readonly refreshListeners: RefreshListener[] = [];
  private readonly refreshWaiters: (() => void)[] = [];
  private refreshTimer: NodeJS.Timeout | undefined;
  maxSeqNo = -1;
  readonly primaryTerm = 1;
  /** What search reads, kept up to date by every refresh. */
  readonly reader: IndexReader;

  constructor(
    readonly meta: IndexMetadata,
    private readonly now: () => number = Date.now,
  ) {
    this.lastRefreshAt = now();
    this.reader = new IndexReader(this);
  }

  get name(): string {
    return this.meta.name;
  }

  get uuid(): string {
    return this.meta.uuid;
  }

  get knnEnabled(): boolean {
    return settingBoolean(this.meta.settings, 'index.knn', false);
  }

  /** Real-time read (GET /_doc, updates, optimistic concurrency checks). */
  get(id: string): StoredDoc | undefined {
    if (this.pending.has(id)) return this.pending.get(id)?.doc;
    const doc = this.reader.docIdOf(id);
    return doc === undefined ? undefined : this.reader.storedDoc(doc);
  }

  tombstone(id: string): Tombstone | undefined {
    const t = this.tombstones.get(id);
    if (t && this.now() - t.deletedAt > GC_DELETES_MS) {
      this.tombstones.delete(id);
      return undefined;
    }
    return t;
  }

  nextSeqNo(): number {
    return this.maxSeqNo + 1;
  }

  put(doc: StoredDoc, fields: ParsedFields): void {
    this.tombstones.delete(doc.id);
    this.pending.set(doc.id, { doc, fields });
    if (doc.seqNo > this.maxSeqNo) this.maxSeqNo = doc.seqNo;
  }

  remove(id: string, tombstone: Tombstone): void {
    this.tombstones.set(id, tombstone);
    this.pending.set(id, null);
    if (tombstone.seqNo > this.maxSeqNo) this.maxSeqNo = tombstone.seqNo;
  }

  /** Live documents (real-time), for snapshots and mget. */
  *liveDocs(): IterableIterator<StoredDoc> {
    for (const docId of this.reader.liveDocs()) {
      const doc = this.reader.storedDoc(docId);
      if (!this.pending.has(doc.id)) yield doc;
    }
    for (const change of this.pending.values()) if (change) yield change.doc;
  }

  get liveCount(): number {
    let count = this.reader.liveCount;
    for (const [id, change] of this.pending) {
      const published = this.reader.docIdOf(id) !== undefined;
      if (change && !published) count++;
      else if (!change && published) count--;
    }
    return count;
  }

  /** The refresh interval in ms; -1 when refreshes are only explicit. */
  refreshIntervalMs(): number {
    const value = settingString(this.meta.settings, 'index.refresh_interval');
    if (value === undefined) return DEFAULT_REFRESH_INTERVAL_MS;
    // Validated when the index was created.
    return parseTimeValue(value, 'index.refresh_interval');
  }

  /** Makes every write so far visible to search (POST /_refresh, `refresh=true`). */
  refresh(): void {
    this.lastRefreshAt = this.now();
    if (this.pending.size > 0) {
      const changes = this.pending;
      this.pending = new Map();
      for (const listener of this.refreshListeners) listener(changes, this);
    }
    const waiters = this.refreshWaiters.splice(0);
    for (const resolve of waiters) resolve();
    if (this.refreshTimer) {
      clearTimeout(this.refreshTimer);
      this.refreshTimer = undefined;
    }
  }

  /**
   * The scheduled refresh, run when a reader arrives: a search sees what a refresh every `refresh_interval` would
   * have published (OpenSearch's search-idle shards also refresh on the first search).
   */
  refreshIfDue(): void {
    const interval = this.refreshIntervalMs();
    if (interval <= 0 || this.pending.size === 0) return;
    if (this.now() - this.lastRefreshAt >= interval) this.refresh();
  }

  /** `refresh=wait_for`: resolves once a refresh has made the writes so far visible. */
  waitForRefresh(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.refreshWaiters.push(resolve);
      const interval = this.refreshIntervalMs();
      if (interval > 0 && !this.refreshTimer) {
        const delay = Math.max(0, this.lastRefreshAt + interval - this.now());
        this.refreshTimer = setTimeout(() => this.refresh(), delay);
        this.refreshTimer.unref?.();
      }
    });
  }

  /** The reader search uses, after a refresh that is due. */
  searchableReader(): IndexReader {
    this.refreshIfDue();
    return this.reader;
  }

  /** A document as search sees it (non-real-time GET), after a refresh that is due. */
  searchableDoc(id: string): StoredDoc | undefined {
    const reader = this.searchableReader();
    const doc = reader.docIdOf(id);
    return doc === undefined ? undefined : reader.storedDoc(doc);
  }

  /** Search modules keep their structures up to date from the changes each refresh publishes. */
  onRefresh(listener: RefreshListener): void {
    this.refreshListeners.push(listener);
  }

  close(): void {
    this.reader.closed = true;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = undefined;
    const waiters = this.refreshWaiters.splice(0);
    for (const resolve of waiters) resolve();
  }
}
