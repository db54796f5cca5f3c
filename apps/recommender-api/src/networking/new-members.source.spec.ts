import { NewMembersSource } from './new-members.source';
import { DAY_MS, NOW, context, member, query } from './networking.spec-helpers';
import { RecordingRetriever, fetchOptions } from './sources.spec-helpers';

describe('NewMembersSource', () => {
  it("asks for members who joined within the window with few impressions, nearest to the viewer's taste", async () => {
    const retriever = new RecordingRetriever();
    const viewer = member('viewer', { tasteEmbedding: [1, 0] });
    const ctx = context({
      viewer,
      params: { 'networking.newMembers.maxAgeDays': 3, 'networking.newMembers.maxImpressions': 15 },
    });
    await new NewMembersSource(retriever.asRetriever()).fetch(query(ctx), fetchOptions(10));
    expect(retriever.calls).toEqual([
      {
        retrieval: {
          kind: 'joinedSince',
          since: new Date(NOW - 3 * DAY_MS).toISOString(),
          maxImpressions7d: 15,
          nearTo: [1, 0],
        },
        size: 10,
      },
    ]);
  });

  it('ranks every newcomer when the viewer has no embedding to compare with', async () => {
    const retriever = new RecordingRetriever();
    const viewer = member('viewer', { tasteEmbedding: undefined, profileEmbedding: undefined });
    await new NewMembersSource(retriever.asRetriever()).fetch(query(context({ viewer })), fetchOptions(10));
    expect(retriever.calls[0].retrieval).not.toHaveProperty('nearTo');
  });
});
