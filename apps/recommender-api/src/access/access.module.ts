import { Inject, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import { Redis } from 'ioredis';
import { ApiConfig } from '../config/api-config';
import { CircuitBreaker } from '../resilience/circuit-breaker';
import { ACCESS_SETTINGS, accessSettings, AccessSettings } from './access-settings';
import { ApiAccessGuard } from './api-access.guard';
import { ApiKeyStore } from './api-key-store';
import { KeyBeforeBody } from './key-before-body.hook';
import { RateLimiter } from './rate-limiter';
import { RedisTokenBuckets } from './redis-token-buckets';

const logger = new Logger('Access');
const RATE_LIMIT_REDIS = 'RateLimitRedis';
/** Every reconnect attempt fails the same way while Redis is away: one line when it changes, or every 30 s. */
const LOG_AGAIN_AFTER_MS = 30_000;

function throttled(log: (message: string) => void): (error: Error) => void {
  let last = '';
  let lastAt = 0;
  return (error) => {
    const now = Date.now();
    if (error.message !== last || now - lastAt > LOG_AGAIN_AFTER_MS) {
      [last, lastAt] = [error.message, now];
      log(error.message);
    }
  };
}

function settingsOf(config: ApiConfig): AccessSettings {
  const settings = accessSettings(config);
  if (settings.disabled) {
    logger.warn('AUTH_DISABLED=true: every route is open to anyone, without keys or rate limits');
  } else {
    logger.log(
      `${settings.keys.length} API keys (${settings.keys.map((k) => `${k.name}: ${k.scopes.join('+')}`).join(', ')})`,
    );
  }
  return settings;
}

/**
 * The connection of the shared rate limits, when the service has Redis: its own, because a limiter on every request
 * must fail fast (no offline queue: while Redis is away commands fail at once and memory answers) where the signal
 * store may wait for its commands.
 */
function connect(config: ApiConfig, settings: AccessSettings): Redis | undefined {
  if (!config.redisUrl || settings.disabled) return undefined;
  const redis = new Redis(config.redisUrl, {
    commandTimeout: config.redisCommandTimeoutMs,
    connectTimeout: config.redisCommandTimeoutMs,
    disconnectTimeout: config.redisCommandTimeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    lazyConnect: true,
  });
  redis.on(
    'error',
    throttled((message) => logger.warn(`rate limits: Redis: ${message}; limiting in memory meanwhile`)),
  );
  return redis;
}

/** Connects at boot (a Redis that is away then leaves memory answering until it returns) and quits on shutdown. */
@Injectable()
class RateLimitConnection implements OnModuleInit, OnApplicationShutdown {
  constructor(@Inject(RATE_LIMIT_REDIS) private readonly redis: Redis | undefined) {}

  async onModuleInit(): Promise<void> {
    await this.redis?.connect().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis) return;
    await this.redis.quit().catch(() => undefined);
    this.redis.disconnect();
  }
}

/**
 * Access control of every route: API keys with scopes and rate limits per key (see ApiAccessGuard). The settings
 * are checked by createApiApp before the service starts; here they are read again to build the providers.
 */
@Module({
  providers: [
    { provide: ACCESS_SETTINGS, inject: [ApiConfig], useFactory: settingsOf },
    { provide: RATE_LIMIT_REDIS, inject: [ApiConfig, ACCESS_SETTINGS], useFactory: connect },
    RateLimitConnection,
    KeyBeforeBody,
    {
      provide: ApiKeyStore,
      inject: [ACCESS_SETTINGS],
      useFactory: (settings: AccessSettings) => new ApiKeyStore(settings.keys),
    },
    {
      provide: RateLimiter,
      inject: [ApiConfig, ACCESS_SETTINGS, RATE_LIMIT_REDIS],
      useFactory: (config: ApiConfig, settings: AccessSettings, redis: Redis | undefined) =>
        new RateLimiter(settings.limits, {
          redis: redis && new RedisTokenBuckets(redis, config.redisKeyPrefix),
          redisReady: () => redis?.status === 'ready',
          onRedisError: throttled((message) =>
            logger.warn(`rate limits in memory: Redis failed: ${message}`),
          ),
          breaker: new CircuitBreaker({
            failureThreshold: config.breakerFailureThreshold,
            windowMs: config.breakerWindowMs,
            coolDownMs: config.breakerCoolDownMs,
          }),
        }),
    },
    {
      provide: APP_GUARD,
      inject: [Reflector, ApiKeyStore, RateLimiter, ACCESS_SETTINGS],
      useFactory: (reflector: Reflector, keys: ApiKeyStore, limiter: RateLimiter, settings: AccessSettings) =>
        new ApiAccessGuard(reflector, keys, limiter, settings.disabled),
    },
  ],
})
export class AccessModule {}
