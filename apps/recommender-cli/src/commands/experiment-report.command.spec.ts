import { InMemorySignalStore } from '@app/signals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { experimentReportCommand } from './experiment-report.command';

const START = Date.UTC(2026, 10, 1);

function output(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('experiment report', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'experiment-report-'));
    writeFileSync(
      join(dir, 'layers.json'),
      JSON.stringify({ layers: [{ name: 'travel-ranking', holdout: 0.1 }] }),
    );
    writeFileSync(
      join(dir, 'taste.json'),
      JSON.stringify({
        name: 'taste',
        version: 2,
        description: 'Taste 5 against the default.',
        scenario: 'travel',
        layer: 'travel-ranking',
        salt: 'taste-v1',
        unit: 'member',
        allocation: { offset: 0, share: 0.5 },
        start: new Date(START).toISOString(),
        variants: [
          { name: 'control', weight: 1, parameters: {} },
          { name: 'strong', weight: 1, parameters: { 'travel.score.taste': 5 } },
        ],
      }),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the store's exposure log and events, and prints the variants, the ratio check and the differences", async () => {
    const store = new InMemorySignalStore();
    const page = (requestId: string, memberId: string, variant: string, items: string[]) =>
      store.logExposure({
        requestId,
        scenario: 'travel',
        memberId,
        at: START + 1_000,
        page: 1,
        experiments: [{ experiment: 'taste', version: 2, variant, unit: 'member', unitId: memberId }],
        items: items.map((id, position) => ({ id, position })),
      });
    await page('r1', 'c1', 'control', ['p1', 'p2']);
    await page('r2', 'c2', 'control', ['p1']);
    await page('r3', 't1', 'strong', ['p1']);
    await page('r4', 't2', 'strong', ['p2']);
    await store.logExposure({
      requestId: 'r5',
      scenario: 'travel',
      memberId: 'h1',
      at: START + 1_000,
      page: 1,
      experiments: [
        { experiment: 'travel-ranking', version: 0, variant: 'holdout', unit: 'member', unitId: 'h1' },
      ],
      items: [{ id: 'p1', position: 0 }],
    });
    const save = (id: string, memberId: string, target: string, requestId: string) => ({
      id,
      type: 'save' as const,
      memberId,
      target: { kind: 'place' as const, id: target },
      at: START + 2_000,
      context: { requestId },
    });
    await store.record([
      save('e1', 'c1', 'p1', 'r1'),
      save('e2', 't1', 'p1', 'r3'),
      save('e3', 't2', 'p2', 'r4'),
    ]);

    const out = output();
    const report = await experimentReportCommand('taste', {}, { EXPERIMENTS_DIR: dir }, out.stream, store);
    expect(report.variants.map((v) => [v.variant, v.exposures, v.events.save])).toEqual([
      ['control', 2, 1],
      ['strong', 2, 2],
    ]);
    const text = out.text();
    expect(text).toContain('Experiment taste v2 (travel, layer travel-ranking, unit member)');
    expect(text).toContain('3 events attributed to its exposures');
    expect(text).toContain('holdout of travel-ranking: 1 member, 1 exposure');
    expect(text).toContain(
      'Sample ratio (members per variant against the weights): χ² = 0.000 (df 1), p = 1.0000 — no mismatch',
    );
    // Saves per exposure: control 1 and 0 (mean 0.5), strong 1 and 1 (mean 1).
    expect(text).toMatch(/save\s+strong − control\s+2 \/ 2\s+0\.5000\s+1\.0000\s+\+0\.5000/);
  });

  it('names the experiments there are when the name is unknown, and needs Redis without a store', async () => {
    const out = output();
    await expect(experimentReportCommand('nope', {}, { EXPERIMENTS_DIR: dir }, out.stream)).rejects.toThrow(
      `no experiment "nope" in ${dir} (there: taste)`,
    );
    await expect(
      experimentReportCommand('taste', { control: 'x' }, { EXPERIMENTS_DIR: dir }, out.stream),
    ).rejects.toThrow('the experiment taste has no variant "x" (variants: control, strong)');
    await expect(experimentReportCommand('taste', {}, { EXPERIMENTS_DIR: dir }, out.stream)).rejects.toThrow(
      /set REDIS_URL/,
    );
    const empty = output();
    await experimentReportCommand(
      'taste',
      {},
      { EXPERIMENTS_DIR: dir },
      empty.stream,
      new InMemorySignalStore(),
    );
    expect(empty.text()).toContain('No exposure of this experiment is logged yet: nothing to compare.');
    expect(empty.text()).not.toContain('Sample ratio');
  });
});
