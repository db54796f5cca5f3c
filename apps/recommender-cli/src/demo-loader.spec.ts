import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_DEMO_OPTIONS } from './demo';
import { DEMO_MANIFEST_FILE, resolveDemoOptions } from './demo-loader';

describe('resolveDemoOptions', () => {
  let dir: string;
  const defaults = { ...DEFAULT_DEMO_OPTIONS, now: '2026-01-10T00:00:00.000Z' };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'demo-options-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const record = (options: object) => writeFileSync(join(dir, DEMO_MANIFEST_FILE), JSON.stringify(options));

  it('uses the defaults and the requested options for a first load', async () => {
    expect(await resolveDemoOptions(dir, { placeCount: 50 }, defaults, false)).toEqual({
      ...defaults,
      placeCount: 50,
    });
  });

  it('regenerates what DATA_DIR holds, whatever the day', async () => {
    record({ ...DEFAULT_DEMO_OPTIONS, now: '2025-12-01T00:00:00.000Z', loadedAt: '2025-12-01T10:00:00Z' });
    expect(await resolveDemoOptions(dir, {}, defaults, false)).toEqual({
      ...DEFAULT_DEMO_OPTIONS,
      now: '2025-12-01T00:00:00.000Z',
    });
  });

  it('needs --force to load another data set over the one recorded', async () => {
    record({ ...DEFAULT_DEMO_OPTIONS, now: '2025-12-01T00:00:00.000Z' });
    await expect(resolveDemoOptions(dir, { seed: 'other' }, defaults, false)).rejects.toThrow(
      /records another demo data set \(seed demo-v1\): pass --force/,
    );
    expect(await resolveDemoOptions(dir, { seed: 'other' }, defaults, true)).toEqual({
      ...defaults,
      seed: 'other',
    });
  });
});
