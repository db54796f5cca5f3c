import fc from 'fast-check';
import { isDecimalLiteral, mayHoldDecimalIntegers, parseJsonKeepingDecimals } from './json-decimals';
import { parseJson } from './json';

describe('decimal spellings in JSON', () => {
  it('records which integral numbers were written as decimals', () => {
    const parsed = parseJsonKeepingDecimals(
      '{"params": {"a": 2.0, "b": 2, "c": 1e3, "d": 0.5, "l": [1.0, 1]}}',
    ) as {
      params: { l: number[] };
    };
    const params = parsed.params;
    expect(['a', 'b', 'c', 'd'].map((k) => isDecimalLiteral(params, k))).toEqual([true, false, true, false]);
    expect([0, 1].map((i) => isDecimalLiteral(params.l, i))).toEqual([true, false]);
  });

  it('tells when a text may hold one, so that plain JSON.parse loses nothing', () => {
    expect(mayHoldDecimalIntegers('{"v": [0.25, -0.5, 3], "w": 12}')).toBe(false);
    expect(mayHoldDecimalIntegers('{"v": [0.25, 2.0]}')).toBe(true);
    expect(mayHoldDecimalIntegers('{"v": 1e3}')).toBe(true);
    expect(mayHoldDecimalIntegers('{"v": 1.0000000000000000001}')).toBe(true); // a double that is 1
    expect(mayHoldDecimalIntegers('{"at": "2026-11-23T17:00:00.000Z", "q": "web 2.0 \\" 3.0"}')).toBe(false);
    expect(mayHoldDecimalIntegers('{"q": "\\\\", "v": 3.0}')).toBe(true);
  });

  it('never misses a decimal integer the full parser would record', () => {
    const spelling = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.integer().map((n) => `${n}.0`),
      fc
        .tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: -30, max: 30 }))
        .map(([m, e]) => `${m}e${e}`),
      fc.tuple(fc.nat(), fc.stringMatching(/^0{0,25}[0-9]$/)).map(([n, f]) => `${n}.${f}`),
      // strings, some holding what looks like numbers, escaped quotes and backslashes
      fc.string().map((s) => JSON.stringify(s)),
      fc.constantFrom('"2.0"', '"a\\"3.0"', '"\\\\"', '"2026-11-23T17:00:00.000Z"'),
    );
    fc.assert(
      fc.property(fc.array(spelling, { maxLength: 8 }), (numbers) => {
        const text = `{"params": {"v": [${numbers.join(',')}]}}`;
        const parsed = parseJsonKeepingDecimals(text) as { params: { v: number[] } };
        const marked = numbers.some((_, i) => isDecimalLiteral(parsed.params.v, i));
        if (numbers.every((n) => n.startsWith('"'))) expect(mayHoldDecimalIntegers(text)).toBe(false);
        if (marked) expect(mayHoldDecimalIntegers(text)).toBe(true);
        expect(parseJson(text)).toEqual(JSON.parse(text));
      }),
    );
  });
});
