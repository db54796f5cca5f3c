import { BatchedLookup } from './batched-lookup';

/** A reader that records each call and answers `value-<id>` for ids not starting with "unknown". */
function recordingReader(options: { fail?: boolean } = {}) {
  const calls: string[][] = [];
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const readMany = async (ids: string[]): Promise<Map<string, string>> => {
    calls.push(ids);
    await gate;
    if (options.fail) throw new Error('engine down');
    return new Map(ids.filter((id) => !id.startsWith('unknown')).map((id) => [id, `value-${id}`]));
  };
  return { calls, readMany, release: () => release() };
}

describe('BatchedLookup', () => {
  it('reads the ids asked for in one turn with one call, and answers each caller its own value', async () => {
    const reader = recordingReader();
    const lookup = new BatchedLookup(reader.readMany);
    const answers = Promise.all([lookup.load('a'), lookup.load('b'), lookup.load('unknown-c')]);
    reader.release();
    await expect(answers).resolves.toEqual(['value-a', 'value-b', undefined]);
    expect(reader.calls).toEqual([['a', 'b', 'unknown-c']]);
  });

  it('reads an id asked for twice once, in the queue and while it is being read', async () => {
    const reader = recordingReader();
    const lookup = new BatchedLookup(reader.readMany);
    const first = lookup.load('a');
    const again = lookup.load('a');
    await new Promise((resolve) => setImmediate(resolve));
    const whileReading = lookup.load('a');
    reader.release();
    await expect(Promise.all([first, again, whileReading])).resolves.toEqual([
      'value-a',
      'value-a',
      'value-a',
    ]);
    expect(reader.calls).toEqual([['a']]);
  });

  it('splits a large turn into batches of maxBatch ids', async () => {
    const reader = recordingReader();
    const lookup = new BatchedLookup(reader.readMany, 2);
    const answers = Promise.all(['a', 'b', 'c', 'd', 'e'].map((id) => lookup.load(id)));
    reader.release();
    await answers;
    expect(reader.calls).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('fails every caller of a failed batch, keeps nothing, and reads again on the next turn', async () => {
    const failing = recordingReader({ fail: true });
    const lookup = new BatchedLookup(failing.readMany);
    const answers = [lookup.load('a'), lookup.load('b')];
    failing.release();
    for (const answer of answers) await expect(answer).rejects.toThrow('engine down');
    const next = lookup.load('a');
    await expect(next).rejects.toThrow('engine down');
    expect(failing.calls).toEqual([['a', 'b'], ['a']]);
  });

  it('reads again in a later turn once an answer is in (no caching here)', async () => {
    const reader = recordingReader();
    reader.release();
    const lookup = new BatchedLookup(reader.readMany);
    await lookup.load('a');
    await lookup.load('a');
    expect(reader.calls).toEqual([['a'], ['a']]);
  });
});
