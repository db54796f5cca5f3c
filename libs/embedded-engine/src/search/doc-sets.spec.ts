import fc from 'fast-check';
import { advanceTo, intersectDocs, unionDocs } from './doc-sets';

/** An ascending list of distinct doc ids below 300. */
const docList = fc
  .uniqueArray(fc.integer({ min: 0, max: 299 }), { maxLength: 120 })
  .map((ids) => Int32Array.from(ids.sort((a, b) => a - b)));

describe('doc-id list merging', () => {
  it('advanceTo finds the first doc at or after `from` that is >= target, as a linear walk does', () => {
    fc.assert(
      fc.property(docList, fc.nat(130), fc.integer({ min: -1, max: 301 }), (docs, from, target) => {
        let expected = Math.min(from, docs.length);
        while (expected < docs.length && docs[expected] < target) expected++;
        expect(advanceTo(docs, from, target)).toBe(from >= docs.length ? from : expected);
      }),
    );
  });

  it('advanceTo on hand-picked lists', () => {
    const docs = Int32Array.from([2, 4, 8, 16, 32, 64]);
    expect(advanceTo(docs, 0, 1)).toBe(0);
    expect(advanceTo(docs, 0, 2)).toBe(0);
    expect(advanceTo(docs, 0, 33)).toBe(5);
    expect(advanceTo(docs, 2, 3)).toBe(2); // never moves back
    expect(advanceTo(docs, 0, 65)).toBe(6);
  });

  it('intersectDocs keeps the docs of both lists, ascending', () => {
    fc.assert(
      fc.property(docList, docList, (a, b) => {
        const inB = new Set(b);
        expect([...intersectDocs(a, b)]).toEqual([...a].filter((d) => inB.has(d)));
      }),
    );
  });

  it('unionDocs gives every doc once, ascending, by sort or by bitmap', () => {
    fc.assert(
      fc.property(fc.array(docList, { maxLength: 5 }), fc.boolean(), (lists, bitmap) => {
        const expected = [...new Set(lists.flatMap((l) => [...l]))].sort((x, y) => x - y);
        expect([...unionDocs(lists, bitmap ? 300 : undefined)]).toEqual(expected);
      }),
    );
  });
});
