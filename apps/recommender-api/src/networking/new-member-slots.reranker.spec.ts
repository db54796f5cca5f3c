import { NewMemberSlotsReranker } from './new-member-slots.reranker';
import { candidate, context, ids, member, query } from './networking.spec-helpers';

const old = (id: string, score: number) => candidate(member(id), score, { isNew: 0, impressionsToday: 0 });
const fresh = (id: string, score: number, impressionsToday = 0) =>
  candidate(member(id), score, { isNew: 1, impressionsToday });

describe('NewMemberSlotsReranker', () => {
  const reranker = new NewMemberSlotsReranker();
  const params = {
    'networking.newMemberSlots.slots': 2,
    'networking.newMemberSlots.firstPosition': 2,
    'networking.newMemberSlots.spacing': 3,
  };

  it('moves the best new members short of a fair exposure into the kept positions, the rest in order', () => {
    const list = [
      old('a', 9),
      old('b', 8),
      old('c', 7),
      old('d', 6),
      fresh('n1', 1),
      old('e', 5),
      fresh('n2', 2),
      fresh('n3', 3, 40),
    ];
    const out = reranker.rerank(query(context({ params }), { limit: 6 }), list);
    // Positions 2 and 5; n3 already had 40 impressions today (the exposure target), so n2 then n1.
    expect(ids(out)).toEqual(['a', 'n2', 'b', 'c', 'n1', 'd', 'e', 'n3']);
    expect(out.find((c) => c.id === 'n2')!.score).toBe(2);
  });

  it('leaves a new member already above its slot where it is, and counts it for that slot', () => {
    const list = [fresh('n1', 9), old('a', 8), old('b', 7), old('c', 6), old('d', 5), fresh('n2', 1)];
    // n1 holds the first slot from position 1; n2 takes the second, at position 5.
    expect(ids(reranker.rerank(query(context({ params })), list))).toEqual(['n1', 'a', 'b', 'c', 'n2', 'd']);
  });

  it('changes nothing without slots in the page or without new members', () => {
    const list = [old('a', 2), fresh('n', 1)];
    expect(
      reranker.rerank(query(context({ params: { ...params, 'networking.newMemberSlots.slots': 0 } })), list),
    ).toBe(list);
    const noNew = [old('a', 2), old('b', 1)];
    expect(reranker.rerank(query(context({ params })), noNew)).toBe(noNew);
  });
});
