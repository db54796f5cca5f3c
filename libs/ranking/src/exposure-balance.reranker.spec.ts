import {
  ExposureBalanceReranker,
  OverCapPolicy,
  exposureBalanceParameters,
} from './exposure-balance.reranker';
import { TestContext, TestItem, candidate, ids, query, seededRandom } from './ranking.spec-helpers';

const exposure = (overCap?: OverCapPolicy) =>
  new ExposureBalanceReranker<TestContext, TestItem, 'networking'>({ scenario: 'networking', overCap });
const context = (params: Record<string, number>): TestContext => ({
  params: Object.fromEntries(Object.entries(params).map(([k, v]) => [`networking.exposure.${k}`, v])),
});
const knobs = context({ dailyCap: 30, target: 20, maxBoost: 0.5 });

const members = () => [
  candidate('a', 1.0, {}, { impressionsToday: 40 }), // over the cap
  candidate('b', 0.8, {}, { impressionsToday: 0 }), // deficit 1: × 1.5 → 1.2
  candidate('c', 0.9, {}, { impressionsToday: 10 }), // deficit 0.5: × 1.25 → 1.125
  candidate('d', 0.95, {}, { impressionsToday: 25 }), // past the target: no boost
  candidate('e', 0.5, {}, { impressionsToday: 30 }), // exactly at the cap: over
];

describe('ExposureBalanceReranker', () => {
  it('drops candidates at or past their daily cap, and boosts the under-exposed by relevance × deficit', () => {
    const out = exposure().rerank(query(knobs), members());
    expect(ids(out)).toEqual(['b', 'c', 'd']);
    expect(out.map((c) => c.score)).toEqual([expect.closeTo(1.2, 10), expect.closeTo(1.125, 10), 0.95]);
  });

  it("with 'demote', pushes them to the end instead, below every other score, in their order", () => {
    const out = exposure('demote').rerank(query(knobs), members());
    expect(ids(out)).toEqual(['b', 'c', 'd', 'a', 'e']);
    // Lowered by the score range (1.0 − 0.5) so that later stages reading scores keep them last.
    expect(out.slice(3).map((c) => c.score)).toEqual([0.5, 0]);
  });

  it('never boosts by more than the factor 1 + maxBoost, even when handed a larger value', () => {
    const random = seededRandom(3);
    const list = Array.from({ length: 200 }, (_, i) =>
      candidate(`m${i}`, random() * 5, {}, { impressionsToday: Math.floor(random() * 40) }),
    );
    // maxBoost 5 is read as its maximum, 1.
    const out = exposure().rerank(query(context({ maxBoost: 5 })), list);
    const before = new Map(list.map((c) => [c.id, c.score]));
    for (const c of out) {
      const score = before.get(c.id)!;
      expect(c.score).toBeGreaterThanOrEqual(score);
      expect(c.score).toBeLessThanOrEqual(score * 2 + 1e-12);
    }
    // Sorted by the new scores.
    for (let i = 1; i < out.length; i++) expect(out[i - 1].score).toBeGreaterThanOrEqual(out[i].score);
  });

  it('gives the same deficit the same factor: the boost is in proportion to relevance; zero scores stay zero', () => {
    const list = [
      candidate('x', 2, {}, { impressionsToday: 5 }),
      candidate('y', 1, {}, { impressionsToday: 5 }),
      candidate('z', 0, {}, { impressionsToday: 0 }),
    ];
    // Defaults: target 20, maxBoost 0.3 → factor 1 + 0.3 · 15/20 = 1.225.
    const out = exposure().rerank(query(), list);
    expect(out.map((c) => c.score)).toEqual([expect.closeTo(2.45, 10), expect.closeTo(1.225, 10), 0]);
  });

  it('reads impressions through the scenario accessor, and defines <scenario>.exposure.*', () => {
    const counts = new Map([['b', 500]]);
    const reranker = new ExposureBalanceReranker<TestContext, TestItem, 'networking'>({
      scenario: 'networking',
      impressionsTodayOf: (c) => counts.get(c.id) ?? 0,
    });
    expect(ids(reranker.rerank(query(), [candidate('a', 1), candidate('b', 2)]))).toEqual(['a']);
    expect(exposureBalanceParameters('networking').map((d) => [d.name, d.default, d.min, d.max])).toEqual([
      ['networking.exposure.dailyCap', 100, 1, 100000],
      ['networking.exposure.target', 20, 1, 10000],
      ['networking.exposure.maxBoost', 0.3, 0, 1],
    ]);
  });
});
