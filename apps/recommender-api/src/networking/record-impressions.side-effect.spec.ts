import { InMemorySignalStore } from '@app/signals';
import { NOW, candidate, context, member, query } from './networking.spec-helpers';
import { RecordImpressionsSideEffect, impressionEvents } from './record-impressions.side-effect';

describe('RecordImpressionsSideEffect', () => {
  it('records one impression per served member, at once visible in their exposure of the day', async () => {
    const store = new InMemorySignalStore({ clock: () => NOW });
    const q = query(context(), { servedCount: 20 });
    const served = [candidate(member('a'), 2), candidate(member('b'), 1)];
    await new RecordImpressionsSideEffect(store).afterServe(q, served);
    await new RecordImpressionsSideEffect(store).afterServe(q, served); // retried: counted once
    const exposure = await store.exposure('member', ['a', 'b', 'c'], 1, NOW);
    expect([...exposure].map(([id, e]) => [id, e.impressions])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 0],
    ]);
    expect((await store.readMember('viewer', NOW)).seen.map((s) => s.target.id).sort()).toEqual(['a', 'b']);
  });

  it('says where each was shown in the feed', () => {
    const events = impressionEvents(query(context(), { servedCount: 20 }), [candidate(member('a'), 1)]);
    expect(events).toEqual([
      {
        id: 'discovery:request-1:a',
        type: 'impression',
        memberId: 'viewer',
        target: { kind: 'member', id: 'a' },
        at: NOW,
        context: { scenario: 'networking', requestId: 'request-1', position: 20 },
      },
    ]);
  });
});
