import { Mappings } from '../mapping/mappings';
import { IndexStore, StoredDoc } from './index-store';

const doc = (id: string, seqNo: number): StoredDoc => ({
  id,
  version: 1,
  seqNo,
  primaryTerm: 1,
  source: '{}',
});

describe('IndexStore near-real-time view', () => {
  let now = 0;
  const store = (refreshInterval?: string) =>
    new IndexStore(
      {
        name: 'i',
        uuid: 'u',
        creationDate: 0,
        settings: refreshInterval ? { 'index.refresh_interval': refreshInterval } : {},
        mappings: Mappings.empty(),
        aliases: new Map(),
      },
      () => now,
    );

  it('shows writes to GET at once and to search after the refresh interval', () => {
    now = 0;
    const index = store();
    index.put(doc('a', 0), new Map());
    expect(index.get('a')?.id).toBe('a');
    expect(index.searchableReader().liveCount).toBe(0);
    now = 999;
    expect(index.searchableReader().liveCount).toBe(0);
    now = 1000;
    expect(index.searchableReader().liveCount).toBe(1);
  });

  it('with refresh_interval -1 only an explicit refresh publishes', () => {
    now = 0;
    const index = store('-1');
    index.put(doc('a', 0), new Map());
    now = 1_000_000;
    expect(index.searchableReader().liveCount).toBe(0);
    index.refresh();
    expect(index.searchableReader().liveCount).toBe(1);
    index.remove('a', { version: 2, seqNo: 1, primaryTerm: 1, deletedAt: now });
    expect(index.searchableReader().liveCount).toBe(1);
    index.refresh();
    expect(index.searchableReader().liveCount).toBe(0);
    expect(index.maxSeqNo).toBe(1);
  });

  it('tells refresh listeners what changed', () => {
    const index = store('-1');
    const seen: [string, boolean][] = [];
    index.onRefresh((changes) => changes.forEach((d, id) => seen.push([id, d !== null])));
    index.put(doc('a', 0), new Map());
    index.put(doc('b', 1), new Map());
    index.remove('a', { version: 2, seqNo: 2, primaryTerm: 1, deletedAt: 0 });
    index.refresh();
    expect(seen).toEqual([
      ['a', false],
      ['b', true],
    ]);
  });

  it('wait_for resolves at the next scheduled refresh', async () => {
    now = Date.now();
    const index = new IndexStore({
      name: 'i',
      uuid: 'u',
      creationDate: 0,
      settings: { 'index.refresh_interval': '50ms' },
      mappings: Mappings.empty(),
      aliases: new Map(),
    });
    index.put(doc('a', 0), new Map());
    await index.waitForRefresh();
    expect(index.searchableReader().liveCount).toBe(1);
  });
});
