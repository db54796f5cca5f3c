import { assertSignalEvent, canonicalEvent, SignalEvent } from './event';
import { planEventEffects, decodeInteraction, decodeTarget } from './event-effects';
import { DEFAULT_AFFINITY_WEIGHTS } from './options';

const like: SignalEvent = {
  id: 'e1',
  type: 'like',
  memberId: 'm1',
  target: { kind: 'member', id: 'm2' },
  at: Date.UTC(2025, 0, 6, 23, 30),
  targetCategories: ['film', 'film', 'music'],
};

describe('assertSignalEvent', () => {
  it('accepts a well-formed event and names the problem of a malformed one', () => {
    expect(() => assertSignalEvent(like)).not.toThrow();
    expect(() => assertSignalEvent({ ...like, id: '' })).toThrow(
      'invalid signal event "": id must be a non-empty string',
    );
    expect(() => assertSignalEvent({ ...like, at: 1.5 })).toThrow('at must be epoch milliseconds');
    expect(() => assertSignalEvent({ ...like, target: { kind: 'hotel' as 'place', id: 'h1' } })).toThrow(
      'unknown target kind "hotel"',
    );
    expect(() => assertSignalEvent({ ...like, targetCategories: [''] })).toThrow('targetCategories');
  });
});

describe('canonicalEvent', () => {
  it('keeps only the known fields', () => {
    const withExtra = {
      ...like,
      context: { scenario: 'networking', extra: 1 },
      extra: 2,
    } as unknown as SignalEvent;
    expect(canonicalEvent(withExtra)).toEqual({ ...like, context: { scenario: 'networking' } });
  });
});

describe('planEventEffects', () => {
  it('turns a like of a member into a positive, a liked-by entry, a like count and affinities', () => {
    expect(planEventEffects(like, DEFAULT_AFFINITY_WEIGHTS)).toEqual({
      at: like.at,
      day: '20250106',
      positive: 'like:member:m2',
      likedBy: 'm1',
      countImpression: false,
      countLike: true,
      affinityWeight: 1,
      categories: ['film', 'music'],
    });
  });

  it('turns an impression into a seen entry and an impression count, with no affinity', () => {
    const impression: SignalEvent = { ...like, type: 'impression', target: { kind: 'place', id: 'p:1' } };
    expect(planEventEffects(impression, DEFAULT_AFFINITY_WEIGHTS)).toEqual({
      at: like.at,
      day: '20250106',
      seen: 'place:p:1',
      countImpression: true,
      countLike: false,
      affinityWeight: 0,
      categories: [],
    });
  });

  it('decodes what it encodes, ids with colons included', () => {
    expect(decodeInteraction('hide:place:p:1')).toEqual({
      type: 'hide',
      target: { kind: 'place', id: 'p:1' },
    });
    expect(decodeTarget('member:m2')).toEqual({ kind: 'member', id: 'm2' });
    expect(decodeInteraction('poke:place:p1')).toBeUndefined();
    expect(decodeTarget('hotel:h1')).toBeUndefined();
  });
});
