import { FreshnessExposureReranker, freshnessExposureParameters } from './freshness-exposure.reranker';
import { TestContext, TestItem, candidate, ids, query, reasonsOf } from './ranking.spec-helpers';

const NOW = Date.parse('2025-06-15T00:00:00Z');

const freshness = (extra: { reason?: string; impressionsOf?: () => number } = {}) =>
  new FreshnessExposureReranker<TestContext, TestItem, 'travel'>({
    scenario: 'travel',
    createdAtOf: (item) => item.createdAt,
    nowOf: (context) => context.now ?? NOW,
    ...extra,
  });
const context = (params: Record<string, number> = {}): TestContext => ({
  now: NOW,
  params: Object.fromEntries(Object.entries(params).map(([k, v]) => [`travel.freshness.${k}`, v])),
});

/** Score range 1.0; defaults: 14 days, 100 impressions, boost 0.1 of the range. */
const places = () => [
  candidate('a', 1.0, { createdAt: '2024-01-01T00:00:00Z' }, { impressions7d: 0 }),
  candidate('b', 0.95, { createdAt: '2025-06-13T00:00:00Z' }, { impressions7d: 0 }),
  candidate('c', 0.85, { createdAt: '2025-06-10T00:00:00Z' }, { impressions7d: 50 }),
  candidate('d', 0.5, { createdAt: '2025-06-14T00:00:00Z' }, { impressions7d: 100 }),
  candidate('e', 0.0, { createdAt: '2025-05-16T00:00:00Z' }, { impressions7d: 0 }),
];

describe('FreshnessExposureReranker', () => {
  it('boosts new places with few impressions, less the more they were shown, and says "New"', () => {
    const out = freshness().rerank(query(context()), places());
    // b: 2 days old, unseen: +0.1·1.0 → 1.05, past a. c: 5 days, 50 of 100 impressions: +0.05 → 0.90.
    // d: new but shown 100 times: nothing. e: 30 days old: nothing. a: old.
    expect(ids(out)).toEqual(['b', 'a', 'c', 'd', 'e']);
    expect(out.map((c) => c.score)).toEqual([
      expect.closeTo(1.05, 10),
      1.0,
      expect.closeTo(0.9, 10),
      0.5,
      0.0,
    ]);
    expect(reasonsOf(out)).toEqual({ b: ['New'], c: ['New'] });
  });

  it('is bounded: the boost never exceeds its maximum share of the score range', () => {
    // boost 9 is read as its maximum 0.5: b gains 0.5 · 1.0, no more.
    const out = freshness().rerank(query(context({ boost: 9 })), places());
    expect(out[0].id).toBe('b');
    expect(out[0].score).toBeCloseTo(1.45, 10);
    const definition = freshnessExposureParameters('travel').find((d) => d.name === 'travel.freshness.boost');
    expect(definition).toMatchObject({ default: 0.1, min: 0, max: 0.5 });
  });

  it('reads the age and impression limits from the parameters', () => {
    // 3 days: c (5 days old) is no longer new. 40 impressions: c would be over anyway; b still unseen.
    const out = freshness().rerank(query(context({ maxAgeDays: 3, maxImpressions: 40 })), places());
    expect(ids(out)).toEqual(['b', 'a', 'c', 'd', 'e']);
    expect(reasonsOf(out)).toEqual({ b: ['New'] });
    expect(out[2].score).toBe(0.85);
  });

  it('takes impressions and the reason from the scenario, and creation times as numbers or dates', () => {
    const members = [
      candidate('old', 2, { createdAt: '2020-01-01T00:00:00Z' }),
      candidate('new', 1, { createdAt: new Date(NOW - 86_400_000).toISOString() }),
    ];
    const reranker = freshness({ reason: 'New here', impressionsOf: () => 0 });
    const out = reranker.rerank(query(context({ boost: 0.5 })), members);
    // 1 + 0.5 · (2 − 1) = 1.5: still below 2.
    expect(ids(out)).toEqual(['old', 'new']);
    expect(out[1].score).toBe(1.5);
    expect(reasonsOf(out)).toEqual({ new: ['New here'] });

    const byNumber = new FreshnessExposureReranker<TestContext, { at: number | Date }>({
      scenario: 'travel',
      createdAtOf: (item) => item.at,
      nowOf: () => NOW,
    });
    const timed = [
      { ...candidate('n', 1), item: { at: NOW - 1000 } },
      { ...candidate('o', 2), item: { at: new Date(NOW - 30 * 86_400_000) } },
    ];
    expect(reasonsOf(byNumber.rerank(query(), timed))).toEqual({ n: ['New'] });
  });

  it('leaves items without a readable creation time alone', () => {
    const list = [candidate('a', 1, { createdAt: 'not a date' }), candidate('b', 0, {})];
    const out = freshness().rerank(query(context()), list);
    expect(ids(out)).toEqual(['a', 'b']);
    expect(reasonsOf(out)).toEqual({});
  });
});
