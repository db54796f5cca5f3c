import { B, bm25AvgFieldLength, bm25Idf, Bm25Scorer, javaFloatString, K1 } from './bm25';
import { intToByte4 } from './norms';

describe('BM25 (Lucene 10 BM25Similarity)', () => {
  it('idf = (float) ln(1 + (N - n + 0.5) / (n + 0.5))', () => {
    // N = 3, n = 2: ln(1 + 1.5 / 2.5) = ln(1.6) = 0.470003629... -> float 0.4700036346912384
    expect(bm25Idf(2, 3)).toBe(0.4700036346912384);
    // N = 7, n = 3: ln(1 + 4.5 / 3.5) = ln(2.2857142857) = 0.826678573... -> float 0.8266785740852356
    expect(bm25Idf(3, 7)).toBe(0.8266785740852356);
  });

  it('avgdl = (float) (sumTotalTermFreq / docCount)', () => {
    expect(bm25AvgFieldLength(28, 7)).toBe(4);
    expect(bm25AvgFieldLength(10, 3)).toBe(Math.fround(10 / 3));
  });

  it('score = weight - weight / (1 + freq * normInverse), float at every step', () => {
    // N = 3, n = 2, avgdl = 12 / 3 = 4; dl = 4, freq = 1:
    // normInverse = 1 / (1.2f * (0.25 + 0.75f * 4 / 4)) = 1 / 1.2f = 0.8333333134651184
    // score = 0.47000363 - 0.47000363 / 1.8333333 = 0.21363800764083862
    const s = new Bm25Scorer(1, 3, 12, [2]);
    expect(s.score(1, intToByte4(4))).toBe(0.21363800764083862);
    // dl = 2, freq = 2: normInverse = 1 / (1.2f * (0.25 + 0.75 * 2 / 4)) = 1.3333333730697632
    // score = w - w / (1 + 2.6666667) = 0.3418208360671997
    expect(s.score(2, intToByte4(2))).toBe(0.3418208360671997);
    // boost 2.5: weight = 2.5f * 0.47000363 = 1.1750091; score = 1.1750091 * (1 - 1 / 1.8333333) = 0.534095048904419
    expect(new Bm25Scorer(2.5, 3, 12, [2]).score(1, intToByte4(4))).toBe(0.534095048904419);
  });

  it('a phrase sums its terms idf in double, then casts to float', () => {
    const s = new Bm25Scorer(1, 3, 12, [2, 1]);
    // idf(2, 3) = 0.47000363, idf(1, 3) = ln(1 + 2.5 / 1.5) = 0.98082924 -> 1.45083287
    expect(s.idf).toBe(Math.fround(bm25Idf(2, 3) + bm25Idf(1, 3)));
  });

  it('explains as Lucene prints it', () => {
    const s = new Bm25Scorer(2, 3, 12, [2]);
    const e = s.explain(
      { value: 1, description: 'freq, occurrences of term within document', details: [] },
      intToByte4(4),
    );
    expect(e.description).toBe('score(freq=1.0), computed as boost * idf * tf from:');
    expect(e.value).toBe(s.score(1, intToByte4(4)));
    expect(e.details.map((d) => d.description)).toEqual([
      'boost',
      'idf, computed as log(1 + (N - n + 0.5) / (n + 0.5)) from:',
      'tf, computed as freq / (freq + k1 * (1 - b + b * dl / avgdl)) from:',
    ]);
    expect(e.details[1].details.map((d) => [d.value, d.description])).toEqual([
      [2, 'n, number of documents containing term'],
      [3, 'N, total number of documents with field'],
    ]);
    expect(e.details[2].details.map((d) => [d.value, d.description])).toEqual([
      [1, 'freq, occurrences of term within document'],
      [K1, 'k1, term saturation parameter'],
      [B, 'b, length normalization parameter'],
      [4, 'dl, length of field'],
      [4, 'avgdl, average length of field'],
    ]);
    // tf = 1 - 1 / (1 + 0.8333333) = 0.45454544
    expect(e.details[2].value).toBe(Math.fround(1 - Math.fround(1 / Math.fround(1 + Math.fround(1 / 1.2)))));
    // No boost entry at boost 1; dl above norm byte 39 is "(approximate)".
    const plain = new Bm25Scorer(1, 3, 300, [2]);
    const e2 = plain.explain({ value: 1, description: 'freq', details: [] }, intToByte4(100));
    expect(e2.details[0].description.startsWith('idf')).toBe(true);
    expect(e2.details[1].details[3].description).toBe('dl, length of field (approximate)');
  });

  it("prints floats as Java's Float.toString", () => {
    expect(javaFloatString(1)).toBe('1.0');
    expect(javaFloatString(0.5)).toBe('0.5');
    expect(javaFloatString(1 / 3)).toBe('0.33333334');
    expect(javaFloatString(0.3)).toBe('0.3');
    expect(javaFloatString(1.2)).toBe('1.2');
    expect(javaFloatString(1e-4)).toBe('1.0E-4');
    expect(javaFloatString(12345678)).toBe('1.2345678E7');
  });
});
