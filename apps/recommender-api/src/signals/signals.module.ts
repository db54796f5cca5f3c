import { InMemorySignalStore, RedisSignalStore, SignalStore } from '@app/signals';
import { Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { ApiConfig } from '../config/api-config';
import { MetricsModule } from '../observability/metrics.module';
import { RedisMetrics } from '../observability/redis.metrics';
import { ResilienceMetrics } from '../observability/resilience.metrics';
import { CircuitBreaker } from '../resilience/circuit-breaker';
import { GuardedSignalStore } from './guarded-signal.store';
import { SIGNAL_STORE } from './signal-store.token';

const logger = new Logger('Signals');

/** The store, and the Redis connection under it when there is one. */
interface SignalsConnection {
  store: SignalStore;
  redis?: Redis;
}
const SIGNALS_CONNECTION = 'SignalsConnection';
const QUIT_TIMEOUT_MS = 2_000;

/** While Redis is away ioredis reports every reconnect attempt: log a message when it changes, or every 30 s. */
function throttled(log: (message: string) => void): (error: Error) => void {
  let last = '';
  let lastAt = 0;
  return (error) => {
    const now = Date.now();
    if (error.message !== last || now - lastAt > 30_000) {
      last = error.message;
      lastAt = now;
      log(error.message);
    }
  };
}

function connect(config: ApiConfig, metrics: RedisMetrics, resilience: ResilienceMetrics): SignalsConnection {
  if (!config.redisUrl) {
    logger.warn(
      'REDIS_URL is unset: real-time signals are kept in memory (lost on restart, not shared between instances)',
    );
    return { store: new InMemorySignalStore() };
  }
  logger.log(
    `real-time signals in Redis at ${ApiConfig.redact(config.redisUrl)}` +
      (config.redisKeyPrefix ? ` under key prefix ${config.redisKeyPrefix}` : ''),
  );
  const redis = new Redis(config.redisUrl, {
    commandTimeout: config.redisCommandTimeoutMs,
    connectTimeout: config.redisCommandTimeoutMs,
    // How long a closing connection may linger before it is destroyed.
    disconnectTimeout: config.redisCommandTimeoutMs,
    // Fail a command fast while Redis is away instead of queueing it: callers answer 503, clients retry.
    maxRetriesPerRequest: 1,
    // Connects on the first command: a boot that fails later leaves no connection behind.
    lazyConnect: true,
  });
  metrics.watch(redis, 'signals');
  redis.on(
    'error',
    throttled((message) => logger.warn(`Redis: ${message}`)),
  );
  const breaker = new CircuitBreaker({
    failureThreshold: config.breakerFailureThreshold,
    windowMs: config.breakerWindowMs,
    coolDownMs: config.breakerCoolDownMs,
    onStateChange: (state, previous) => {
      resilience.circuitState('redis', state);
      const line = `Redis circuit ${previous} → ${state}`;
      if (state === 'open')
        logger.warn(`${line}: signal reads and writes fail at once until a probe succeeds`);
      else logger.log(line);
    },
  });
  resilience.circuitState('redis', 'closed');
  const store = new GuardedSignalStore(
    new RedisSignalStore(redis, { keyPrefix: config.redisKeyPrefix }),
    breaker,
    // `wait`: not connected yet (lazyConnect), the first command connects. Reconnecting: fail at once.
    () => redis.status === 'ready' || redis.status === 'wait',
  );
  return { store, redis };
}

/** Quits Redis on shutdown; a Redis that is away gets its connection dropped instead of waited for. */
@Injectable()
class SignalsCloser implements OnApplicationShutdown {
  constructor(@Inject(SIGNALS_CONNECTION) private readonly connection: SignalsConnection) {}

  async onApplicationShutdown(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, QUIT_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.connection.store.close().catch(() => undefined), timeout]);
    } finally {
      clearTimeout(timer);
      // Stops reconnect attempts too; harmless after a quit.
      this.connection.redis?.disconnect();
    }
  }
}

/** Real-time signals, through @app/signals only: Redis when REDIS_URL is set, else memory (said so in the log). */
@Module({
  imports: [MetricsModule],
  providers: [
    {
      provide: SIGNALS_CONNECTION,
      inject: [ApiConfig, RedisMetrics, ResilienceMetrics],
      useFactory: connect,
    },
    {
      provide: SIGNAL_STORE,
      inject: [SIGNALS_CONNECTION],
      useFactory: (connection: SignalsConnection) => connection.store,
    },
    SignalsCloser,
  ],
  exports: [SIGNAL_STORE],
})
export class SignalsModule {}
