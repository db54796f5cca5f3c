import { filterObject, renderSource, sourceFilterFromBody, sourceFilterFromParams } from './source-filter';
import { RawJson } from '../rest/json';

describe('source filtering', () => {
  const source = { name: 'A', meta: { a: 1, b: { c: 2 } }, tags: ['x'], list: [{ k: 1, v: 2 }] };

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
