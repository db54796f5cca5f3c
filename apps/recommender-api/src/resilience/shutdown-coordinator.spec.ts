import { Logger } from '@nestjs/common';
import { resolveApiConfig } from '../config/api-config';
import { InFlightLimit } from './in-flight-limit';
import { ShutdownCoordinator } from './shutdown-coordinator';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ShutdownCoordinator', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('drains: waits for the requests in flight, then for the side effects run after their answers', async () => {
    const limit = new InFlightLimit(10);
    const coordinator = new ShutdownCoordinator(resolveApiConfig({ shutdownGraceMs: 5_000 }), limit);
    const done: string[] = [];
    limit.tryEnter();
    setTimeout(() => {
      // The request answers, and leaves an impression to record.
      coordinator.afterServe(async () => {
        await sleep(50);
        done.push('impressions');
      });
      limit.leave();
      done.push('request');
    }, 50);
    expect(coordinator.isDraining).toBe(false);
    const draining = coordinator.beforeApplicationShutdown('SIGTERM');
    expect(coordinator.isDraining).toBe(true);
    await draining;
    expect(done).toEqual(['request', 'impressions']);
  });

  it('gives up after the grace period, and survives a side effect that fails', async () => {
    const limit = new InFlightLimit(10);
    const coordinator = new ShutdownCoordinator(resolveApiConfig({ shutdownGraceMs: 100 }), limit);
    coordinator.afterServe(() => Promise.reject(new Error('Redis is away')));
    limit.tryEnter();
    const started = Date.now();
    await coordinator.beforeApplicationShutdown();
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(95);
    expect(took).toBeLessThan(1_000);
  });
});
