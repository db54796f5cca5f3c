/**
 * Child process of the crash test: bulk-writes batches with refresh=true into a durable engine and prints the ids of
 * every batch the engine acknowledged, one line per batch, until it is killed.
 */
import { createEmbeddedClient } from '../src/client/create-embedded-client';

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  const client = createEmbeddedClient({
    dataDir,
    snapshotThresholdBytes: Number(process.argv[3] ?? 64 * 1024 * 1024),
  });
  await client.indices.create({
    index: 'crash',
    body: { mappings: { properties: { n: { type: 'integer' }, v: { type: 'knn_vector', dimension: 4 } } } },
  });
  for (let batch = 0; ; batch++) {
    const body: object[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 50; i++) {
      const id = `${batch}-${i}`;
      ids.push(id);
      body.push({ index: { _index: 'crash', _id: id } }, { n: batch * 50 + i, v: [batch, i, 1, 2] });
    }
    const response = await client.bulk({ body, refresh: true });
    if (response.body.errors) throw new Error('bulk reported errors');
    process.stdout.write(`${ids.join(',')}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
