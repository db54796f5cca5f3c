import { EngineState } from '../../engine-state';
import { indexDocument } from '../../documents/document-writes';
import { OpenSearchError } from '../../errors';
import { isPlainObject } from '../../rest/json';
import { Query, QueryParseContext, Searcher } from '../types';
import { knnQueryParser } from './knn';
import { exactTopK, exactWithin } from '../vectors/exact-search';
import { SpaceType } from '../vectors/similarity';

/**
 * A stand-in for the lead's registry in this spec: `knn`, plus `term` on keywords and `match_all` for filters.
 */
function parseQuery(json: unknown, ctx: Omit<QueryParseContext, 'parseInner' | 'parseFilter'>): Query {
  const full: QueryParseContext = {
    ...ctx,
    parseInner: (inner) => parseQuery(inner, ctx),
    parseFilter: (inner) => parseQuery(inner, ctx),
  };
  const [type, body] = Object.entries(json as Record<string, unknown>)[0];
  if (type === 'knn') return knnQueryParser(body, full);
  const matching = (s: Searcher, test: (doc: number) => boolean) => {
    const docs = Int32Array.from(s.reader.liveDocs().filter(test));
    return { docs, scores: new Float32Array(docs.length).fill(1) };
  };
  if (type === 'match_all') {
    return {
      execute: (s) => matching(s, () => true),
      explain: () => ({ value: 1, description: '*:*', details: [] }),
    };
  }
  if (type === 'term' && isPlainObject(body)) {
    const [field, value] = Object.entries(body)[0];
    return {
      execute: (s) =>
        matching(s, (d) => {
          const col = s.reader.keyword(field);
          return !!col && col.valueCount(d) > 0 && col.value(d, 0) === value;
        }),
      explain: () => ({ value: 1, description: `${field}:${String(value)}`, details: [] }),
    };
  }
  throw new Error(`spec parser: no ${type}`);
}

type Src = Record<string, unknown>;

function setup(mappings: Src, docs: [string, Src][], knn = true) {
  const state = new EngineState();
  const records: never[] = [];
  const index = state.createIndex('i', { settings: { 'index.knn': knn }, mappings } as never, records);
  for (const [id, src] of docs) indexDocument(index, id, JSON.stringify(src), src, 'index', {}, records);
  index.refresh();
  const searcher: Searcher = {
    reader: index.reader,
    mappings: index.meta.mappings,
    indexName: 'i',
    now: Date.now(),
  };
  const ctx = { mappings: index.meta.mappings, indexName: 'i', now: Date.now() };
  const run = (query: unknown) => {
    const set = parseQuery(query, ctx).execute(searcher);
    const hits = Array.from(set.docs, (d, i) => ({ id: index.reader.storedDoc(d).id, score: set.scores[i] }));
    return hits.sort((a, b) => b.score - a.score || 0);
  };
  const fail = (query: unknown): OpenSearchError => {
    try {
      parseQuery(query, ctx).execute(searcher);
    } catch (error) {
      return error as OpenSearchError;
    }
    throw new Error('expected an error');
  };
  return { index, searcher, ctx, run, fail };
}

const cosineMapping = (engine: string) => ({
  properties: {
    v: { type: 'knn_vector', dimension: 3, method: { name: 'hnsw', space_type: 'cosinesimil', engine } },
    color: { type: 'keyword' },
  },
});
const ex1Docs: [string, Src][] = [
  ['1', { v: [1, 2, 3] }],
  ['2', { v: [3, 2, 1] }],
  ['3', { v: [0, 0, 1] }],
  ['4', { color: 'red' }], // no vector: never a knn hit
];

const l2Mapping = (engine: string, space = 'l2') => ({
  properties: {
    v2: { type: 'knn_vector', dimension: 2, method: { name: 'hnsw', space_type: space, engine } },
    color: { type: 'keyword' },
  },
});
const ex3Docs: [string, Src][] = [
  ['a', { v2: [1, 0], color: 'red' }],
  ['b', { v2: [2, 2], color: 'blue' }],
  ['c', { v2: [0, 3], color: 'red' }],
  ['d', { v2: [0.5, 0.5], color: 'blue' }],
];

describe.each(['lucene', 'faiss'])('knn query (%s engine)', (engine) => {
  it('scores cosinesimil as (1 + cos) / 2 (reference Ex.1)', () => {
    const { run } = setup(cosineMapping(engine), ex1Docs);
    // cos(q,1) = 1 → 1; cos(q,3) = 3/√14 → 0.9008919; cos(q,2) = 10/14 → 0.85714287
    expect(run({ knn: { v: { vector: [1, 2, 3], k: 3 } } })).toEqual([
      { id: '1', score: 1 },
      { id: '3', score: Math.fround(0.9008919) },
      { id: '2', score: Math.fround(0.85714287) },
    ]);
    expect(run({ knn: { v: { vector: [1, 2, 3], k: 2 } } }).map((h) => h.id)).toEqual(['1', '3']);
    // k larger than the docs having the vector: doc 4 (no vector) never matches
    expect(run({ knn: { v: { vector: [1, 2, 3], k: 10 } } })).toHaveLength(3);
  });

  it('scores l2 as 1 / (1 + d²) and filters efficiently (reference Ex.3)', () => {
    const { run } = setup(l2Mapping(engine), ex3Docs);
    expect(run({ knn: { v2: { vector: [0, 0], k: 2 } } })).toEqual([
      { id: 'd', score: Math.fround(2 / 3) }, // d² = 0.5
      { id: 'a', score: 0.5 }, // d² = 1
    ]);
    // efficient filter: the top 2 among red docs (a: 0.5, c: 1/10)
    expect(run({ knn: { v2: { vector: [0, 0], k: 2, filter: { term: { color: 'red' } } } } })).toEqual([
      { id: 'a', score: 0.5 },
      { id: 'c', score: Math.fround(0.1) },
    ]);
    // a filter matching nothing
    expect(run({ knn: { v2: { vector: [0, 0], k: 2, filter: { term: { color: 'green' } } } } })).toEqual([]);
  });

  it('multiplies by boost in float32', () => {
    const { run } = setup(l2Mapping(engine), ex3Docs);
    expect(run({ knn: { v2: { vector: [0, 0], k: 1, boost: 3 } } })).toEqual([
      { id: 'd', score: Math.fround(Math.fround(2 / 3) * 3) },
    ]);
  });

  it('scores innerproduct as ip + 1, or 1 / (1 − ip) when negative', () => {
    const { run } = setup(l2Mapping(engine, 'innerproduct'), [
      ['p', { v2: [3, 4] }],
      ['n', { v2: [-1, -1] }],
    ]);
    // q = [1,2]: ip(p) = 11 → 12; ip(n) = -3 → 0.25
    expect(run({ knn: { v2: { vector: [1, 2], k: 5 } } })).toEqual([
      { id: 'p', score: 12 },
      { id: 'n', score: 0.25 },
    ]);
  });

  it('returns every doc above min_score (radial)', () => {
    const { run } = setup(l2Mapping(engine), ex3Docs);
    // scores: d 0.6667, a 0.5, b 0.1111, c 0.1; min_score 0.3 → d, a
    expect(run({ knn: { v2: { vector: [0, 0], min_score: 0.3 } } }).map((h) => h.id)).toEqual(['d', 'a']);
    // max_distance 4.5 (squared l2): d (0.5), a (1) — b at 8 and c at 9 are out
    expect(run({ knn: { v2: { vector: [0, 0], max_distance: 4.5 } } }).map((h) => h.id)).toEqual(['d', 'a']);
  });

  it('treats the radius boundary as its engine does (Lucene score >= t, Faiss distance < r)', () => {
    const { run } = setup(l2Mapping(engine), ex3Docs);
    // a has squared distance exactly 1 (score 0.5)
    const ids = run({ knn: { v2: { vector: [0, 0], max_distance: 1 } } }).map((h) => h.id);
    expect(ids).toEqual(engine === 'lucene' ? ['d', 'a'] : ['d']);
  });

  it('rejects a zero query vector on cosinesimil', () => {
    const { fail } = setup(cosineMapping(engine), ex1Docs);
    const e = fail({ knn: { v: { vector: [0, 0, 0], k: 1 } } });
    expect(e.type).toBe('query_shard_exception');
    expect(e.reason).toBe(
      engine === 'lucene'
        ? 'failed to create query: zero vector is not supported when space type is [cosinesimil]'
        : 'failed to create query: Cannot normalize a zero-length vector',
    );
  });
});

describe('knn query validation', () => {
  const { fail, run } = setup(
    { properties: { ...l2Mapping('faiss').properties, title: { type: 'text' } } },
    ex3Docs,
  );
  const err = (q: unknown) => {
    const e = fail(q);
    return { type: e.type, reason: e.reason };
  };

  it('rejects what KNNQueryBuilder.Builder#validate rejects, as illegal_argument_exception', () => {
    expect(err({ knn: { v2: { vector: [0, 0] } } })).toEqual({
      type: 'illegal_argument_exception',
      reason: '[knn] requires exactly one of k, distance or score to be set',
    });
    expect(err({ knn: { v2: { vector: [0, 0], k: 1, min_score: 0.5 } } }).reason).toBe(
      '[knn] requires exactly one of k, distance or score to be set',
    );
    expect(err({ knn: { v2: { vector: [0, 0], k: 0 } } }).reason).toBe(
      '[knn] requires k to be in the range (0, 10000]',
    );
    expect(err({ knn: { v2: { vector: [0, 0], k: 10001 } } }).reason).toBe(
      '[knn] requires k to be in the range (0, 10000]',
    );
    expect(err({ knn: { v2: { vector: [0, 0], min_score: 0 } } }).reason).toBe(
      '[knn] requires minScore to be greater than 0',
    );
    expect(err({ knn: { v2: { k: 1 } } }).reason).toBe('[knn] requires query vector');
    expect(err({ knn: { v2: [] } }).reason).toBe(
      "[knn] field 'vector' requires to be non-null and non-empty",
    );
    expect(err({ knn: { v2: ['a'] } }).reason).toBe(
      "[knn] field 'vector' requires to be an array of numbers",
    );
  });

  it('rejects two fields with a parsing_exception', () => {
    expect(err({ knn: { v2: { vector: [0, 0], k: 1 }, other: { vector: [1], k: 1 } } })).toEqual({
      type: 'parsing_exception',
      reason: "[knn] query doesn't support multiple fields, found [v2] and [other]",
    });
  });

  it('rejects mapping mismatches as query_shard_exception (doToQuery)', () => {
    expect(err({ knn: { v2: { vector: [0, 0, 0], k: 1 } } }).reason).toBe(
      'failed to create query: Query vector has invalid dimension: 3. Dimension should be: 2',
    );
    expect(err({ knn: { title: { vector: [0, 0], k: 1 } } }).reason).toBe(
      "failed to create query: Field 'title' is not knn_vector type.",
    );
    expect(err({ knn: { nope: { vector: [0, 0], k: 1 } } }).reason).toBe(
      "failed to create query: Field 'nope' is not knn_vector type.",
    );
    expect(err({ knn: { v2: { vector: [0, 0], min_score: 1.5 } } }).reason).toBe(
      'failed to create query: [knn] requires score to be in the range [0, 1] for space type: L2',
    );
    expect(err({ knn: { v2: { vector: [0, 0], max_distance: -1 } } }).reason).toBe(
      'failed to create query: [knn] requires distance to be non-negative for space type: L2',
    );
  });

  it('matches nothing on an unmapped field with ignore_unmapped', () => {
    expect(run({ knn: { nope: { vector: [0, 0], k: 1, ignore_unmapped: true } } })).toEqual([]);
  });

  it('rejects unknown and mistyped options as the ObjectParser does', () => {
    expect(err({ knn: { v2: { vector: [0, 0], k: 1, foo: 1 } } })).toEqual({
      type: 'x_content_parse_exception',
      reason: '[knn] unknown field [foo]',
    });
    expect(err({ knn: { v2: { vector: [0, 0], k: true } } }).reason).toBe(
      "[knn] k doesn't support values of type: VALUE_BOOLEAN",
    );
    expect(err({ knn: { v2: { vector: [0, 0], k: 1, method_parameters: { foo: 1 } } } }).reason).toBe(
      '[knn] failed to parse field [method_parameters]',
    );
  });

  it('accepts method_parameters.ef_search (search stays exact)', () => {
    expect(run({ knn: { v2: { vector: [0, 0], k: 1, method_parameters: { ef_search: 10 } } } })).toEqual([
      { id: 'd', score: Math.fround(2 / 3) },
    ]);
  });
});

describe('knn query on a flat field (index.knn false)', () => {
  it('is not built for ANN search', () => {
    const { fail } = setup({ properties: { v2: { type: 'knn_vector', dimension: 2 } } }, ex3Docs, false);
    expect(fail({ knn: { v2: { vector: [0, 0], k: 1 } } }).reason).toBe(
      "failed to create query: Field 'v2' is not built for ANN search.",
    );
  });
});

describe('knn explain', () => {
  it('explains Faiss results as KNNWeight#explain and Lucene ones as DocAndScoreQuery', () => {
    const faiss = setup(l2Mapping('faiss'), ex3Docs);
    const q = parseQuery({ knn: { v2: { vector: [0, 0], k: 2 } } }, faiss.ctx);
    const doc = faiss.index.reader.docIdOf('a') as number;
    expect(q.explain(faiss.searcher, doc)).toEqual({
      value: 0.5,
      description: 'the type of knn search executed was Approximate-NN',
      details: [
        {
          value: 0.5,
          description:
            'the type of knn search executed at leaf was Approximate-NN with vectorDataType = FLOAT, spaceType = l2 where score is computed as `1 / (1 + rawScore)` from:',
          details: [{ value: 1, description: 'rawScore, returned from faiss library', details: [] }],
        },
      ],
    });
    const lucene = setup(l2Mapping('lucene'), ex3Docs);
    const lq = parseQuery({ knn: { v2: { vector: [0, 0], k: 2 } } }, lucene.ctx);
    expect(lq.explain(lucene.searcher, lucene.index.reader.docIdOf('a') as number)).toEqual({
      value: 0.5,
      description: 'within top 2 docs',
      details: [],
    });
  });
});

describe('knn over many documents', () => {
  it('finds the same top k through the WebAssembly scan as by brute force, and follows refreshes', () => {
    const dim = 64;
    let seed = 11;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5;
    const docs: [string, Src][] = [];
    for (let i = 0; i < 4200; i++)
      docs.push([`d${i}`, { v: Array.from({ length: dim }, () => Math.round(rnd() * 1000) / 100) }]);
    for (const space of ['innerproduct', 'l2', 'cosinesimil']) {
      const mapping = {
        properties: {
          v: {
            type: 'knn_vector',
            dimension: dim,
            method: { name: 'hnsw', space_type: space, engine: 'lucene' },
          },
        },
      };
      const { run, index } = setup(mapping, docs);
      const query = Array.from({ length: dim }, () => Math.round(rnd() * 100) / 100);
      const top = run({ knn: { v: { vector: query, k: 5 } } });
      // brute force in JavaScript over every document (exactWithin scores each candidate without the SIMD scan)
      const reader = index.reader;
      const request = {
        reader,
        column: reader.vector('v')!,
        space: space as SpaceType,
        query: Float32Array.from(query),
        candidates: { kind: 'list' as const, docs: reader.liveDocs() },
      };
      const everything = exactWithin(request, () => true);
      const bruteTop = Array.from(everything.docs)
        .map((doc, i) => ({ doc, score: everything.scores[i] }))
        .sort((a, b) => b.score - a.score || a.doc - b.doc)
        .slice(0, 5);
      expect(top.map((h) => h.score)).toEqual(bruteTop.map((h) => h.score));
      // a filter keeping 10% goes through the SIMD scan too, and agrees with brute force over its candidates
      const tenth = reader.liveDocs().subarray(0, 420);
      const filtered = exactTopK({ ...request, candidates: { kind: 'list', docs: tenth } }, 5);
      const inTenth = Array.from(everything.docs)
        .map((doc, i) => ({ doc, score: everything.scores[i] }))
        .filter((h) => h.doc < 420)
        .sort((a, b) => b.score - a.score || a.doc - b.doc)
        .slice(0, 5)
        .sort((a, b) => a.doc - b.doc);
      expect(Array.from(filtered.docs)).toEqual(inTenth.map((h) => h.doc));
      expect(Array.from(filtered.scores)).toEqual(inTenth.map((h) => Math.fround(h.score)));
      // a refresh appends documents: the scan sees them
      const best = { v: query.map((x) => (space === 'innerproduct' ? x * 100 : x)) };
      indexDocument(index, 'best', JSON.stringify(best), best, 'index', {}, [] as never[]);
      index.refresh();
      expect(run({ knn: { v: { vector: query, k: 1 } } })[0].id).toBe('best');
    }
  });
});
