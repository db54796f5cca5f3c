import { prettyJson, RawJson, stringifyResponse } from './json';

describe('stringifyResponse', () => {
  it('splices raw sources verbatim, keeping their number formatting and key order', () => {
    const text = stringifyResponse({
      hits: [{ _id: '1', _source: new RawJson('{"b":1.0,"a":[1.50]}') }],
      n: 2,
    });
    expect(text).toBe('{"hits":[{"_id":"1","_source":{"b":1.0,"a":[1.50]}}],"n":2}');
  });

  it('splices every raw text in its place, whatever text it holds', () => {
    const sources = ['{"name":"São Paulo · 東京 🌍"}', '[1.0,2.50]', '"\\u0000raw:x:0"', '{}'];
    const text = stringifyResponse({
      took: 1,
      hits: sources.map((source, i) => ({
        _id: String(i),
        _score: new RawJson('1.50'),
        _source: new RawJson(source),
      })),
      tail: 'ü',
    });
    const hits = sources.map((source, i) => `{"_id":"${i}","_score":1.50,"_source":${source}}`).join(',');
    expect(text).toBe(`{"took":1,"hits":[${hits}],"tail":"ü"}`);
  });

  it('leaves strings that look like the marker alone', () => {
    expect(stringifyResponse({ s: 'raw:0' })).toBe('{"s":"raw:0"}');
    // A user's string shaped like a marker is never replaced by a raw text.
    const sneaky = '\u0000raw:0';
    expect(JSON.parse(stringifyResponse({ _id: sneaky, _source: new RawJson('{"a":1}') }))).toEqual({
      _id: sneaky,
      _source: { a: 1 },
    });
  });
});

describe('prettyJson', () => {
  it('prints as OpenSearch does with ?pretty', () => {
    expect(prettyJson('{"a":1,"b":{"c":[1,"x"],"d":{},"e":[]}}')).toBe(
      '{\n  "a" : 1,\n  "b" : {\n    "c" : [\n      1,\n      "x"\n    ],\n    "d" : { },\n    "e" : [ ]\n  }\n}\n',
    );
  });
});
