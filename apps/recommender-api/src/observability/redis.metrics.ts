import { Injectable } from '@nestjs/common';
import type { Command, Redis } from 'ioredis';
import { performance } from 'node:perf_hooks';
import { Counter, Histogram, Registry } from 'prom-client';
import { LATENCY_BUCKETS_SECONDS } from './metrics-registry';

/**
 * Latency and errors of every Redis command the service sends, by command name (the signal store's scripts show as
 * `evalsha`, its transactions as `multi`, their commands and `exec`). Measured at the one place every command of a
 * client passes, `sendCommand` (pipelines and transactions included), from the call until Redis answers or the
 * command fails (timeout, connection lost, error reply).
 */
@Injectable()
export class RedisMetrics {
  private readonly duration: Histogram<'client' | 'command'>;
  private readonly errors: Counter<'client' | 'command'>;

  constructor(registry: Registry) {
    this.duration = new Histogram({
      name: 'redis_command_duration_seconds',
      help: 'Redis commands by client (signals, ...) and command name: time until Redis answered or the command failed',
      labelNames: ['client', 'command'],
      buckets: LATENCY_BUCKETS_SECONDS,
      registers: [registry],
    });
    this.errors = new Counter({
      name: 'redis_command_errors_total',
      help: 'Redis commands that failed (timeout, connection lost, error reply), by client and command name',
      labelNames: ['client', 'command'],
      registers: [registry],
    });
  }

  /** Starts measuring the commands of a connection; `client` names what it is for (`signals`). Returns it. */
  watch(redis: Redis, client: string): Redis {
    const send = redis.sendCommand.bind(redis);
    // ioredis passes a command through sendCommand again when it flushes its offline queue: measure it once.
    const seen = new WeakSet<Command>();
    redis.sendCommand = (command, stream) => {
      if (!seen.has(command)) {
        seen.add(command);
        const started = performance.now();
        const labels = { client, command: command.name.toLowerCase() };
        command.promise.then(
          () => this.duration.observe(labels, (performance.now() - started) / 1000),
          () => {
            this.duration.observe(labels, (performance.now() - started) / 1000);
            this.errors.inc(labels);
          },
        );
      }
      return send(command, stream);
    };
    return redis;
  }
}
