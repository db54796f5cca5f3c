import { SerendipityReranker, serendipityParameters } from './serendipity.reranker';
import { TestContext, TestItem, candidate, ids, query, reasonsOf } from './ranking.spec-helpers';

const serendipity = (reason?: string) =>
  new SerendipityReranker<TestContext, TestItem, 'travel'>({
    scenario: 'travel',
    categoriesOf: (item) => item.categories,
    usualCategoriesOf: (context) => context.usualCategories,
    reason,
  });
const context = (params: Record<string, number> = {}, usualCategories = ['cafe']): TestContext => ({
  usualCategories,
  params: Object.fromEntries(Object.entries(params).map(([k, v]) => [`travel.serendipity.${k}`, v])),
});

/** Scores 1.0 down to 0: normalised relevance equals the score. h and k are different and good; l is too weak. */
const places = () => [
  candidate('a', 1.0, { categories: ['cafe'] }),
  candidate('b', 0.95, { categories: ['cafe'] }),
  candidate('c', 0.9, { categories: ['cafe'] }),
  candidate('d', 0.85, { categories: ['cafe', 'bar'] }),
  candidate('e', 0.8, { categories: ['cafe'] }),
  candidate('f', 0.75, { categories: ['cafe'] }),
  candidate('g', 0.7, { categories: ['cafe'] }),
  candidate('h', 0.65, { categories: ['museum'] }),
  candidate('i', 0.6, { categories: ['cafe'] }),
  candidate('j', 0.55, { categories: ['cafe'] }),
  candidate('k', 0.5, { categories: ['park'] }),
  candidate('l', 0.0, { categories: ['museum'] }),
];

describe('SerendipityReranker', () => {
  it('gives every 5th position of the page to the best different candidate, with a reason', () => {
    // Page of 10: slots at 5 and 10, at most floor(0.2·10) = 2. h (0.65) takes 5, k (0.5 ≥ minRelevance) takes 10.
    const out = serendipity().rerank(query(context(), 10), places());
    expect(ids(out)).toEqual(['a', 'b', 'c', 'd', 'h', 'e', 'f', 'g', 'i', 'k', 'j', 'l']);
    expect(reasonsOf(out)).toEqual({ h: ['Something different'], k: ['Something different'] });
    // Scores are untouched.
    expect(out[4].score).toBe(0.65);
  });

  it('bounds the share: with a slot every 2nd position, still at most 20% of the page', () => {
    const out = serendipity().rerank(query(context({ interval: 2 }), 10), places());
    // Slots 2 and 4 only (floor(0.2·10) = 2), not 6, 8 and 10.
    expect(ids(out)).toEqual(['a', 'h', 'b', 'k', 'c', 'd', 'e', 'f', 'g', 'i', 'j', 'l']);
    const promoted = out.slice(0, 10).filter((c) => c.explanation.reasons.length > 0);
    expect(promoted.length).toBeLessThanOrEqual(2);
  });

  it('promotes only good candidates: below minRelevance stays where it is', () => {
    // minRelevance 0.6: k (0.5) no longer qualifies; the 10th position keeps its natural item.
    const out = serendipity().rerank(query(context({ minRelevance: 0.6 }), 10), places());
    expect(ids(out)).toEqual(['a', 'b', 'c', 'd', 'h', 'e', 'f', 'g', 'i', 'j', 'k', 'l']);
    expect(Object.keys(reasonsOf(out))).toEqual(['h']);
  });

  it('leaves a different candidate that is already above its slot where relevance put it', () => {
    const list = places();
    const [h] = list.splice(7, 1);
    list.splice(1, 0, h); // h at position 2
    const out = serendipity().rerank(query(context(), 10), list);
    // h stays 2nd without a reason; the 5th position goes to k, the 10th finds no one else good.
    expect(ids(out)).toEqual(['a', 'h', 'b', 'c', 'k', 'd', 'e', 'f', 'g', 'i', 'j', 'l']);
    expect(reasonsOf(out)).toEqual({ k: ['Something different'] });
  });

  it('does nothing without usual categories (a new member), for a page shorter than the interval, or a share of 0', () => {
    const list = places();
    expect(serendipity().rerank(query(context({}, []), 10), list)).toBe(list);
    expect(serendipity().rerank(query(context(), 4), list)).toBe(list);
    expect(serendipity().rerank(query(context({ maxShare: 0 }), 10), list)).toBe(list);
  });

  it('never counts a candidate without categories as different', () => {
    const list = [
      candidate('a', 1, { categories: ['cafe'] }),
      candidate('b', 0.9, { categories: ['cafe'] }),
      candidate('c', 0.8, { categories: ['cafe'] }),
      candidate('d', 0.7, { categories: ['cafe'] }),
      candidate('e', 0.6, { categories: ['cafe'] }),
      candidate('x', 0.9, { categories: [] }),
    ];
    expect(ids(serendipity().rerank(query(context(), 6), list))).toEqual(['a', 'b', 'c', 'd', 'e', 'x']);
  });

  it('takes its reason from the scenario, and defines <scenario>.serendipity.*', () => {
    const out = serendipity('Outside your usual').rerank(query(context(), 10), places());
    expect(reasonsOf(out)).toEqual({ h: ['Outside your usual'], k: ['Outside your usual'] });
    expect(serendipityParameters('travel').map((d) => [d.name, d.default, d.min, d.max])).toEqual([
      ['travel.serendipity.interval', 5, 2, 50],
      ['travel.serendipity.maxShare', 0.2, 0, 0.5],
      ['travel.serendipity.minRelevance', 0.5, 0, 1],
    ]);
  });
});
