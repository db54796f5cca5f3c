import { KnnTasteSource } from './knn-taste.source';
import { context, member, query } from './networking.spec-helpers';
import { RecordingRetriever, fetchOptions } from './sources.spec-helpers';

const taste = [0.1, 0.2];
const profile = [0.3, 0.4];

describe('KnnTasteSource', () => {
  it("searches members' profiles near the viewer's taste, for its quota", async () => {
    const retriever = new RecordingRetriever();
    const viewer = member('viewer', { tasteEmbedding: taste, profileEmbedding: profile });
    await new KnnTasteSource(retriever.asRetriever()).fetch(query(context({ viewer })), fetchOptions(50));
    expect(retriever.calls).toEqual([
      { retrieval: { kind: 'knn', field: 'profileEmbedding', vector: taste }, size: 50 },
    ]);
  });

  it('uses the profile of a viewer without history, and finds nothing for a viewer without embeddings', async () => {
    const retriever = new RecordingRetriever();
    const source = new KnnTasteSource(retriever.asRetriever());
    await source.fetch(
      query(context({ viewer: member('viewer', { tasteEmbedding: undefined, profileEmbedding: profile }) })),
      fetchOptions(5),
    );
    expect(retriever.calls[0].retrieval).toEqual({ kind: 'knn', field: 'profileEmbedding', vector: profile });
    const bare = member('viewer', { tasteEmbedding: undefined, profileEmbedding: undefined });
    expect(await source.fetch(query(context({ viewer: bare })), fetchOptions(5))).toEqual([]);
    expect(retriever.calls).toHaveLength(1);
  });
});
