import { createEmbeddedClient } from '../client/create-embedded-client';
import { javaStringHash, mix32, murmurhash3_x86_32 } from '../search/scoring/functions/random-score';

/** randomScore (ScoreScriptUtils.RandomScoreField / RandomScoreDoc): murmur3, salted by index and seed. */
describe('randomScore', () => {
  async function scores(source: string): Promise<Record<string, number>> {
    const client = createEmbeddedClient();
    await client.indices.create({
      index: 'fixture',
      body: { mappings: { properties: { name: { type: 'keyword' } } } },
    });
    for (const name of ['alpha', 'beta', 'gamma'])
      await client.index({ index: 'fixture', id: name, body: { name } });
    await client.indices.refresh({ index: 'fixture' });
    const response = await client.search({
      index: 'fixture',
      body: { query: { script_score: { query: { match_all: {} }, script: { source } } } },
    });
    await client.close();
    return Object.fromEntries(
      (response.body.hits.hits as { _id: string; _score: number }[]).map((h) => [h._id, h._score]),
    );
  }

  it('hashes the field value with a seed salted by the index name', async () => {
    const saltedSeed = mix32((javaStringHash('fixture') << 10) ^ 42);
    const expected = (value: string) =>
      Math.fround((murmurhash3_x86_32(new TextEncoder().encode(value), saltedSeed) & 0xffffff) / (1 << 24));
    const result = await scores("randomScore(42, 'name')");
    for (const name of ['alpha', 'beta', 'gamma']) {
      expect(Math.fround(result[name])).toBe(expected(name));
      expect(result[name]).toBeGreaterThanOrEqual(0);
      expect(result[name]).toBeLessThan(1);
    }
    expect(await scores("randomScore(42, 'name')")).toEqual(result);
    expect(await scores("randomScore(7, 'name')")).not.toEqual(result);
  });

  it('hashes the document id without a field', async () => {
    const saltedSeed = mix32((javaStringHash('fixture') << 10) ^ 1);
    const result = await scores('randomScore(1)');
    // documents 0, 1, 2 in the order they were indexed
    ['alpha', 'beta', 'gamma'].forEach((name, doc) => {
      const hash = murmurhash3_x86_32(new TextEncoder().encode(String(doc)), saltedSeed);
      expect(Math.fround(result[name])).toBe(Math.fround((hash & 0xffffff) / (1 << 24)));
    });
  });
});
