import { KnnReciprocalSource } from './knn-reciprocal.source';
import { context, member, query } from './networking.spec-helpers';
import { RecordingRetriever, fetchOptions } from './sources.spec-helpers';

describe('KnnReciprocalSource', () => {
  it("searches members' tastes near the viewer's profile", async () => {
    const retriever = new RecordingRetriever();
    const viewer = member('viewer', { tasteEmbedding: [1, 0], profileEmbedding: [0, 1] });
    await new KnnReciprocalSource(retriever.asRetriever()).fetch(
      query(context({ viewer })),
      fetchOptions(40),
    );
    expect(retriever.calls).toEqual([
      { retrieval: { kind: 'knn', field: 'tasteEmbedding', vector: [0, 1] }, size: 40 },
    ]);
  });

  it('finds nothing for a viewer without a profile embedding', async () => {
    const retriever = new RecordingRetriever();
    const viewer = member('viewer', { profileEmbedding: undefined });
    expect(
      await new KnnReciprocalSource(retriever.asRetriever()).fetch(
        query(context({ viewer })),
        fetchOptions(40),
      ),
    ).toEqual([]);
    expect(retriever.calls).toEqual([]);
  });
});
