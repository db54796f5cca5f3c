import { LikedYouSource } from './liked-you.source';
import { NOW, context, query } from './networking.spec-helpers';
import { RecordingRetriever, fetchOptions } from './sources.spec-helpers';

describe('LikedYouSource', () => {
  it('ranks the newest likes, up to lookAt, for its bounded quota', async () => {
    const retriever = new RecordingRetriever();
    const likedBy = ['a', 'b', 'c'].map((memberId, i) => ({ memberId, at: NOW - i * 1000 }));
    const ctx = context({ signals: { likedBy }, params: { 'networking.likedYou.lookAt': 2 } });
    await new LikedYouSource(retriever.asRetriever()).fetch(query(ctx), fetchOptions(5));
    expect(retriever.calls).toEqual([{ retrieval: { kind: 'ids', ids: ['a', 'b'] }, size: 5 }]);
  });

  it('does not search when nobody liked the viewer', async () => {
    const retriever = new RecordingRetriever();
    expect(
      await new LikedYouSource(retriever.asRetriever()).fetch(query(context()), fetchOptions(5)),
    ).toEqual([]);
    expect(retriever.calls).toEqual([]);
  });
});
