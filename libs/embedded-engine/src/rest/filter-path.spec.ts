import { RawJson } from './json';
import { applyFilterPath } from './filter-path';

describe('applyFilterPath', () => {
  const response = {
    took: 3,
    hits: {
      total: { value: 2 },
      hits: [
        { _id: 'a', _score: 1, _source: new RawJson('{"x":1,"y":2}') },
        { _id: 'b', _score: 0.5 },
      ],
    },
  };

  it('keeps the named paths through arrays', () => {
    expect(applyFilterPath(response, 'hits.hits._id')).toEqual({
      hits: { hits: [{ _id: 'a' }, { _id: 'b' }] },
    });
  });

  it('supports * and ** and reads into _source', () => {
    expect(applyFilterPath(response, 'hits.hits._source.x,took')).toEqual({
      took: 3,
      hits: { hits: [{ _source: { x: 1 } }] },
    });
    expect(applyFilterPath(response, '**.value')).toEqual({ hits: { total: { value: 2 } } });
    expect(applyFilterPath(response, 'h*.total')).toEqual({ hits: { total: { value: 2 } } });
  });

  it('excludes paths starting with -', () => {
    expect(applyFilterPath({ a: 1, b: { c: 2, d: 3 } }, '-b.c')).toEqual({ a: 1, b: { d: 3 } });
  });

  it('gives {} when nothing matches', () => {
    expect(applyFilterPath(response, 'nothing')).toEqual({});
  });
});
