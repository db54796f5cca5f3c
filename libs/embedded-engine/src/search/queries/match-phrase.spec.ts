import { bm25Idf, Bm25Scorer } from '../scoring/bm25';
import { intToByte4 } from '../scoring/norms';
import { buildIndex, parse, topHits } from './match.spec-helpers';

jest.mock(
  './text-term',
  () => {
    const { Bm25TermQuery } = jest.requireActual('./match-term');
    return {
      textTermQuery: (field: string, term: string, boost: number) => new Bm25TermQuery(field, term, boost),
    };
  },
  { virtual: true },
);

const docs = [
  { _id: 'a', _source: { t: 'a b a' } },
  { _id: 'b', _source: { t: 'x y z w' } },
  { _id: 'c', _source: { t: ['one two', 'three four'] } },
];

describe('match_phrase (PhraseQuery / SloppyPhraseMatcher)', () => {
  const { searcher, ctx } = buildIndex({ properties: { t: { type: 'text' } } }, docs);
  // Field t: N = 3 docs, sumTotalTermFreq = 3 + 4 + 4 = 11, avgdl = 3.6666667.
  const scorer = (docFreqs: number[]) => new Bm25Scorer(1, 3, 11, docFreqs);

  it('repeated terms: "a a"~2 on "a b a" matches once at distance 1 (freq 1 / (1 + 1) = 0.5)', () => {
    // The repetition group spreads the second "a" to position 2 (offset 1 -> 1); window 0..1, matchLength 1.
    const q = parse(ctx, { match_phrase: { t: { query: 'a a', slop: 2 } } });
    const expected = scorer([1, 1]).score(0.5, intToByte4(3));
    expect(topHits(searcher, q).hits).toEqual([{ _id: 'a', _score: expected }]);
    const e = q.explain(searcher, 0);
    expect(e.description).toBe('weight(t:"a a"~2 in 0) [PerFieldSimilarity], result of:');
    const tf = e.details[0].details[1];
    expect(tf.details[0].description).toBe('phraseFreq=0.5');
    // idf, sum of: idf(a) twice = 2 * ln(1 + 2.5 / 1.5)
    expect(e.details[0].details[0].description).toBe('idf, sum of:');
    expect(e.details[0].details[0].value).toBe(Math.fround(2 * bm25Idf(1, 3)));
  });

  it('"a a" exactly does not match "a b a"', () => {
    expect(topHits(searcher, parse(ctx, { match_phrase: { t: 'a a' } })).total).toBe(0);
  });

  it('sloppy: "x w"~2 on "x y z w" has matchLength 2 (freq 1/3)', () => {
    const q = parse(ctx, { match_phrase: { t: { query: 'x w', slop: 2 } } });
    expect(topHits(searcher, q).hits).toEqual([
      { _id: 'b', _score: scorer([1, 1]).score(Math.fround(1 / 3), intToByte4(4)) },
    ]);
    expect(topHits(searcher, parse(ctx, { match_phrase: { t: { query: 'x w', slop: 1 } } })).total).toBe(0);
  });

  it('values of a multi-valued field are 100 positions apart', () => {
    expect(topHits(searcher, parse(ctx, { match_phrase: { t: 'two three' } })).total).toBe(0);
    expect(
      topHits(searcher, parse(ctx, { match_phrase: { t: { query: 'two three', slop: 100 } } })).total,
    ).toBe(1);
  });

  it('explains a non-matching document', () => {
    const q = parse(ctx, { match_phrase: { t: 'x y' } });
    expect(q.explain(searcher, 0)).toEqual({ value: 0, description: 'no matching terms', details: [] });
  });

  it('rejects a negative slop', () => {
    expect(() => parse(ctx, { match_phrase: { t: { query: 'x y', slop: -1 } } })).toThrow(
      'No negative slop allowed.',
    );
  });
});
