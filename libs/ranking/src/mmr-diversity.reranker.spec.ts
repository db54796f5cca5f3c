import { ParameterRegistry } from '@app/pipeline';
import fc from 'fast-check';
import {
  MmrDiversityOptions,
  MmrDiversityReranker,
  lazyGreedy,
  mmrDiversityParameters,
} from './mmr-diversity.reranker';
import { TestContext, TestItem, candidate, ids, query, seededRandom } from './ranking.spec-helpers';

const mmr = (extra: Partial<MmrDiversityOptions<TestContext, TestItem, 'travel'>> = {}) =>
  new MmrDiversityReranker<TestContext, TestItem, 'travel'>({
    scenario: 'travel',
    embeddingOf: (item) => item.embedding,
    categoriesOf: (item) => item.categories,
    ...extra,
  });
const params = (values: Record<string, number>): TestContext => ({
  params: Object.fromEntries(Object.entries(values).map(([k, v]) => [`travel.mmr.${k}`, v])),
});

describe('MmrDiversityReranker: the greedy picks', () => {
  it('trades relevance for dissimilarity (cosine only; picks computed by hand)', () => {
    // Scores 11 … 10 normalise to relevance 1, 0.9, 0.5, 0. lambda 0.5: value = 0.5·rel − 0.5·maxSim.
    const candidates = [
      candidate('a', 11, { embedding: [1, 0] }),
      candidate('b', 10.9, { embedding: [2, 0] }), // the same direction as a: cosine 1
      candidate('c', 10.5, { embedding: [0, 1] }),
      candidate('d', 10, { embedding: [1, 1] }), // cosine 0.7071 with a and with c
    ];
    // 1st: a (0.5). 2nd: b 0.45 − 0.5·1 = −0.05, c 0.25 − 0 = 0.25, d 0 − 0.5·0.7071 = −0.354: c.
    // 3rd: b −0.05, d −0.354: b. Then d.
    const out = mmr().rerank(query(params({ lambda: 0.5, embeddingWeight: 1, capWindow: 0 })), candidates);
    expect(ids(out)).toEqual(['a', 'c', 'b', 'd']);
    // The order changes, the scores do not.
    expect(out.map((c) => c.score)).toEqual([11, 10.5, 10.9, 10]);
  });

  it('combines cosine and category overlap; lambda decides (hand-computed both ways)', () => {
    // Relevance 1, 0.5, 0. sim(y, x) = 0.5·0.6 + 0.5·Jaccard({cafe},{cafe,bar}) = 0.3 + 0.25 = 0.55; sim(z, x) = 0.
    const candidates = [
      candidate('x', 3, { embedding: [1, 0], categories: ['cafe', 'bar'] }),
      candidate('y', 2, { embedding: [0.6, 0.8], categories: ['cafe'] }),
      candidate('z', 1, { embedding: [0, 1], categories: ['museum'] }),
    ];
    // lambda 0.5 → y: 0.25 − 0.5·0.55 = −0.025 < z: 0.
    expect(ids(mmr().rerank(query(params({ lambda: 0.5, embeddingWeight: 0.5 })), candidates))).toEqual([
      'x',
      'z',
      'y',
    ]);
    // lambda 0.6 → y: 0.3 − 0.4·0.55 = 0.08 > z: 0.
    expect(ids(mmr().rerank(query(params({ lambda: 0.6, embeddingWeight: 0.5 })), candidates))).toEqual([
      'x',
      'y',
      'z',
    ]);
  });

  it('counts a category repeated in an item once', () => {
    // As above with repeats: Jaccard({cafe},{cafe,bar}) = 0.5 still, so at lambda 0.55 y: 0.275 − 0.45·0.55 =
    // 0.0275 > z: 0 (counting the repeats, Jaccard would be 2/3 and y −0.01 < 0).
    const candidates = [
      candidate('x', 3, { embedding: [1, 0], categories: ['cafe', 'bar', 'cafe'] }),
      candidate('y', 2, { embedding: [0.6, 0.8], categories: ['cafe', 'cafe'] }),
      candidate('z', 1, { embedding: [0, 1], categories: ['museum'] }),
    ];
    expect(ids(mmr().rerank(query(params({ lambda: 0.55, embeddingWeight: 0.5 })), candidates))).toEqual([
      'x',
      'y',
      'z',
    ]);
  });

  it('compares by categories alone when embeddings are missing, whatever the embedding weight', () => {
    const candidates = [
      candidate('a', 1, { categories: ['cafe'] }),
      candidate('b', 0.9, { categories: ['cafe'] }),
      candidate('c', 0, { categories: ['museum'] }),
    ];
    // b: 0.5·0.9 − 0.5·1 = −0.05 < c: 0.5·0 − 0 = 0.
    expect(ids(mmr().rerank(query(params({ lambda: 0.5, embeddingWeight: 1 })), candidates))).toEqual([
      'a',
      'c',
      'b',
    ]);
  });

  it('keeps the relevance order with lambda 1 and no cap', () => {
    const candidates = [3, 2, 1, 0].map((s, i) => candidate(`p${i}`, s, { embedding: [1, 0] }));
    expect(ids(mmr().rerank(query(params({ lambda: 1, capWindow: 0 })), candidates))).toEqual([
      'p0',
      'p1',
      'p2',
      'p3',
    ]);
  });

  it('chooses max(depth, page size) positions greedily and leaves the rest in their order', () => {
    const candidates = [
      candidate('a', 11, { embedding: [1, 0] }),
      candidate('b', 10.9, { embedding: [1, 0] }),
      candidate('c', 10.5, { embedding: [0, 1] }),
      candidate('d', 10, { embedding: [1, 1] }),
    ];
    const at = (depth: number, limit: number) =>
      ids(mmr().rerank(query(params({ lambda: 0.5, embeddingWeight: 1, depth }), limit), candidates));
    // One position chosen: the most relevant; b, c, d stay in their order.
    expect(at(1, 1)).toEqual(['a', 'b', 'c', 'd']);
    // Two positions, from the depth or from the page size: a, then c (as in the hand example above).
    expect(at(2, 1)).toEqual(['a', 'c', 'b', 'd']);
    expect(at(1, 2)).toEqual(['a', 'c', 'b', 'd']);
  });

  it('returns short lists as they are', () => {
    expect(mmr().rerank(query(), [])).toEqual([]);
    const one = [candidate('a', 1)];
    expect(mmr().rerank(query(), one)).toBe(one);
  });
});

describe('MmrDiversityReranker: the category cap', () => {
  const cafesFirst = () => [
    candidate('c1', 6, { categories: ['cafe'] }),
    candidate('c2', 5, { categories: ['cafe'] }),
    candidate('c3', 4, { categories: ['cafe'] }),
    candidate('m1', 3, { categories: ['museum'] }),
    candidate('c4', 2, { categories: ['cafe', 'bar'] }),
    candidate('p1', 1, { categories: ['park'] }),
  ];

  it('lets no more than categoryCap items share a category within the first capWindow positions', () => {
    // lambda 1 isolates the cap: positions 3 and 4 cannot be cafés, so m1 and p1 move up; c3, c4 follow.
    const out = mmr().rerank(query(params({ lambda: 1, categoryCap: 2, capWindow: 4 })), cafesFirst());
    expect(ids(out)).toEqual(['c1', 'c2', 'm1', 'p1', 'c3', 'c4']);
  });

  it('takes the best candidate anyway when every remaining one breaks the cap: the list never shrinks', () => {
    const cafes = [3, 2, 1].map((s, i) => candidate(`c${i}`, s, { categories: ['cafe'] }));
    const out = mmr().rerank(query(params({ lambda: 1, categoryCap: 1, capWindow: 3 })), cafes);
    expect(ids(out)).toEqual(['c0', 'c1', 'c2']);
  });

  it('counts only the capped categories when they are given (industries, not cities)', () => {
    const members = [
      candidate('a', 4, { categories: ['film', 'city:Porto'] }),
      candidate('b', 3, { categories: ['film', 'city:Porto'] }),
      candidate('c', 2, { categories: ['tech', 'city:Porto'] }),
      candidate('d', 1, { categories: ['music', 'city:Porto'] }),
    ];
    const context = query(params({ lambda: 1, categoryCap: 1, capWindow: 3 }));
    const industriesOnly = mmr({
      cappedCategoriesOf: (m) => m.categories.filter((c) => !c.startsWith('city:')),
    });
    expect(ids(industriesOnly.rerank(context, members))).toEqual(['a', 'c', 'd', 'b']);
    // Capping the city too leaves nobody eligible after the first pick: the relevance order stands.
    expect(ids(mmr().rerank(context, members))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('holds with the default knobs on 500 candidates of 64 dimensions (a permutation, 3 per category in 10)', () => {
    const random = seededRandom(7);
    const categories = ['cafe', 'museum', 'park', 'bar', 'beach', 'market', 'gallery', 'church'];
    const candidates = Array.from({ length: 500 }, (_, i) =>
      candidate(`p${i}`, 10 - i / 50, {
        embedding: Array.from({ length: 64 }, () => random() - 0.5),
        // Most candidates are cafés, so the cap has work to do.
        categories: random() < 0.6 ? ['cafe'] : [categories[1 + Math.floor(random() * 7)]],
      }),
    );
    const reranker = mmr();
    const out = reranker.rerank(query(), candidates);
    expect(out).toHaveLength(500);
    expect(new Set(ids(out)).size).toBe(500);
    const firstTen = out.slice(0, 10).flatMap((c) => c.item.categories);
    for (const category of categories) {
      expect(firstTen.filter((c) => c === category).length).toBeLessThanOrEqual(3);
    }
    expect(out[0].id).toBe('p0');
  });
});

describe('MmrDiversityReranker: parameters', () => {
  it('defines <scenario>.mmr.* with defaults and bounds, for the scenario registry', () => {
    const definitions = mmrDiversityParameters('networking');
    expect(definitions.map((d) => [d.name, d.default, d.min, d.max])).toEqual([
      ['networking.mmr.lambda', 0.7, 0, 1],
      ['networking.mmr.embeddingWeight', 0.5, 0, 1],
      ['networking.mmr.categoryCap', 3, 1, 100],
      ['networking.mmr.capWindow', 10, 0, 100],
      ['networking.mmr.depth', 20, 1, 1000],
    ]);
    const registry = new ParameterRegistry(mmr().parameters);
    const values = registry.resolve({ 'travel.mmr.lambda': 0.4 });
    const lambda: number = values['travel.mmr.lambda'];
    expect(lambda).toBe(0.4);
  });

  it('reads resolved values from the context, clamped to their bounds', () => {
    const candidates = [
      candidate('a', 1, { categories: ['cafe'] }),
      candidate('b', 0.9, { categories: ['cafe'] }),
      candidate('c', 0, { categories: ['museum'] }),
    ];
    // lambda 7 is read as 1: pure relevance.
    expect(ids(mmr().rerank(query(params({ lambda: 7 })), candidates))).toEqual(['a', 'b', 'c']);
    // A custom accessor.
    const custom = mmr({ paramsOf: () => ({ 'travel.mmr.lambda': 0.5 }) });
    expect(ids(custom.rerank(query(), candidates))).toEqual(['a', 'c', 'b']);
  });
});

/** The greedy selection as first written: every remaining candidate's value recomputed at every position. */
function eagerGreedy(n: number, picks: number, o: Parameters<typeof lazyGreedy>[2]): number[] {
  const maxSimilarity = new Float64Array(n);
  const chosen = new Uint8Array(n);
  const order: number[] = [];
  for (let position = 0; position < Math.min(picks, n); position++) {
    let best = -1;
    let bestValue = -Infinity;
    let fallback = -1;
    let fallbackValue = -Infinity;
    for (let i = 0; i < n; i++) {
      if (chosen[i]) continue;
      const value = o.relevance(i) - o.penalty * maxSimilarity[i];
      if (o.breaksCap(i, position)) {
        if (value > fallbackValue) [fallback, fallbackValue] = [i, value];
      } else if (value > bestValue) [best, bestValue] = [i, value];
    }
    if (best < 0) best = fallback;
    chosen[best] = 1;
    order.push(best);
    o.onPick(best, position);
    for (let i = 0; i < n; i++) {
      if (chosen[i]) continue;
      const s = o.similarity(i, best);
      if (s > maxSimilarity[i]) maxSimilarity[i] = s;
    }
  }
  return order;
}

describe('lazyGreedy', () => {
  it('picks exactly what recomputing every value at every position picks (ties, caps and fallbacks included)', () => {
    const problem = fc.integer({ min: 1, max: 40 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        picks: fc.integer({ min: 1, max: n + 3 }),
        // coarse values, so that ties happen
        relevance: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
        similarity: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n * n, maxLength: n * n }),
        labels: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
        penalty: fc.constantFrom(0, 0.3, 0.5, 1),
        cap: fc.integer({ min: 1, max: 3 }),
        capWindow: fc.integer({ min: 0, max: 12 }),
      }),
    );
    fc.assert(
      fc.property(problem, (p) => {
        const objective = () => {
          const counts = [0, 0, 0, 0];
          return {
            relevance: (i: number) => p.relevance[i] / 4,
            penalty: p.penalty,
            similarity: (i: number, j: number) => p.similarity[Math.min(i, j) * p.n + Math.max(i, j)] / 4,
            breaksCap: (i: number, position: number) =>
              position < p.capWindow && counts[p.labels[i]] >= p.cap,
            onPick: (i: number, position: number) => {
              if (position < p.capWindow) counts[p.labels[i]]++;
            },
          };
        };
        expect(lazyGreedy(p.n, p.picks, objective())).toEqual(eagerGreedy(p.n, p.picks, objective()));
      }),
      { numRuns: 500 },
    );
  });
});
