import { SearchNames } from '@app/search';
import { Logger } from '@nestjs/common';
import { resolve } from 'node:path';
import { openTestEngine, TestEngine } from '../../../../libs/search/src/search.spec-helpers';
import { resolveApiConfig } from '../config/api-config';
import { SearchArtifactsService } from './search-artifacts.service';

describe('SearchArtifactsService', () => {
  let engine: TestEngine;
  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(async () => {
    engine = await openTestEngine({ install: false });
  });
  afterEach(async () => {
    jest.useRealTimers();
    await engine.close();
  });

  const service = (indexTemplatesDir = resolve(__dirname, '../../../../index-templates')) =>
    new SearchArtifactsService(
      engine.client,
      new SearchNames(),
      resolveApiConfig({ indexTemplatesDir, installOnBoot: false }),
    );

  it('is not installed until an install succeeds', async () => {
    const artifacts = service();
    expect(artifacts.status).toEqual({ installed: false, state: 'not_installed' });
    const report = await artifacts.install();
    expect(report.indices).toHaveLength(3);
    expect(artifacts.status).toMatchObject({
      installed: true,
      state: 'installed',
      installedAt: expect.any(String),
    });
    // The repository's own stored scripts compile in the engine.
    expect(report.scripts.length).toBeGreaterThan(0);
    expect(report.scripts.every((script) => script.action === 'created')).toBe(true);
  });

  it('runs one install at a time: concurrent callers share it', async () => {
    const artifacts = service();
    const [a, b] = await Promise.all([artifacts.install(), artifacts.install()]);
    expect(a).toBe(b);
  });

  it('remembers a failure for readiness', async () => {
    const artifacts = service('/nonexistent/templates');
    await expect(artifacts.install()).rejects.toThrow('ENOENT');
    expect(artifacts.status).toMatchObject({
      installed: false,
      state: 'failed',
      error: expect.stringContaining('ENOENT'),
    });
  });

  it('keeps trying in the background until it succeeds', async () => {
    const artifacts = service();
    const install = jest.spyOn(artifacts, 'install');
    install.mockRejectedValueOnce(new Error('engine starting'));
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    artifacts.installInBackground();
    await jest.advanceTimersByTimeAsync(1_000);
    install.mockRestore();
    for (let i = 0; i < 50 && !artifacts.status.installed; i++) await jest.advanceTimersByTimeAsync(10);
    jest.useRealTimers();
    for (let i = 0; i < 100 && !artifacts.status.installed; i++) await new Promise((r) => setTimeout(r, 10));
    expect(artifacts.status.installed).toBe(true);
    artifacts.onModuleDestroy();
  });
});
