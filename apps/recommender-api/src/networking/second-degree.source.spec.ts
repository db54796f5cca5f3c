import { context, query } from './networking.spec-helpers';
import { SecondDegreeSource, mostMutual } from './second-degree.source';
import { RecordingRetriever, fetchOptions } from './sources.spec-helpers';

describe('mostMutual', () => {
  it('orders by mutual connections, then by id', () => {
    const counts = new Map([
      ['d', 1],
      ['b', 3],
      ['a', 1],
      ['c', 3],
    ]);
    expect(mostMutual(counts, 3)).toEqual(['b', 'c', 'a']);
  });
});

describe('SecondDegreeSource', () => {
  it('asks the engine to rank four times its quota of the members with the most mutual connections', async () => {
    const retriever = new RecordingRetriever();
    const ctx = context({
      connected: ['c1', 'c2'],
      mutual: [
        ['c1', 'x'],
        ['c2', 'x'],
        ['c1', 'y'],
        ['c2', 'z'],
        ['c1', 'w'],
      ],
    });
    await new SecondDegreeSource(retriever.asRetriever()).fetch(query(ctx), fetchOptions(1));
    expect(retriever.calls).toEqual([{ retrieval: { kind: 'ids', ids: ['x', 'w', 'y', 'z'] }, size: 1 }]);
  });

  it('does not search for a viewer without connections', async () => {
    const retriever = new RecordingRetriever();
    expect(
      await new SecondDegreeSource(retriever.asRetriever()).fetch(query(context()), fetchOptions(25)),
    ).toEqual([]);
    expect(retriever.calls).toEqual([]);
  });
});
