import { candidate } from './pipeline.spec-helpers';
import { partition, withReason, withScore } from './stages';

describe('stage helpers', () => {
  it('partition keeps the order of both halves', () => {
    const cs = ['a', 'b', 'c', 'd'].map((id, i) => candidate(id, 4 - i));
    const { kept, removed } = partition(cs, (c) => c.id !== 'b' && c.id !== 'd');
    expect(kept.map((c) => c.id)).toEqual(['a', 'c']);
    expect(removed.map((c) => c.id)).toEqual(['b', 'd']);
  });

  it('withScore and withReason return copies, and a reason is given once', () => {
    const original = candidate('a', 0.4);
    const boosted = withReason(withReason(withScore(original, 0.9), 'New here'), 'New here');
    expect(boosted.score).toBe(0.9);
    expect(boosted.engineScore).toBe(0.4);
    expect(boosted.explanation.reasons).toEqual(['New here']);
    expect(original.score).toBe(0.4);
    expect(original.explanation.reasons).toEqual([]);
  });
});
