/**
 * Runs the full-text conformance cases (conformance/cases/full-text.json, whose expected scores were computed by an
 * independent float32 implementation of BM25, with the arithmetic in each case's `why`) through the parsers directly,
 * plus hand-computed unit cases for the match query.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OpenSearchError } from '../../errors';
import { buildIndex, Case, parse, topHits } from './match.spec-helpers';

// term.ts (the lead's) imports ./text-term, which may not exist yet in this checkout: stand in with the BM25 term query.
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

const file = JSON.parse(readFileSync(join(__dirname, '../../../conformance/cases/full-text.json'), 'utf8'));

describe('full-text conformance cases (parsers run directly)', () => {
  const { searcher, ctx } = buildIndex(file.setup.body.mappings, file.setup.docs);
  it.each((file.cases as Case[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    if (c.expect.error) {
      let error: unknown;
      try {
        topHits(searcher, parse(ctx, c.request.query));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(OpenSearchError);
      const e = error as OpenSearchError;
      expect({ status: e.status, type: e.type, reason: e.reason }).toEqual({
        status: c.expect.status,
        ...c.expect.error,
      });
      return;
    }
    const result = topHits(searcher, parse(ctx, c.request.query), c.request.size ?? 10);
    expect(result.total).toBe(c.expect.total);
    expect(result.hits.map((h) => h._id)).toEqual(c.expect.hits?.map((h) => h._id));
    result.hits.forEach((h, i) => expect(h._score).toBeCloseTo(c.expect.hits?.[i]._score as number, 6));
  });
});

describe('match (hand-computed)', () => {
  const { searcher, ctx, index } = buildIndex({ properties: { t: { type: 'text' } } }, [
    { _id: '1', _source: { t: 'quick fox' } },
    { _id: '2', _source: { t: 'quick dog jumps' } },
    { _id: '3', _source: { t: 'lazy cat' } },
  ]);

  it('a term: N = 3, n = 2, avgdl = 7 / 3', () => {
    // idf = ln(1 + (3 - 2 + 0.5) / (2 + 0.5)) = ln(1.6) = 0.47000363
    // avgdl = (float) (7 / 3) = 2.3333333; doc 1 (dl 2): normInverse = 1 / (1.2 * (0.25 + 0.75 * 2 / 2.3333333)) = 0.99137926
    // score = 0.47000363 - 0.47000363 / (1 + 0.99137926) = 0.23397158
    const hits = topHits(searcher, parse(ctx, { match: { t: 'quick' } })).hits;
    expect(hits.map((h) => h._id)).toEqual(['1', '2']);
    const f = Math.fround;
    const idf = f(Math.log(1.6));
    const inv = f(1 / f(f(1.2) * f(0.25 + f(f(f(0.75) * 2) / f(7 / 3)))));
    expect(hits[0]._score).toBe(f(idf - f(idf / f(1 + inv))));
  });

  it('several terms: "sum of:" the matching clauses', () => {
    const q = parse(ctx, { match: { t: 'quick fox' } });
    const e = q.explain(searcher, 0);
    expect(e.description).toBe('sum of:');
    expect(e.details.map((d) => d.description)).toEqual([
      'weight(t:quick in 0) [PerFieldSimilarity], result of:',
      'weight(t:fox in 0) [PerFieldSimilarity], result of:',
    ]);
    expect(e.value).toBe(Math.fround(e.details[0].value + e.details[1].value));
    expect(topHits(searcher, q).hits[0]).toEqual({ _id: '1', _score: e.value });
    expect(q.explain(searcher, 2).value).toBe(0);
  });

  it('statistics count live documents only (an update replaces the old version)', () => {
    // Re-indexing doc 3 as "quick" deletes the old version: N stays 3, n(quick) becomes 3.
    const { indexDocument } = jest.requireActual('../../documents/document-writes');
    indexDocument(index, '3', '{"t":"quick"}', { t: 'quick' }, 'index', {}, []);
    index.refresh();
    const s = { ...searcher, reader: index.reader };
    const hits = topHits(s, parse(ctx, { match: { t: 'quick' } })).hits;
    expect(hits.length).toBe(3);
    // idf = ln(1 + 0.5 / 3.5) = 0.13353139; doc 3 is shortest (dl 1) so it ranks first.
    expect(hits[0]._id).toBe('3');
    const e = parse(ctx, { match: { t: 'quick' } }).explain(s, index.reader.docIdOf('3') as number);
    expect(e.details[0].details[0].value).toBe(Math.fround(Math.log(1 + 0.5 / 3.5)));
  });
});
