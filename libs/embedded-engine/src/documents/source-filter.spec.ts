import fc from 'fast-check';
import {
  filterObject,
  pickTopLevel,
  renderSource,
  sourceFilterFromBody,
  sourceFilterFromParams,
} from './source-filter';
import { RawJson } from '../rest/json';

describe('source filtering', () => {
  const source = { name: 'A', meta: { a: 1, b: { c: 2 } }, tags: ['x'], list: [{ k: 1, v: 2 }] };

  it('keeps top-level includes in the source order', () => {
    expect(Object.keys(filterObject(source, ['tags', 'name', 'nope'], []))).toEqual(['name', 'tags']);
    expect(filterObject(source, ['meta'], [])).toEqual({ meta: { a: 1, b: { c: 2 } } });
  });

  it('keeps includes (with wildcards and parents) and drops excludes', () => {
    expect(filterObject(source, ['name', 'meta.b.*'], [])).toEqual({ name: 'A', meta: { b: { c: 2 } } });
    expect(filterObject(source, ['meta'], ['meta.b'])).toEqual({ meta: { a: 1 } });
    expect(filterObject(source, [], ['meta', 'list.v'])).toEqual({
      name: 'A',
      tags: ['x'],
      list: [{ k: 1 }],
    });
    expect(filterObject(source, ['list.k'], [])).toEqual({ list: [{ k: 1 }] });
  });

  it('cuts top-level fields out of the source text as written', () => {
    const text =
      '{ "a" : 1.0, "s": "x,}]{\\"q\\"", "v": [1, [2, {"k": "}"}]], "o": {"p": {"q": 1}}, "b\\u0022": true }';
    expect(pickTopLevel(text, new Set(['a', 'v', 'b"'])).text).toBe(
      '{"a":1.0,"v":[1, [2, {"k": "}"}]],"b\\u0022":true}',
    );
    expect(JSON.parse(pickTopLevel(text, new Set(['s', 'o'])).text)).toEqual({
      s: 'x,}]{"q"',
      o: { p: { q: 1 } },
    });
    expect(pickTopLevel('{}', new Set(['a'])).text).toBe('{}');
    expect(renderSource('{"a":1,"b":2}', sourceFilterFromParams({ _source_includes: 'b' }))).toEqual(
      new RawJson('{"b":2}'),
    );
  });

  it('cuts vectors, strings with escaped quotes and nested arrays as a parse would', () => {
    const text =
      '{"e": [0.5, -1e-3, 2], "z": [], "m": [1, "]", 2], "n": [[1], 2], "q": "a\\\\", "r": "\\"]"}';
    expect(JSON.parse(pickTopLevel(text, new Set(['e', 'z', 'm', 'n', 'q', 'r'])).text)).toEqual(
      JSON.parse(text),
    );
    expect(pickTopLevel(text, new Set(['m', 'r'])).text).toBe('{"m":[1, "]", 2],"r":"\\"]"}');
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.array(fc.string()),
        fc.boolean(),
        (source, extra, spaced) => {
          const text = JSON.stringify(source, null, spaced ? 1 : undefined);
          const wanted = new Set([...Object.keys(source).filter((_, i) => i % 2 === 0), ...extra]);
          const expected = Object.fromEntries(Object.entries(source).filter(([k]) => wanted.has(k)));
          // through JSON both ways (it writes -0 as 0)
          const want = JSON.parse(JSON.stringify(expected)) as unknown;
          expect(JSON.parse(pickTopLevel(text, wanted).text)).toEqual(want);
          // a stored document: its first pick reads where the fields lie, the second cuts from what it remembered
          const owner = {};
          for (let i = 0; i < 2; i++)
            expect(JSON.parse(pickTopLevel(text, wanted, owner).text)).toEqual(want);
        },
      ),
    );
  });

  it("remembers where a stored document's fields lie, and keeps repeated keys", () => {
    const owner = {};
    expect(pickTopLevel('{"a":1,"b":[2,3],"tail":[1,2]}', new Set(['a', 'b']), owner).text).toBe(
      '{"a":1,"b":[2,3]}',
    );
    // the second pick cuts where the first read found the fields (this text, which a stored document never changes
    // to, shows it: the "a" written where "tail" was is not seen)
    expect(pickTopLevel('{"a":1,"b":[2,3],"a":4,"t":0}', new Set(['a', 'b']), owner).text).toBe(
      '{"a":1,"b":[2,3]}',
    );
    // a text that repeats a key: both copies are kept, a parse keeps the last
    const repeats = {};
    const repeated = '{"a":1,"b":2,"a":3}';
    for (let i = 0; i < 2; i++) {
      expect(pickTopLevel(repeated, new Set(['a', 'b']), repeats).text).toBe('{"a":1,"b":2,"a":3}');
    }
    expect(JSON.parse(pickTopLevel(repeated, new Set(['a', 'b']), repeats).text)).toEqual(
      JSON.parse(repeated),
    );
  });

  it('answers the pick it remembers for the same fields of the same document, and cuts again for others', () => {
    const owner = {};
    const text = '{"a":1,"b":"x","c":[1,2]}';
    expect(pickTopLevel(text, new Set(['a', 'c']), owner).text).toBe('{"a":1,"c":[1,2]}');
    // the same fields, in another order and another set: the remembered pick (this text of the same layout, which
    // a stored document never changes to, shows it)
    const changed = '{"a":9,"b":"y","c":[3,4]}';
    expect(pickTopLevel(changed, new Set(['c', 'a']), owner).text).toBe('{"a":1,"c":[1,2]}');
    // other fields: cut again, and both picks are remembered
    expect(pickTopLevel(text, new Set(['b']), owner).text).toBe('{"b":"x"}');
    expect(pickTopLevel(text, new Set(['a', 'c']), owner).text).toBe('{"a":1,"c":[1,2]}');
    // another document (a new version of a stored one is another object)
    expect(pickTopLevel('{"a":2,"c":[]}', new Set(['a', 'c']), {}).text).toBe('{"a":2,"c":[]}');
    // a list not asked for since eight others were: forgotten, cut again
    for (let i = 0; i < 8; i++) pickTopLevel(text, new Set([`other${i}`]), owner);
    expect(pickTopLevel(changed, new Set(['a', 'c']), owner).text).toBe('{"a":9,"c":[3,4]}');
  });

  it('finds escaped keys in remembered documents and in texts too long to remember', () => {
    const short = '{"x\\u0022":1, "b\\"": [2], "c": 3}';
    const long = `{"pad":"${'p'.repeat(40_000)}","b\\"":[2],"c":3}`;
    for (const text of [short, long]) {
      const parsed = JSON.parse(text) as Record<string, unknown>;
      const owner = {};
      for (let i = 0; i < 2; i++) {
        expect(JSON.parse(pickTopLevel(text, new Set(['b"', 'c']), owner).text)).toEqual({
          'b"': parsed['b"'],
          c: 3,
        });
      }
    }
  });

  it('returns the stored text verbatim when unfiltered', () => {
    expect(renderSource('{"a":1.0}', sourceFilterFromParams({}))).toEqual(new RawJson('{"a":1.0}'));
    expect(renderSource('{"a":1.0}', sourceFilterFromParams({ _source: 'false' }))).toBeUndefined();
  });

  it('reads the body forms', () => {
    expect(sourceFilterFromBody(['a', 'b'])).toEqual({ fetch: true, includes: ['a', 'b'], excludes: [] });
    expect(sourceFilterFromBody({ includes: 'a', excludes: ['b'] })).toEqual({
      fetch: true,
      includes: ['a'],
      excludes: ['b'],
    });
    expect(sourceFilterFromBody(false).fetch).toBe(false);
  });
});
