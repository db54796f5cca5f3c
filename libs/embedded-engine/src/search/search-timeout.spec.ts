import { createEmbeddedClient } from '../client/create-embedded-client';

/** `timeout`: a search that runs out of time answers what it collected, with `timed_out: true` (not an error). */
describe('search timeout', () => {
  it('stops a long script_score early and says so; without a timeout every document is scored', async () => {
    const client = createEmbeddedClient();
    await client.indices.create({
      index: 'slow',
      body: { mappings: { properties: { n: { type: 'integer' } } } },
    });
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++)
      lines.push(JSON.stringify({ index: { _index: 'slow', _id: String(i) } }), JSON.stringify({ n: i }));
    await client.transport.request({
      method: 'POST',
      path: '/_bulk',
      bulkBody: `${lines.join('\n')}\n`,
      querystring: { refresh: 'true' },
    });
    // about 5,000 loop steps per document: far more than a millisecond for 3,000 documents
    const query = {
      script_score: {
        query: { match_all: {} },
        script: {
          source: "double s = 0; for (int i = 0; i < 5000; i++) { s += i % 7; } return s + doc['n'].value;",
        },
      },
    };
    const limited = await client.search({ index: 'slow', body: { query, timeout: '1ms', size: 0 } });
    expect(limited.body.timed_out).toBe(true);
    expect((limited.body.hits.total as { value: number }).value).toBeLessThan(3000);
    const full = await client.search({ index: 'slow', body: { query, size: 0 } });
    expect(full.body.timed_out).toBe(false);
    expect((full.body.hits.total as { value: number }).value).toBe(3000);
    await client.close();
  });

  it('refuses a malformed timeout', async () => {
    const client = createEmbeddedClient();
    await client.indices.create({ index: 'x' });
    await expect(client.search({ index: 'x', body: { timeout: 'soon' } })).rejects.toMatchObject({
      meta: { statusCode: 400 },
    });
    await client.close();
  });
});
