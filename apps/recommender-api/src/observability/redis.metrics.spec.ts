import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { sampleValue } from './metrics.spec-helpers';
import { RedisMetrics } from './redis.metrics';

const REDIS_URL = 'redis://127.0.0.1:6379';
const PREFIX = `test:redis-metrics:${process.pid}:${Date.now().toString(36)}:`;

describe('RedisMetrics', () => {
  let registry: Registry;
  let metrics: RedisMetrics;
  const count = (command: string) =>
    sampleValue(registry, 'redis_command_duration_seconds_count', { client: 'test', command });
  const errors = (command: string) =>
    sampleValue(registry, 'redis_command_errors_total', { client: 'test', command });

  beforeEach(() => {
    registry = new Registry();
    metrics = new RedisMetrics(registry);
  });

  it('times every command by name: single ones, pipelines, transactions, and one queued before connecting', async () => {
    // Lazy: the first command waits in the offline queue, then goes through sendCommand again once connected.
    const redis = metrics.watch(new Redis(REDIS_URL, { lazyConnect: true }), 'test');
    try {
      await redis.set(`${PREFIX}a`, '1');
      await redis.set(`${PREFIX}b`, '2');
      for (let i = 0; i < 3; i++) await redis.get(`${PREFIX}a`);
      await redis.pipeline().incr(`${PREFIX}n`).incr(`${PREFIX}n`).exec();
      await redis.multi().get(`${PREFIX}a`).get(`${PREFIX}b`).exec();
      expect(await count('set')).toBe(2);
      expect(await count('get')).toBe(5);
      expect(await count('incr')).toBe(2);
      expect(await count('multi')).toBe(1);
      expect(await count('exec')).toBe(1);
      expect(await errors('get')).toBe(0);
    } finally {
      await redis.del(`${PREFIX}a`, `${PREFIX}b`, `${PREFIX}n`);
      await redis.quit();
    }
  });

  it('counts a command that fails: an error reply, or a Redis that cannot be reached', async () => {
    const redis = metrics.watch(new Redis(REDIS_URL), 'test');
    try {
      await expect(redis.call('NOSUCHCOMMAND')).rejects.toThrow();
      expect(await errors('nosuchcommand')).toBe(1);
      expect(await count('nosuchcommand')).toBe(1);
    } finally {
      await redis.quit();
    }
    // Nothing listens on port 1: the connection is refused and, with no retry, ends; the queued command fails.
    const away = metrics.watch(
      new Redis('redis://127.0.0.1:1', {
        lazyConnect: true,
        retryStrategy: () => null,
        maxRetriesPerRequest: 0,
      }),
      'test',
    );
    away.on('error', () => undefined);
    await expect(away.ping()).rejects.toThrow('Connection is closed');
    expect(await errors('ping')).toBe(1);
  });
});
