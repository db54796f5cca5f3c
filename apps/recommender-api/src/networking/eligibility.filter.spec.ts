import { EligibilityFilter } from './eligibility.filter';
import { candidate, context, ids, member, query } from './networking.spec-helpers';

describe('EligibilityFilter', () => {
  it('removes, in order, whatever the engine should not have returned, and keeps the rest in order', () => {
    const ctx = context({ blocked: ['blocked'], connected: ['friend'] });
    const candidates = [
      candidate(member('a'), 3),
      candidate(member('blocked'), 2.5),
      candidate(member('viewer'), 2),
      candidate(member('b'), 1.5),
      candidate(member('hidden', { visibility: 'hidden' }), 1.2),
      candidate(member('friend'), 1),
      candidate(member('c'), 0.5),
    ];
    const { kept, removed } = new EligibilityFilter().split(query(ctx), candidates);
    expect(ids(kept)).toEqual(['a', 'b', 'c']);
    expect(ids(removed)).toEqual(['blocked', 'viewer', 'hidden', 'friend']);
  });
});
