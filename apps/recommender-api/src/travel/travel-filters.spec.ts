import { travelFilters } from './travel-filters';
import { UnpublishedPlacesFilter } from './unpublished-places.filter';
import { candidate, context, query, signals } from './travel.spec-helpers';

const ids = (cs: readonly { id: string }[]) => cs.map((c) => c.id);

describe('travel filters', () => {
  it('are, cheapest first: UnpublishedPlaces, HiddenOrPassed, SeenItems', () => {
    expect(travelFilters().map((f) => f.name)).toEqual(['UnpublishedPlaces', 'HiddenOrPassed', 'SeenItems']);
  });

  it('UnpublishedPlaces leaves out closed and draft places, keeping the order', () => {
    const result = new UnpublishedPlacesFilter().split(query(context()), [
      candidate('a', 3),
      candidate('closed', 2, { status: 'closed' }),
      candidate('b', 1),
      candidate('draft', 0.5, { status: 'draft' }),
    ]);
    expect(ids(result.kept)).toEqual(['a', 'b']);
    expect(ids(result.removed)).toEqual(['closed', 'draft']);
  });

  it('HiddenOrPassed and SeenItems read the context: negatives, and places seen more than maxCount times', () => {
    const [, hiddenOrPassed, seenItems] = travelFilters();
    const c = context({
      signals: signals({
        negatives: [
          { type: 'hide', target: { kind: 'place', id: 'hidden' }, at: 1 },
          { type: 'pass', target: { kind: 'place', id: 'passed' }, at: 1 },
        ],
        seen: [
          { target: { kind: 'place', id: 'seen3' }, count: 3, lastAt: 1 },
          { target: { kind: 'place', id: 'seen4' }, count: 4, lastAt: 1 },
        ],
      }),
    });
    const all = ['a', 'hidden', 'seen3', 'passed', 'seen4'].map((id, i) => candidate(id, 5 - i));
    const afterNegatives = hiddenOrPassed.split(query(c), all);
    expect(ids(afterNegatives.removed)).toEqual(['hidden', 'passed']);
    // maxCount 3 by default: seen 4 times is out, 3 times is not.
    const afterSeen = seenItems.split(query(c), afterNegatives.kept);
    expect(ids(afterSeen.kept)).toEqual(['a', 'seen3']);
    expect(ids(afterSeen.removed)).toEqual(['seen4']);
  });
});
