/**
 * function_score: the conformance cases (conformance/cases/function-score.json, expected scores computed by an
 * independent script with the arithmetic in each case's `why`) run through the parsers directly, plus hand-computed
 * unit cases for explanations, random_score hashing and parse-time behaviour.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EngineState } from '../../engine-state';
import { indexDocument } from '../../documents/document-writes';
import { OpenSearchError } from '../../errors';
import { parseQuery } from '../query-registry';
import { Explanation, Query, Searcher } from '../types';
import { mix32, murmurhash3_x86_32, javaStringHash } from '../scoring/functions/random-score';

interface Case {
  name: string;
  request: { query: Record<string, unknown> };
  expect: {
    total?: number;
    hits?: { _id: string; _score: number }[];
    status?: number;
    error?: { type: string; reason?: string };
    root_cause?: { type: string; reason?: string };
  };
}

const file = JSON.parse(
  readFileSync(join(__dirname, '../../../conformance/cases/function-score.json'), 'utf8'),
);

function buildIndex(
  mappings: unknown,
  docs: { _id: string; _source: Record<string, unknown> }[],
  name = 'i',
) {
  const state = new EngineState();
  const records: never[] = [];
  const index = state.createIndex(name, { mappings } as never, records);
  for (const d of docs)
    indexDocument(index, d._id, JSON.stringify(d._source), d._source, 'index', {}, records);
  index.refresh();
  const now = Date.UTC(2024, 0, 10);
  const searcher: Searcher = { reader: index.reader, mappings: index.meta.mappings, indexName: name, now };
  const ctx = { mappings: index.meta.mappings, indexName: name, now };
  return { searcher, parse: (json: unknown): Query => parseQuery(json, ctx) };
}

function topHits(searcher: Searcher, query: Query) {
  const set = query.execute(searcher);
  const order = Array.from(set.docs.keys()).sort(
    (a, b) => set.scores[b] - set.scores[a] || set.docs[a] - set.docs[b],
  );
  return {
    total: set.docs.length,
    hits: order.map((i) => ({ _id: searcher.reader.storedDoc(set.docs[i]).id, _score: set.scores[i] })),
  };
}

/** The error as the search phase reports it: shard-level failures under search_phase_execution_exception. */
function reported(e: OpenSearchError) {
  const requestLevel =
    ['parsing_exception', 'named_object_not_found_exception'].includes(e.type) && !e.shardLevel;
  const topLevel = requestLevel || (e.type === 'illegal_argument_exception' && !e.shardLevel && parseTime);
  return topLevel
    ? { status: e.status, error: { type: e.type, reason: e.reason } }
    : {
        status: e.status,
        error: { type: 'search_phase_execution_exception' },
        root_cause: { type: e.type, reason: e.reason },
      };
}
let parseTime = false;

const closeTo = (a: number, b: number) =>
  a === b || Math.abs(a - b) <= 1e-6 * Math.max(Math.abs(a), Math.abs(b));

describe('function_score conformance cases (parsers run directly)', () => {
  const { searcher, parse } = buildIndex(file.setup.body.mappings, file.setup.docs);
  it.each((file.cases as Case[]).map((c) => [c.name, c] as const))('%s', (_name, c) => {
    let query: Query | undefined;
    let error: unknown;
    parseTime = true;
    try {
      query = parse(c.request.query);
      parseTime = false;
      const result = topHits(searcher, query);
      if (c.expect.status) throw new Error(`expected an error, got ${JSON.stringify(result)}`);
      if (c.expect.total !== undefined) expect(result.total).toBe(c.expect.total);
      if (c.expect.hits) {
        expect(result.hits.map((h) => h._id)).toEqual(c.expect.hits.map((h) => h._id));
        c.expect.hits.forEach((h, i) => {
          if (!closeTo(result.hits[i]._score, h._score))
            throw new Error(`doc ${h._id}: ${result.hits[i]._score} != ${h._score}`);
        });
      }
      return;
    } catch (e) {
      error = e;
    }
    if (!(error instanceof OpenSearchError)) throw error;
    const got = reported(error);
    expect(got.status).toBe(c.expect.status);
    expect(got.error.type).toBe(c.expect.error!.type);
    if (c.expect.error!.reason !== undefined) expect(got.error.reason).toBe(c.expect.error!.reason);
    if (c.expect.root_cause) expect(got.root_cause).toMatchObject(c.expect.root_cause);
  });
});

describe('function_score explanations', () => {
  const { searcher, parse } = buildIndex(file.setup.body.mappings, file.setup.docs);
  const docOf = (id: string) => searcher.reader.docIdOf(id)!;
  const strip = (e: Explanation): unknown => ({
    value: e.value,
    description: e.description,
    details: e.details.map(strip),
  });

  it('explains a weighted filter function under multiply', () => {
    const q = parse({
      function_score: {
        functions: [{ filter: { term: { kind: 'shop' } }, weight: 2 }, { weight: 3 }],
        score_mode: 'sum',
      },
    });
    const e = q.explain(searcher, docOf('1'));
    // factor = 2 + 3 = 5 (sum); 1 * min(5, maxBoost) = 5
    expect(e.value).toBe(5);
    expect(e.description).toBe('function score, product of:');
    const [query, min] = e.details;
    expect(query.value).toBe(1);
    expect(min.description).toBe('min of:');
    expect(min.details[1]).toEqual({ value: 3.4028234663852886e38, description: 'maxBoost', details: [] });
    const factor = min.details[0];
    expect(factor.description).toBe('function score, score mode [sum]');
    expect(factor.value).toBe(5);
    expect(factor.details[0].description).toBe('function score, product of:');
    expect(factor.details[0].details[0].description.startsWith('match filter: ')).toBe(true);
    expect(strip(factor.details[0].details[1])).toEqual({
      value: 2,
      description: 'product of:',
      details: [
        { value: 1, description: 'constant score 1.0 - no function provided', details: [] },
        { value: 2, description: 'weight', details: [] },
      ],
    });
  });

  it('explains a gauss decay on a number', () => {
    const q = parse({
      function_score: { gauss: { price: { origin: 15, scale: 10 } }, boost_mode: 'replace' },
    });
    const e = q.explain(searcher, docOf('1'));
    // single function: the factor is the function's own explanation; replace → "min of:"
    expect(e.description).toBe('min of:');
    const fn = e.details[0];
    // scale' = 0.5 * 100 / ln(0.5) = -72.13475204444818; exp(0.5 * 25 / scale') = 0.5^0.25 = 0.8408964152537145
    expect(fn.description).toBe('Function for field price:');
    expect(fn.value).toBe(Math.fround(0.8408964152537145));
    expect(fn.details[0].description).toBe(
      'exp(-0.5*pow(MIN[Math.max(Math.abs(10.0(=doc value) - 15.0(=origin))) - 0.0(=offset), 0)],2.0)/72.13475204444818)',
    );
  });

  it('explains a missing document value as distance 0', () => {
    const q = parse({ function_score: { exp: { price: { origin: 15, scale: 10 } } } });
    const fn = q.explain(searcher, docOf('5')).details[1].details[0];
    // lambda = ln(0.5)/10 = -0.06931471805599453; exp(-0 * ...) = 1
    expect(fn.value).toBe(1);
    expect(fn.details[0].description).toBe('exp(- MIN[0.0] * 0.06931471805599453)');
  });

  it('explains field_value_factor and linear with names', () => {
    const fvf = parse({
      function_score: { field_value_factor: { field: 'rating', modifier: 'log1p', missing: 1, factor: 2 } },
    });
    const f = fvf.explain(searcher, docOf('1')).details[1].details[0];
    expect(f.description).toBe("field value function: log1p(doc['rating'].value?:1.0 * factor=2.0)");
    // log10(4.199999809265137 * 2 + 1) = log10(9.399999618530273) = 0.9731278...
    expect(f.value).toBe(Math.fround(Math.log10(9.399999618530273)));
    const lin = parse({
      function_score: { functions: [{ linear: { price: { origin: 0, scale: 10 } }, _name: 'cheap' }] },
    });
    expect(lin.explain(searcher, docOf('1')).details[1].details[0].details[0].description).toBe(
      'max(0.0, ((20.0 - MIN[Math.max(Math.abs(10.0(=doc value) - 0.0(=origin))) - 0.0(=offset), 0)])/20.0, _name: cheap)',
    );
  });

  it('explains a function that matches nothing', () => {
    const q = parse({ function_score: { functions: [{ filter: { term: { kind: 'zzz' } }, weight: 2 }] } });
    const e = q.explain(searcher, docOf('1'));
    expect(e.details[1].details[0]).toEqual({ value: 1, description: 'No function matched', details: [] });
  });
});

describe('random_score', () => {
  // BitMixer.mix32(1) (MurmurHash3 fmix32 of 1) = 0x514e28b7 = 1364076727 (hppc MurmurHash3.HASH_1)
  it('mixes like hppc BitMixer', () => {
    expect(mix32(1)).toBe(1364076727);
    expect(mix32(0)).toBe(0);
  });

  // Published MurmurHash3_x86_32 vectors: "" seed 0 → 0; "" seed 1 → 0x514E28B7; "test" seed 0 → 0xba6bd213;
  // "Hello, world!" seed 1234 → 0xfaf6cdb3
  it('hashes like MurmurHash3_x86_32', () => {
    const utf8 = (s: string) => new TextEncoder().encode(s);
    expect(murmurhash3_x86_32(utf8(''), 0)).toBe(0);
    expect(murmurhash3_x86_32(utf8(''), 1) >>> 0).toBe(0x514e28b7);
    expect(murmurhash3_x86_32(utf8('test'), 0) >>> 0).toBe(0xba6bd213);
    expect(murmurhash3_x86_32(utf8('Hello, world!'), 1234) >>> 0).toBe(0xfaf6cdb3);
  });

  it('scores (hash & 0xFFFFFF) / 2^24 of the field value, salted by the index name', () => {
    const { searcher, parse } = buildIndex(
      { properties: { name: { type: 'keyword' } } },
      [
        { _id: 'a', _source: { name: 'x' } },
        { _id: 'b', _source: {} },
      ],
      'test',
    );
    // "test".hashCode() = 3556498; salt = 3556498 << 10 = -653133824 (int); saltedSeed = mix32(7 ^ salt)
    expect(javaStringHash('test')).toBe(3556498);
    const salted = mix32(7 ^ (3556498 << 10));
    const q = parse({ function_score: { random_score: { seed: 7, field: 'name' }, boost_mode: 'replace' } });
    const set = q.execute(searcher);
    const expected = (murmurhash3_x86_32(new TextEncoder().encode('x'), salted) & 0xffffff) / 16777216;
    expect(set.scores[0]).toBe(Math.fround(expected));
    // a document without the field hashes to the salted seed itself
    expect(set.scores[1]).toBe(Math.fround((salted & 0xffffff) / 16777216));
    expect(q.explain(searcher, 0).details[0].description).toBe(
      'random score function (seed: 7, field: name)',
    );
  });

  it('without a field hashes _id; a string seed is its String#hashCode', () => {
    const { searcher, parse } = buildIndex({ properties: {} }, [{ _id: 'doc1', _source: {} }], 'test');
    const salted = mix32(javaStringHash('abc') ^ (3556498 << 10)); // "abc".hashCode() = 96354
    expect(javaStringHash('abc')).toBe(96354);
    const set = parse({ function_score: { random_score: { seed: 'abc' } } }).execute(searcher);
    expect(set.scores[0]).toBe(
      Math.fround((murmurhash3_x86_32(new TextEncoder().encode('doc1'), salted) & 0xffffff) / 16777216),
    );
  });
});
