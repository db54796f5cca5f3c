import { GeoColumn, KeywordColumn, NumericColumn, VectorColumn } from '../search/index-reader';
import { Searcher } from '../search/types';
import { docNormsSquared } from '../search/vectors/exact-search';
import { illegalArgumentJava, illegalState, indexOutOfBounds, unsupportedOperation } from './errors';
import { geoDistance, JDate, JGeoPoint, NO_SUCH_MEMBER, PainlessObject } from './runtime-objects';
import { JArray, JLong, boxInt, numberOf, numericRank } from './values';

/** The document a script is scoring: one per bound script, moved along by the scorer. */
export interface DocCursor {
  doc: number;
}

const MISSING_VALUE =
  "A document doesn't have a value for a field! Use doc[<field>].size()==0 to check if a document is missing a field!";

const LONG_TYPES = new Set(['long', 'integer', 'short', 'byte', 'unsigned_long']);
const DOUBLE_TYPES = new Set(['double', 'float', 'half_float', 'scaled_float']);

/**
 * `doc` in a score script (LeafDocLookup): a map from field name to the field's ScriptDocValues for the current
 * document. Doc values objects are made once per field and read the cursor's document when asked.
 */
export class DocLookup implements PainlessObject {
  readonly javaClass = 'org.opensearch.search.lookup.LeafDocLookup';
  private readonly fields = new Map<string, FieldDocValues>();
  /** Doc values by the slot the compiler gave a literal `doc['name']`, so the hot path skips the map. */
  private readonly bySlot: (FieldDocValues | undefined)[] = [];

  constructor(
    private readonly searcher: Searcher,
    private readonly cursor: DocCursor,
  ) {}

  /** `doc['name']` with a literal name, by its compile-time slot. */
  field(slot: number, name: string): FieldDocValues {
    return this.bySlot[slot] ?? (this.bySlot[slot] = this.get(name));
  }

  get(field: string): FieldDocValues {
    let values = this.fields.get(field);
    if (!values) {
      values = this.docValues(field);
      this.fields.set(field, values);
    }
    return values;
  }

  invoke(name: string, args: unknown[]): unknown {
    if (name === 'get' && args.length === 1) return this.get(String(args[0]));
    if (name === 'containsKey' && args.length === 1)
      return this.searcher.mappings.field(String(args[0])) !== undefined;
    return NO_SUCH_MEMBER;
  }

  read(name: string): unknown {
    return this.get(name);
  }

  private docValues(field: string): FieldDocValues {
    const info = this.searcher.mappings.field(field);
    if (!info) throw illegalArgumentJava(`No field found for [${field}] in mapping`);
    const { reader } = this.searcher;
    const type = info.type;
    if (LONG_TYPES.has(type))
      return new NumericDocValues('Longs', reader.numeric(field), this.cursor, (v) => new JLong(v));
    if (DOUBLE_TYPES.has(type))
      return new NumericDocValues('Doubles', reader.numeric(field), this.cursor, (v) => v);
    if (type === 'date' || type === 'date_nanos')
      return new NumericDocValues('Dates', reader.numeric(field), this.cursor, (v) => new JDate(v));
    if (type === 'boolean')
      return new NumericDocValues('Booleans', reader.numeric(field), this.cursor, (v) => v !== 0);
    if (type === 'keyword' || type === 'constant_keyword' || type === 'ip')
      return new KeywordDocValues(reader.keyword(field), this.cursor);
    if (type === 'geo_point') return new GeoDocValues(reader.geo(field), this.cursor);
    if (type === 'knn_vector')
      return new VectorDocValues(field, reader.vector(field), this.cursor, reader.maxDoc);
    if (type === 'text' || type === 'match_only_text') {
      throw illegalArgumentJava(
        `Text fields are not optimised for operations that require per-document field data like aggregations and sorting, so these operations are disabled by default. Please use a keyword field instead. Alternatively, set fielddata=true on [${field}] in order to load field data by uninverting the inverted index. Note that this can use significant memory.`,
      );
    }
    throw illegalArgumentJava(`Field [${field}] of type [${type}] does not support doc values in scripts`);
  }
}

/** What every field's doc values offer the compiled fast paths: size, emptiness, the first value, all values. */
export interface FieldDocValues extends PainlessObject {
  sizeOf(): number;
  first(): unknown;
  /** The current document's values in order (the same array until the document changes; never modified). */
  values(): readonly unknown[];
}

/**
 * The List methods every ScriptDocValues has (`size`, `isEmpty`, `get`, `getValue`, `contains`) over a value getter,
 * with `.value`, `.empty`, `.length` shortcuts. Values are sorted, as SortedNumeric/SortedSet doc values are.
 */
export abstract class ListDocValues implements FieldDocValues {
  abstract readonly javaClass: string;
  protected abstract count(): number;
  protected abstract at(i: number): unknown;
  protected abstract readonly cursor: DocCursor;
  private valuesDoc = -1;
  private valuesList: unknown[] = [];

  sizeOf(): number {
    return this.count();
  }

  first(): unknown {
    return this.valueAt(0);
  }

  values(): readonly unknown[] {
    const doc = this.cursor.doc;
    if (this.valuesDoc !== doc) {
      const n = this.count();
      const list: unknown[] = new Array(n);
      for (let i = 0; i < n; i++) list[i] = this.at(i);
      this.valuesList = list;
      this.valuesDoc = doc;
    }
    return this.valuesList;
  }

  valueAt(i: number): unknown {
    const n = this.count();
    if (n === 0) throw illegalState(MISSING_VALUE);
    if (i < 0 || i >= n) throw indexOutOfBounds(`Index ${i} out of bounds for length ${n}`);
    return this.at(i);
  }

  invoke(name: string, args: unknown[]): unknown {
    if (args.length === 0) {
      switch (name) {
        case 'getValue':
          return this.valueAt(0);
        case 'size':
          return boxInt(this.count());
        case 'isEmpty':
          return this.count() === 0;
        case 'toString':
          return this.toJavaString();
      }
    }
    if (args.length === 1) {
      if (name === 'get') return this.valueAt(indexArg(args[0]));
      if (name === 'contains') {
        for (let i = 0; i < this.count(); i++) if (sameValue(this.at(i), args[0])) return true;
        return false;
      }
    }
    return this.extraInvoke(name, args);
  }

  protected extraInvoke(_name: string, _args: unknown[]): unknown {
    return NO_SUCH_MEMBER;
  }

  read(name: string): unknown {
    if (name === 'value') return this.valueAt(0);
    if (name === 'empty') return this.count() === 0;
    if (name === 'length') return boxInt(this.count());
    if (/^\d+$/.test(name)) return this.valueAt(Number(name));
    return this.extraRead(name);
  }

  protected extraRead(_name: string): unknown {
    return NO_SUCH_MEMBER;
  }

  toJavaString(): string {
    const items: string[] = [];
    for (let i = 0; i < this.count(); i++) items.push(String(this.at(i)));
    return `[${items.join(', ')}]`;
  }
}

function indexArg(v: unknown): number {
  if (numericRank(v) < 0) throw illegalArgumentJava(`index must be an int, got ${String(v)}`);
  return numberOf(v);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (numericRank(a) >= 0 && numericRank(b) >= 0) return numberOf(a) === numberOf(b);
  if (a instanceof JDate && b instanceof JDate) return a.millis === b.millis;
  return a === b;
}

export class NumericDocValues extends ListDocValues {
  readonly javaClass: string;
  private sortedDoc = -1;
  private sorted: number[] = [];

  constructor(
    kind: string,
    private readonly column: NumericColumn | undefined,
    protected readonly cursor: DocCursor,
    private readonly wrap: (v: number) => unknown,
  ) {
    super();
    this.javaClass = `org.opensearch.index.fielddata.ScriptDocValues$${kind}`;
  }

  protected count(): number {
    return this.column ? this.column.valueCount(this.cursor.doc) : 0;
  }

  override first(): unknown {
    const column = this.column;
    const doc = this.cursor.doc;
    if (column && column.valueCount(doc) === 1) return this.wrap(column.value(doc, 0));
    return this.valueAt(0);
  }

  /** The first (smallest) value as a number (epoch millis for dates), without boxing; the same error when missing. */
  firstNumber(): number {
    const column = this.column;
    const doc = this.cursor.doc;
    if (column && column.valueCount(doc) === 1) return column.value(doc, 0);
    const v = this.valueAt(0);
    return v instanceof JDate ? v.millis : typeof v === 'number' ? v : numberOf(v);
  }

  protected at(i: number): unknown {
    const doc = this.cursor.doc;
    const column = this.column!;
    if (column.valueCount(doc) === 1) return this.wrap(column.value(doc, 0));
    if (this.sortedDoc !== doc) {
      this.sorted = [];
      for (let k = 0; k < column.valueCount(doc); k++) this.sorted.push(column.value(doc, k));
      this.sorted.sort((a, b) => a - b);
      this.sortedDoc = doc;
    }
    return this.wrap(this.sorted[i]);
  }
}

class KeywordDocValues extends ListDocValues {
  readonly javaClass = 'org.opensearch.index.fielddata.ScriptDocValues$Strings';
  private sortedDoc = -1;
  private sorted: string[] = [];

  constructor(
    private readonly column: KeywordColumn | undefined,
    protected readonly cursor: DocCursor,
  ) {
    super();
  }

  protected count(): number {
    if (!this.column) return 0;
    const n = this.column.valueCount(this.cursor.doc);
    return n <= 1 ? n : this.terms().length;
  }

  protected at(i: number): unknown {
    const doc = this.cursor.doc;
    if (this.column!.valueCount(doc) === 1) return this.column!.value(doc, 0);
    return this.terms()[i];
  }

  /** SortedSetDocValues: the document's distinct terms in order (code unit order, byte order for BMP text). */
  private terms(): string[] {
    const doc = this.cursor.doc;
    if (this.sortedDoc !== doc) {
      const column = this.column!;
      const n = column.valueCount(doc);
      if (n === 2) {
        // the common case, without a Set or a sort
        const a = column.value(doc, 0);
        const b = column.value(doc, 1);
        this.sorted = a < b ? [a, b] : a > b ? [b, a] : [a];
      } else {
        const terms: string[] = [];
        for (let k = 0; k < n; k++) terms.push(column.value(doc, k));
        this.sorted = [...new Set(terms)].sort();
      }
      this.sortedDoc = doc;
    }
    return this.sorted;
  }
}

export class GeoDocValues extends ListDocValues {
  readonly javaClass = 'org.opensearch.index.fielddata.ScriptDocValues$GeoPoints';

  constructor(
    private readonly column: GeoColumn | undefined,
    protected readonly cursor: DocCursor,
  ) {
    super();
  }

  protected count(): number {
    return this.column ? this.column.valueCount(this.cursor.doc) : 0;
  }

  protected at(i: number): unknown {
    const doc = this.cursor.doc;
    return new JGeoPoint(this.column!.lat(doc, i), this.column!.lon(doc, i));
  }

  /** The first point's coordinates into `out`, without allocating; the same error when missing. */
  firstPoint(out: { lat: number; lon: number }): void {
    if (this.count() === 0) this.valueAt(0);
    const doc = this.cursor.doc;
    out.lat = this.column!.lat(doc, 0);
    out.lon = this.column!.lon(doc, 0);
  }

  protected override extraInvoke(name: string, args: unknown[]): unknown {
    if (args.length === 0) {
      if (name === 'getLat') return (this.valueAt(0) as JGeoPoint).lat;
      if (name === 'getLon') return (this.valueAt(0) as JGeoPoint).lon;
    }
    const numbers = args.map((a) => (numericRank(a) >= 0 ? numberOf(a) : NaN));
    if (args.length === 2 && (name === 'arcDistance' || name === 'planeDistance')) {
      return geoDistance(
        name === 'arcDistance' ? 'arc' : 'plane',
        this.valueAt(0) as JGeoPoint,
        numbers[0],
        numbers[1],
      );
    }
    if (args.length === 3 && (name === 'arcDistanceWithDefault' || name === 'planeDistanceWithDefault')) {
      if (this.count() === 0) return numbers[2];
      const kind = name === 'arcDistanceWithDefault' ? 'arc' : 'plane';
      return geoDistance(kind, this.valueAt(0) as JGeoPoint, numbers[0], numbers[1]);
    }
    return NO_SUCH_MEMBER;
  }

  protected override extraRead(name: string): unknown {
    if (name === 'lat') return (this.valueAt(0) as JGeoPoint).lat;
    if (name === 'lon') return (this.valueAt(0) as JGeoPoint).lon;
    if (name === 'lats' || name === 'lons') {
      const out: number[] = [];
      for (let i = 0; i < this.count(); i++) {
        const p = this.at(i) as JGeoPoint;
        out.push(name === 'lats' ? p.lat : p.lon);
      }
      return new JArray('double', Float64Array.from(out));
    }
    return NO_SUCH_MEMBER;
  }
}

/** KNNVectorScriptDocValues: `.value` is the float[]; size() is 1 or 0; get(i) is unsupported. */
export class VectorDocValues implements FieldDocValues {
  readonly javaClass = 'org.opensearch.knn.index.KNNVectorScriptDocValues';

  constructor(
    readonly field: string,
    private readonly column: VectorColumn | undefined,
    private readonly cursor: DocCursor,
    private readonly maxDoc: number,
  ) {}

  get dimension(): number | undefined {
    return this.column?.dimension;
  }

  isEmpty(): boolean {
    return !this.column || !this.column.has(this.cursor.doc);
  }

  sizeOf(): number {
    return this.isEmpty() ? 0 : 1;
  }

  first(): unknown {
    return new JArray('float', this.vector());
  }

  values(): readonly unknown[] {
    return this.isEmpty() ? [] : [this.first()];
  }

  /** The current document's squared norm as VectorUtil#cosine accumulates it (computed once per document). */
  normSquared(): number {
    return docNormsSquared(this.column!, this.maxDoc)[this.cursor.doc];
  }

  /** The current document's vector (a view, not a copy), or the k-NN plugin's error when it has none. */
  vector(): Float32Array {
    return this.column!.vector(this.vectorOffset() / this.column!.dimension);
  }

  /** The column's flat data (`doc * dimension` layout), for reads at vectorOffset() without a view per document. */
  get data(): Float32Array {
    return this.column!.data;
  }

  /** Where the current document's vector starts in `data`, or the k-NN plugin's error when it has none. */
  vectorOffset(): number {
    if (this.isEmpty()) {
      throw illegalState(
        `One of the document doesn't have a value for field '${this.field}'. This can be avoided by checking if a document has a value for the field or not by doc['${this.field}'].size() == 0 ? 0 : {your script}`,
      );
    }
    return this.cursor.doc * this.column!.dimension;
  }

  invoke(name: string, args: unknown[]): unknown {
    if (args.length === 0) {
      if (name === 'getValue') return new JArray('float', this.vector());
      if (name === 'size') return boxInt(this.isEmpty() ? 0 : 1);
      if (name === 'isEmpty') return this.isEmpty();
    }
    if (name === 'get') throw unsupportedOperation('knn vector does not support this operation');
    return NO_SUCH_MEMBER;
  }

  read(name: string): unknown {
    if (name === 'value') return new JArray('float', this.vector());
    if (name === 'empty') return this.isEmpty();
    return NO_SUCH_MEMBER;
  }
}
