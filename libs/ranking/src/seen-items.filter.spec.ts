import { SeenItemsFilter, seenItemsParameters } from './seen-items.filter';
import { TestContext, TestItem, candidate, ids, query } from './ranking.spec-helpers';

const filter = new SeenItemsFilter<TestContext, TestItem, 'travel'>({
  scenario: 'travel',
  seenCountsOf: (context) => context.seen,
});
const list = () => ['a', 'b', 'c', 'd'].map((id, i) => candidate(id, 4 - i));
const seen = new Map([
  ['a', 5],
  ['b', 3],
  ['c', 1],
]);

describe('SeenItemsFilter', () => {
  it('removes ids seen more than maxCount times (default 3), reporting them, in order', () => {
    const { kept, removed } = filter.split(query({ seen }), list());
    expect(ids(kept)).toEqual(['b', 'c', 'd']);
    expect(ids(removed)).toEqual(['a']);
  });

  it('reads maxCount from the parameters', () => {
    const { kept, removed } = filter.split(query({ seen, params: { 'travel.seen.maxCount': 0 } }), list());
    expect(ids(kept)).toEqual(['d']);
    expect(ids(removed)).toEqual(['a', 'b', 'c']);
  });

  it('keeps everything when nothing was seen', () => {
    const candidates = list();
    expect(filter.split(query(), candidates)).toEqual({ kept: candidates, removed: [] });
    expect(filter.name).toBe('SeenItems');
    expect(seenItemsParameters('travel')).toEqual([
      expect.objectContaining({ name: 'travel.seen.maxCount', default: 3, min: 0, max: 1000, integer: true }),
    ]);
  });
});
