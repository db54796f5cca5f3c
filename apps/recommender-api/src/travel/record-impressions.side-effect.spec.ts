import { SignalStore } from '@app/signals';
import { RecordImpressionsSideEffect } from './record-impressions.side-effect';
import { NOW, candidate, context, query } from './travel.spec-helpers';

describe('RecordImpressionsSideEffect', () => {
  it('records one impression per served place, idempotent per request, with its position in the feed', async () => {
    const record = jest.fn(async () => ({ recorded: 2, duplicates: [] }));
    const effect = new RecordImpressionsSideEffect({ record } as unknown as SignalStore);
    await effect.afterServe(query(context(), { requestId: 'r7', servedCount: 20 }), [
      candidate('a', 2),
      candidate('b', 1),
    ]);
    expect(record).toHaveBeenCalledWith([
      {
        id: 'imp:r7:a',
        type: 'impression',
        memberId: 'ana',
        target: { kind: 'place', id: 'a' },
        at: NOW,
        context: { scenario: 'travel', requestId: 'r7', position: 20 },
      },
      {
        id: 'imp:r7:b',
        type: 'impression',
        memberId: 'ana',
        target: { kind: 'place', id: 'b' },
        at: NOW,
        context: { scenario: 'travel', requestId: 'r7', position: 21 },
      },
    ]);
  });

  it('records nothing for an empty page', async () => {
    const record = jest.fn();
    await new RecordImpressionsSideEffect({ record } as unknown as SignalStore).afterServe(
      query(context()),
      [],
    );
    expect(record).not.toHaveBeenCalled();
  });
});
