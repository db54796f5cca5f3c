import { ExcludedIdsFilter } from './excluded-ids.filter';
import { TestContext, TestItem, candidate, ids, query } from './ranking.spec-helpers';

const filter = new ExcludedIdsFilter<TestContext, TestItem>({ excludedOf: (context) => context.excluded });
const list = () => ['a', 'b', 'c', 'd'].map((id, i) => candidate(id, 4 - i));

describe('ExcludedIdsFilter', () => {
  it('removes the ids in the set and reports them, both halves in their order', () => {
    const { kept, removed } = filter.split(query({ excluded: new Set(['c', 'a', 'zz']) }), list());
    expect(ids(kept)).toEqual(['b', 'd']);
    expect(ids(removed)).toEqual(['a', 'c']);
  });

  it('checks several sets (hidden, passed, blocked) without merging them', () => {
    const excluded = [new Set(['d']), new Set<string>(), new Set(['b'])];
    const { kept, removed } = filter.split(query({ excluded }), list());
    expect(ids(kept)).toEqual(['a', 'c']);
    expect(ids(removed)).toEqual(['b', 'd']);
  });

  it('keeps everything when nothing is excluded, and can be named for what it excludes', () => {
    const candidates = list();
    expect(filter.split(query(), candidates)).toEqual({ kept: candidates, removed: [] });
    expect(filter.split(query({ excluded: [] }), candidates)).toEqual({ kept: candidates, removed: [] });
    expect(filter.name).toBe('ExcludedIds');
    expect(new ExcludedIdsFilter({ name: 'Hidden', excludedOf: () => undefined }).name).toBe('Hidden');
  });
});
