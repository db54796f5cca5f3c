import { EngineState } from '../engine-state';
import { indexDocument } from '../documents/document-writes';
import { IndexStore } from '../indices/index-store';
import { NumericColumn } from './index-reader';
import { parseQuery } from './query-registry';

function indexWith(
  docs: Record<string, Record<string, unknown>>,
  mappings: Record<string, unknown>,
): IndexStore {
  const state = new EngineState();
  const index = state.createIndex('i', { settings: { refresh_interval: '-1' }, mappings }, []);
  for (const [id, source] of Object.entries(docs))
    indexDocument(index, id, JSON.stringify(source), source, 'index', {}, []);
  index.refresh();
  return index;
}

describe('NumericColumn', () => {
  it('stays single-valued until a document has several values, then keeps every value', () => {
    const column = new NumericColumn('long');
    column.add(0, [5]);
    column.add(2, [7]);
    expect([column.valueCount(0), column.valueCount(1), column.valueCount(2)]).toEqual([1, 0, 1]);
    column.add(3, [1, 9]);
    expect([column.valueCount(0), column.valueCount(1), column.valueCount(2), column.valueCount(3)]).toEqual([
      1, 0, 1, 2,
    ]);
    expect([column.value(0, 0), column.value(2, 0), column.value(3, 0), column.value(3, 1)]).toEqual([
      5, 7, 1, 9,
    ]);
    const docs = Int32Array.from([0, 1, 2, 3]);
    expect(Array.from(column.inRange(docs, 6, 9))).toEqual([2, 3]);
    expect(Array.from(column.inRange(docs, 0, 1))).toEqual([3]);
  });

  it('scans single values, skipping missing ones', () => {
    const column = new NumericColumn('boolean');
    column.add(1, [true]);
    column.add(4, [false]);
    column.add(5, [true]);
    expect(Array.from(column.inRange(Int32Array.from([0, 1, 2, 3, 4, 5, 6]), 1, 1))).toEqual([1, 5]);
  });
});

describe('IndexReader', () => {
  it('indexes text with positions, a length norm and field statistics over live documents', () => {
    const index = indexWith(
      { a: { t: 'the quick fox the' }, b: { t: ['fox', 'quick brown'] }, c: { t: '' } },
      { properties: { t: { type: 'text' } } },
    );
    const text = index.reader.text('t')!;
    expect(text.docCount).toBe(2);
    expect(text.sumTotalTermFreq).toBe(7);
    const the = text.postings('the')!;
    expect(Array.from(the.docs)).toEqual([0]);
    expect(Array.from(the.freqs)).toEqual([2]);
    expect(Array.from(the.positions.subarray(the.positionStarts[0], the.positionStarts[0] + 2))).toEqual([
      0, 3,
    ]);
    // Values of a multi-valued field are 100 positions apart (position_increment_gap).
    const quick = text.postings('quick')!;
    expect(quick.positions[quick.positionStarts[1]]).toBe(101);
    expect([text.length(0), text.length(1), text.norm(0)]).toEqual([4, 3, 4]);
    // An update is a delete plus an append: statistics follow the live documents.
    indexDocument(index, 'a', '{"t":"fox"}', { t: 'fox' }, 'index', {}, []);
    index.refresh();
    expect([text.docCount, text.sumTotalTermFreq]).toEqual([2, 4]);
    expect(index.reader.docIdOf('a')).toBe(3);
    expect(index.reader.isLive(0)).toBe(false);
  });

  it('keeps one posting per document for a repeated keyword', () => {
    const index = indexWith(
      { a: { k: ['x', 'x', 'y'] }, b: { k: 'x' } },
      { properties: { k: { type: 'keyword' } } },
    );
    const keyword = index.reader.keyword('k')!;
    expect(Array.from(keyword.postings('x')!)).toEqual([0, 1]);
    expect(keyword.valueCount(0)).toBe(3);
  });
});

describe('the filter cache', () => {
  it('serves a repeated filter until a refresh changes the index', () => {
    const index = indexWith(
      { a: { n: 1, k: 'x' }, b: { n: 5, k: 'y' } },
      { properties: { n: { type: 'integer' }, k: { type: 'keyword' } } },
    );
    const ctx = { mappings: index.meta.mappings, indexName: 'i', now: 0 };
    const searcher = () => ({ reader: index.reader, mappings: index.meta.mappings, indexName: 'i', now: 0 });
    const ids = (json: unknown) =>
      Array.from(parseQuery(json, ctx).execute(searcher()).docs).map((d) => index.reader.storedDoc(d).id);
    const range = { range: { n: { gte: 1, lte: 5 } } };
    const term = { term: { k: 'x' } };
    expect(ids(range)).toEqual(['a', 'b']);
    expect(ids(term)).toEqual(['a']);
    expect(parseQuery(range, ctx).execute(searcher())).toBe(parseQuery(range, ctx).execute(searcher()));
    indexDocument(index, 'c', '{"n":3,"k":"x"}', { n: 3, k: 'x' }, 'index', {}, []);
    index.refresh();
    expect(ids(range)).toEqual(['a', 'b', 'c']);
    expect(ids(term)).toEqual(['a', 'c']);
    // Different bounds are a different filter.
    expect(ids({ range: { n: { gte: 2 } } })).toEqual(['b', 'c']);
  });
});
