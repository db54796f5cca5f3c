import type { IndexStore, PendingDoc, StoredDoc } from '../indices/index-store';
import type { GeoPoint, IndexedValue, ParsedFields } from '../mapping/types';
import { analyzeStandard } from './analysis/standard-analyzer';
import { latitudeCosine } from './geo/distance';
import { CompactIntList, ensureCapacity } from './int-list';
import { intToByte4 } from './scoring/norms';
import { WasmVectorScan } from './vectors/wasm-kernels';
import type { DocSet } from './types';

/**
 * Lucene's position_increment_gap for text fields (TextFieldMapper): positions of consecutive values of a multi-valued
 * field are 100 apart, so a phrase never matches across two values.
 */
const POSITION_INCREMENT_GAP = 100;

/** Per-document multi-values laid out flat: doc d has `count[d]` values from `start[d]`. */
class ValueLayout {
  start = new Int32Array(16);
  count = new Int32Array(16);
  size = 0;

  /** Reserves `n` values for `doc` (docs arrive in ascending order); returns where they go. */
  reserve(doc: number, n: number): number {
    this.start = ensureCapacity(this.start, doc + 1);
    this.count = ensureCapacity(this.count, doc + 1);
    const at = this.size;
    this.start[doc] = at;
    this.count[doc] = n;
    this.size += n;
    return at;
  }

  valueCount(doc: number): number {
    return doc < this.count.length ? this.count[doc] : 0;
  }
}

/**
 * Numbers per document: numeric types, dates (epoch millis) and booleans (1/0). Doc values, in Lucene's terms.
 * Single-valued while every document has at most one value: `values[doc]`, NaN when missing (no numeric field can
 * hold NaN); from the first document with several values on, laid out per document.
 */
export class NumericColumn {
  private values = new Float64Array(16).fill(NaN);
  private layout: ValueLayout | undefined;

  constructor(readonly type: string) {}

  add(doc: number, values: IndexedValue[]): void {
    if (!this.layout && values.length > 1) this.toMultiValued(doc);
    if (!this.layout) {
      if (doc >= this.values.length) {
        const size = this.values.length;
        this.values = ensureCapacity(this.values, doc + 1);
        this.values.fill(NaN, size);
      }
      this.values[doc] = numberOf(values[0]);
      return;
    }
    const at = this.layout.reserve(doc, values.length);
    this.values = ensureCapacity(this.values, at + values.length);
    for (let i = 0; i < values.length; i++) this.values[at + i] = numberOf(values[i]);
  }

  /** Moves the single values of the documents before `doc` into a per-document layout. */
  private toMultiValued(doc: number): void {
    const layout = new ValueLayout();
    const single = this.values;
    const values = new Float64Array(Math.max(16, doc * 2));
    for (let d = 0; d < Math.min(doc, single.length); d++) {
      if (Number.isNaN(single[d])) continue;
      values[layout.reserve(d, 1)] = single[d];
    }
    this.values = values;
    this.layout = layout;
  }

  valueCount(doc: number): number {
    if (this.layout) return this.layout.valueCount(doc);
    return doc < this.values.length && !Number.isNaN(this.values[doc]) ? 1 : 0;
  }

  value(doc: number, i: number): number {
    return this.layout ? this.values[this.layout.start[doc] + i] : this.values[doc];
  }

  /**
   * The documents of `docs` (ascending) with a value in [lo, hi]: the doc-values scan behind range and numeric term
   * queries, in one tight loop over the column.
   */
  inRange(docs: Int32Array, lo: number, hi: number): Int32Array {
    const values = this.values;
    const out = new Int32Array(docs.length);
    let k = 0;
    if (!this.layout) {
      const known = values.length;
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i];
        if (d >= known) break;
        const v = values[d];
        if (v >= lo && v <= hi) out[k++] = d;
      }
      return out.subarray(0, k);
    }
    const { start, count } = this.layout;
    const known = count.length;
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i];
      if (d >= known) break;
      const c = count[d];
      const s = start[d];
      for (let j = 0; j < c; j++) {
        const v = values[s + j];
        if (v >= lo && v <= hi) {
          out[k++] = d;
          break;
        }
      }
    }
    return out.subarray(0, k);
  }
}

function numberOf(value: IndexedValue): number {
  return typeof value === 'boolean' ? (value ? 1 : 0) : (value as number);
}

/** Exact terms per document (keyword, ip) with their postings, for term-level queries, sorting and doc values. */
export class KeywordColumn {
  private readonly layout = new ValueLayout();
  private values: string[] = [];
  /** term → ascending doc ids, and the typed copy search reads (dropped when the term gets a new document). */
  private readonly postingsByTerm = new Map<
    string,
    { term: string; docs: CompactIntList; view?: Int32Array }
  >();

  constructor(readonly type: string) {}

  add(doc: number, values: IndexedValue[]): void {
    const at = this.layout.reserve(doc, values.length);
    for (let i = 0; i < values.length; i++) {
      const term = String(values[i]);
      let postings = this.postingsByTerm.get(term);
      if (!postings) this.postingsByTerm.set(term, (postings = { term, docs: new CompactIntList() }));
      // One string per distinct term, however many documents repeat it.
      this.values[at + i] = postings.term;
      // A term repeated within one document is one posting.
      if (postings.docs.length === 0 || postings.docs.get(postings.docs.length - 1) !== doc) {
        postings.docs.push(doc);
        postings.view = undefined;
      }
    }
  }

  valueCount(doc: number): number {
    return this.layout.valueCount(doc);
  }

  value(doc: number, i: number): string {
    return this.values[this.layout.start[doc] + i];
  }

  /** Docs containing the term, ascending, deleted ones included (callers filter with `isLive`). */
  postings(term: string): Int32Array | undefined {
    const postings = this.postingsByTerm.get(term);
    if (!postings) return undefined;
    if (!postings.view) {
      const docs = postings.docs;
      const view = new Int32Array(docs.length);
      for (let i = 0; i < view.length; i++) view[i] = docs.get(i);
      postings.view = view;
    }
    return postings.view;
  }

  terms(): IterableIterator<string> {
    return this.postingsByTerm.keys();
  }
}

/** Postings of one term in a text field: docs ascending, the term's frequency in each, and its positions. */
export interface TextPostings {
  docs: Int32Array;
  freqs: Int32Array;
  /** Positions of doc `docs[i]` are `positions[positionStarts[i] .. positionStarts[i] + freqs[i]]`. */
  positionStarts: Int32Array;
  positions: Int32Array;
}

/**
 * One term's postings while they grow, in a compact list (most terms of a catalog are rare), with the typed view
 * search reads built on demand and kept until the term gets another document.
 */
class TermPostings {
  /** `[doc, freq, position × freq, doc, freq, ...]`: one list per term. */
  private readonly entries = new CompactIntList();
  private cached: TextPostings | undefined;

  add(doc: number, positions: readonly number[]): void {
    this.entries.push(doc);
    this.entries.push(positions.length);
    for (const p of positions) this.entries.push(p);
    this.cached = undefined;
  }

  view(): TextPostings {
    if (this.cached) return this.cached;
    const entries = this.entries;
    let n = 0;
    for (let j = 0; j < entries.length; j += 2 + entries.get(j + 1)) n++;
    const docs = new Int32Array(n);
    const freqs = new Int32Array(n);
    const positionStarts = new Int32Array(n);
    const positions = new Int32Array(entries.length - 2 * n);
    for (let i = 0, j = 0, p = 0; i < n; i++) {
      docs[i] = entries.get(j);
      const freq = entries.get(j + 1);
      freqs[i] = freq;
      positionStarts[i] = p;
      for (let k = 0; k < freq; k++) positions[p++] = entries.get(j + 2 + k);
      j += 2 + freq;
    }
    this.cached = { docs, freqs, positionStarts, positions };
    return this.cached;
  }
}

/**
 * An analyzed text field: an inverted index with frequencies and positions, the one-byte length norm of every document
 * and the field statistics BM25 needs (over live documents, as a fully merged Lucene index has them).
 */
export class TextColumn {
  private readonly postingsByTerm = new Map<string, TermPostings>();
  private lengths = new Int32Array(16);
  private normBytes = new Uint8Array(16);
  /** Documents with at least one token in the field (Terms#getDocCount). */
  docCount = 0;
  /** Tokens in the field over all documents (Terms#getSumTotalTermFreq). */
  sumTotalTermFreq = 0;

  add(doc: number, values: IndexedValue[]): void {
    // Tokens of the document in order, then grouped by term (a stable sort keeps positions ascending per term).
    const terms: string[] = [];
    const termPositions: number[] = [];
    let position = -1;
    for (let v = 0; v < values.length; v++) {
      if (v > 0) position += POSITION_INCREMENT_GAP;
      for (const token of analyzeStandard(String(values[v]))) {
        terms.push(token);
        termPositions.push(++position);
      }
    }
    const length = terms.length;
    if (length === 0) return;
    this.lengths = ensureCapacity(this.lengths, doc + 1);
    this.normBytes = ensureCapacity(this.normBytes, doc + 1);
    this.lengths[doc] = length;
    this.normBytes[doc] = intToByte4(length);
    this.docCount++;
    this.sumTotalTermFreq += length;
    const order = Array.from({ length }, (_, i) => i);
    if (length > 1) order.sort((a, b) => (terms[a] < terms[b] ? -1 : terms[a] > terms[b] ? 1 : a - b));
    const positions: number[] = [];
    for (let i = 0; i < length;) {
      const term = terms[order[i]];
      positions.length = 0;
      while (i < length && terms[order[i]] === term) positions.push(termPositions[order[i++]]);
      let postings = this.postingsByTerm.get(term);
      if (!postings) this.postingsByTerm.set(term, (postings = new TermPostings()));
      postings.add(doc, positions);
    }
  }

  /** A deleted document leaves the statistics (its postings stay, filtered by liveness). */
  remove(doc: number): void {
    const length = doc < this.lengths.length ? this.lengths[doc] : 0;
    if (length === 0) return;
    this.docCount--;
    this.sumTotalTermFreq -= length;
  }

  postings(term: string): TextPostings | undefined {
    return this.postingsByTerm.get(term)?.view();
  }

  termsIterator(): IterableIterator<string> {
    return this.postingsByTerm.keys();
  }

  /** The encoded length norm of a document (0 when the field is empty or missing). */
  norm(doc: number): number {
    return doc < this.normBytes.length ? this.normBytes[doc] : 0;
  }

  /** The exact token count (what the norm encodes lossily). */
  length(doc: number): number {
    return doc < this.lengths.length ? this.lengths[doc] : 0;
  }
}

/** GeoEncodingUtils: latitudes and longitudes are indexed as 32-bit integers; search sees the decoded values. */
const LAT_DECODE = 180 / 2 ** 32;
const LON_DECODE = 360 / 2 ** 32;

/** GeoEncodingUtils#encodeLatitude then #decodeLatitude: the latitude a query sees for an indexed point. */
export function quantizeLatitude(lat: number): number {
  const value = lat === 90 ? 90 - Number.EPSILON * 64 : lat;
  return Math.floor(value / LAT_DECODE) * LAT_DECODE;
}

/** GeoEncodingUtils#encodeLongitude then #decodeLongitude. */
export function quantizeLongitude(lon: number): number {
  const value = lon === 180 ? 180 - Number.EPSILON * 128 : lon;
  return Math.floor(value / LON_DECODE) * LON_DECODE;
}

/** Geo points per document, as indexed (quantized to Lucene's 32-bit encoding). */
/** A geo column's points ordered by latitude: the `docs[i]` point is at `lats[i]`, `lons[i]`. */
export interface PointsByLatitude {
  readonly lats: Float64Array;
  readonly lons: Float64Array;
  readonly docs: Int32Array;
}

export class GeoColumn {
  private readonly layout = new ValueLayout();
  private lats = new Float64Array(16);
  private lons = new Float64Array(16);
  private sorted: PointsByLatitude | undefined;
  private maxDoc = 0;
  /** latitudeCosine of each value's latitude, for the values below cosinesUpTo (values never change once added). */
  private cosines = new Float64Array(0);
  private cosinesUpTo = 0;

  add(doc: number, values: IndexedValue[]): void {
    this.sorted = undefined;
    this.maxDoc = Math.max(this.maxDoc, doc + 1);
    const at = this.layout.reserve(doc, values.length);
    this.lats = ensureCapacity(this.lats, at + values.length);
    this.lons = ensureCapacity(this.lons, at + values.length);
    for (let i = 0; i < values.length; i++) {
      const p = values[i] as GeoPoint;
      this.lats[at + i] = quantizeLatitude(p.lat);
      this.lons[at + i] = quantizeLongitude(p.lon);
    }
  }

  valueCount(doc: number): number {
    return this.layout.valueCount(doc);
  }

  lat(doc: number, i: number): number {
    return this.lats[this.layout.start[doc] + i];
  }

  lon(doc: number, i: number): number {
    return this.lons[this.layout.start[doc] + i];
  }

  /** Where doc's values start in latitudeCosines() (value i of the doc is at `valueStart(doc) + i`). */
  valueStart(doc: number): number {
    return this.layout.start[doc];
  }

  /**
   * The sloppy cosine of every value's latitude (what haversinSortKey computes per point), extended with the values
   * added since the last call: distances from one origin to many points then skip one cosine per point.
   */
  latitudeCosines(): Float64Array {
    const size = this.layout.size;
    if (this.cosinesUpTo < size) {
      if (this.cosines.length < size) {
        const grown = new Float64Array(Math.max(size, this.cosines.length * 2));
        grown.set(this.cosines.subarray(0, this.cosinesUpTo));
        this.cosines = grown;
      }
      for (let slot = this.cosinesUpTo; slot < size; slot++)
        this.cosines[slot] = latitudeCosine(this.lats[slot]);
      this.cosinesUpTo = size;
    }
    return this.cosines;
  }

  /**
   * Every point (of live and deleted documents alike) by ascending latitude, built on first use after a change: a
   * distance or box query then reads only the band of latitudes it can match (Lucene's BKD tree prunes by the
   * query's bounding box the same way).
   */
  byLatitude(): PointsByLatitude {
    if (this.sorted) return this.sorted;
    // values are laid out in doc order, so slot order is doc order
    const size = this.layout.size;
    const docOf = new Int32Array(size);
    for (let doc = 0; doc < this.maxDoc; doc++) {
      const start = this.layout.start[doc];
      for (let i = 0; i < this.layout.valueCount(doc); i++) docOf[start + i] = doc;
    }
    const order = new Uint32Array(size).map((_, slot) => slot);
    order.sort((a, b) => this.lats[a] - this.lats[b] || a - b);
    const lats = new Float64Array(size);
    const lons = new Float64Array(size);
    const docs = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      lats[i] = this.lats[order[i]];
      lons[i] = this.lons[order[i]];
      docs[i] = docOf[order[i]];
    }
    this.sorted = { lats, lons, docs };
    return this.sorted;
  }
}

/** The first index of an ascending list whose value is `>= target` (`values.length` when none). */
export function lowerBound(values: Float64Array, target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Dense vectors laid out back to back (`data[doc * dimension ...]`), for scans at memory speed. */
/** Above this many float32 values a vector column keeps its vectors in WebAssembly memory, where SIMD scans them. */
export const WASM_MIN_VALUES = 1 << 18;

export class VectorColumn {
  private plain: Float32Array | undefined;
  /** Set once the column is large enough: its vectors then live in the scanner's memory (one copy, not two). */
  private scan: WasmVectorScan | undefined;
  private wasmUnavailable = false;
  private present = new Uint8Array(16);

  constructor(readonly dimension: number) {
    this.plain = new Float32Array(16 * dimension);
  }

  /** The vectors, flat (`doc * dimension`); read it again after adding documents (the storage may move). */
  get data(): Float32Array {
    return this.scan ? this.scan.vectors() : this.plain!;
  }

  /** The SIMD scanner holding this column's vectors, when it is large enough to have one. */
  get wasmScan(): WasmVectorScan | undefined {
    return this.scan;
  }

  add(doc: number, values: IndexedValue[]): void {
    const vector = values[0] as Float32Array | undefined;
    if (!vector || vector.length !== this.dimension) return;
    const needed = (doc + 1) * this.dimension;
    if (!this.scan && !this.wasmUnavailable && needed > WASM_MIN_VALUES) this.moveToWasm(doc + 1);
    if (this.scan) this.scan.holdVectors(doc + 1);
    else this.plain = ensureCapacity(this.plain!, needed);
    this.present = ensureCapacity(this.present, doc + 1);
    this.data.set(vector, doc * this.dimension);
    this.present[doc] = 1;
  }

  private moveToWasm(docs: number): void {
    const scan = WasmVectorScan.create(this.dimension);
    if (!scan) {
      this.wasmUnavailable = true;
      return;
    }
    scan.holdVectors(docs);
    const plain = this.plain!;
    scan.vectors().set(plain.subarray(0, Math.min(plain.length, scan.vectors().length)));
    this.scan = scan;
    this.plain = undefined;
  }

  has(doc: number): boolean {
    return doc < this.present.length && this.present[doc] === 1;
  }

  /** The vector of a document, as a view (no copy). */
  vector(doc: number): Float32Array {
    return this.data.subarray(doc * this.dimension, (doc + 1) * this.dimension);
  }
}

export type Column = NumericColumn | KeywordColumn | TextColumn | GeoColumn | VectorColumn;

const NUMERIC_TYPES = new Set([
  'long',
  'integer',
  'short',
  'byte',
  'double',
  'float',
  'half_float',
  'scaled_float',
  'date',
  'boolean',
]);

/**
 * The bytes of filter matches cached per reader (doc ids and scores), least recently used first out; everything is
 * dropped by each refresh that changes something. 32 MB holds about forty filters that match 100,000 documents.
 */
const FILTER_CACHE_BYTES = 32 * 1024 * 1024;

/** Rebuild (Lucene would merge) once this share of doc ids belongs to deleted documents. */
const MERGE_DELETED_RATIO = 0.5;
const MERGE_MIN_DELETED = 10_000;

/**
 * What search reads: the refreshed documents of one index under dense internal doc ids, with columnar values per
 * field (Lucene's doc values, postings, norms and vectors). Kept up to date by each refresh; an update is a delete
 * plus an append, as in Lucene; when deletions pile up the reader is rebuilt from the live sources (a merge).
 */
export class IndexReader {
  private docs: (StoredDoc | undefined)[] = [];
  private readonly docIds = new Map<string, number>();
  private live = new Uint8Array(1024);
  private readonly columns = new Map<string, Column>();
  private liveDocsCache: Int32Array | undefined;
  /** Matches of filter queries by key, valid until the next change (see ConstantScoreMatches). */
  private readonly filterCache = new Map<string, DocSet>();
  private filterCacheBytes = 0;
  maxDoc = 0;
  liveCount = 0;
  /** Bumped by every change: caches keyed on the reader's contents check it. */
  generation = 0;
  /** Set when its index is deleted or the engine closes: work in the background for it (a graph build) stops. */
  closed = false;

  constructor(private readonly index: IndexStore) {
    index.onRefresh((changes) => this.apply(changes));
  }

  isLive(doc: number): boolean {
    return this.live[doc] === 1;
  }

  /**
   * 1 for each live doc id, 0 for a deleted one (read-only: for loops that would rather add a flag than branch on
   * it). Valid until the next change.
   */
  liveFlags(): Uint8Array {
    return this.live;
  }

  /** All live doc ids, ascending. */
  liveDocs(): Int32Array {
    if (!this.liveDocsCache) {
      const out = new Int32Array(this.liveCount);
      let n = 0;
      for (let d = 0; d < this.maxDoc; d++) if (this.live[d] === 1) out[n++] = d;
      this.liveDocsCache = out;
    }
    return this.liveDocsCache;
  }

  storedDoc(doc: number): StoredDoc {
    return this.docs[doc] as StoredDoc;
  }

  docIdOf(id: string): number | undefined {
    return this.docIds.get(id);
  }

  numeric(field: string): NumericColumn | undefined {
    return this.columnOf(field, NumericColumn);
  }

  keyword(field: string): KeywordColumn | undefined {
    return this.columnOf(field, KeywordColumn);
  }

  text(field: string): TextColumn | undefined {
    return this.columnOf(field, TextColumn);
  }

  geo(field: string): GeoColumn | undefined {
    return this.columnOf(field, GeoColumn);
  }

  vector(field: string): VectorColumn | undefined {
    return this.columnOf(field, VectorColumn);
  }

  private columnOf<T extends Column>(
    field: string,
    kind: abstract new (...args: never[]) => T,
  ): T | undefined {
    const column = this.columns.get(field);
    return column instanceof kind ? column : undefined;
  }

  column(field: string): Column | undefined {
    return this.columns.get(field);
  }

  private apply(changes: ReadonlyMap<string, PendingDoc | null>): void {
    for (const [id, change] of changes) {
      const previous = this.docIds.get(id);
      if (previous !== undefined) this.delete(previous, id);
      if (change) this.append(change.doc, change.fields);
    }
    this.changed();
    const deleted = this.maxDoc - this.liveCount;
    if (deleted >= MERGE_MIN_DELETED && deleted > this.maxDoc * MERGE_DELETED_RATIO) this.merge();
  }

  private append(doc: StoredDoc, fields: ParsedFields): void {
    const docId = this.maxDoc++;
    this.docs[docId] = doc;
    this.docIds.set(doc.id, docId);
    this.live = ensureCapacity(this.live, docId + 1);
    this.live[docId] = 1;
    this.liveCount++;
    for (const [path, values] of fields) {
      if (values.length > 0) this.columnFor(path, values)?.add(docId, values);
    }
  }

  private delete(docId: number, id: string): void {
    this.live[docId] = 0;
    this.liveCount--;
    this.docs[docId] = undefined;
    this.docIds.delete(id);
    for (const column of this.columns.values()) if (column instanceof TextColumn) column.remove(docId);
  }

  private columnFor(path: string, values: IndexedValue[]): Column | undefined {
    let column = this.columns.get(path);
    if (column) return column;
    const type = this.index.meta.mappings.field(path)?.type;
    if (type === undefined) return undefined;
    if (type === 'text' || type === 'match_only_text') column = new TextColumn();
    else if (type === 'keyword' || type === 'ip' || type === 'constant_keyword')
      column = new KeywordColumn(type);
    else if (NUMERIC_TYPES.has(type)) column = new NumericColumn(type);
    else if (type === 'geo_point') column = new GeoColumn();
    else if (type === 'knn_vector') column = new VectorColumn((values[0] as Float32Array).length);
    else return undefined;
    this.columns.set(path, column);
    return column;
  }

  /** Rebuilds every structure from the live documents, dropping deleted doc ids (Lucene's merge). */
  private merge(): void {
    const live = this.docs.filter((d): d is StoredDoc => d !== undefined);
    this.docs = [];
    this.docIds.clear();
    this.columns.clear();
    this.live = new Uint8Array(Math.max(1024, live.length));
    this.maxDoc = 0;
    this.liveCount = 0;
    const ctx = { knnEnabled: this.index.knnEnabled };
    for (const doc of live) {
      const parsed = this.index.meta.mappings.parseDocument(doc.id, JSON.parse(doc.source), ctx);
      this.append(doc, parsed.fields);
    }
    this.changed();
  }

  cachedFilter(key: string): DocSet | undefined {
    const set = this.filterCache.get(key);
    if (set) {
      // most recently used last (a Map keeps insertion order)
      this.filterCache.delete(key);
      this.filterCache.set(key, set);
    }
    return set;
  }

  cacheFilter(key: string, matches: DocSet): void {
    // a list cut out of a larger buffer (sized for every live document) keeps that whole buffer alive: copy it
    const set =
      matches.docs.buffer.byteLength > 2 * matches.docs.byteLength
        ? { docs: matches.docs.slice(), scores: matches.scores.slice() }
        : matches;
    const bytes = set.docs.byteLength + set.scores.byteLength;
    if (bytes > FILTER_CACHE_BYTES / 4) return;
    const previous = this.filterCache.get(key);
    if (previous) this.filterCacheBytes -= previous.docs.byteLength + previous.scores.byteLength;
    this.filterCache.delete(key);
    for (const [oldest, old] of this.filterCache) {
      if (this.filterCacheBytes + bytes <= FILTER_CACHE_BYTES) break;
      this.filterCache.delete(oldest);
      this.filterCacheBytes -= old.docs.byteLength + old.scores.byteLength;
    }
    this.filterCache.set(key, set);
    this.filterCacheBytes += bytes;
  }

  private changed(): void {
    this.liveDocsCache = undefined;
    this.filterCache.clear();
    this.filterCacheBytes = 0;
    this.generation++;
  }
}
