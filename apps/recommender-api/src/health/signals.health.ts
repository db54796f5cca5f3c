import { SignalStore } from '@app/signals';
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ApiConfig } from '../config/api-config';
import { SIGNAL_STORE } from '../signals/signal-store.token';

/** Up when Redis answers; always up for the in-memory store (there is nothing to reach). */
@Injectable()
export class SignalsHealthIndicator {
  constructor(
    @Inject(SIGNAL_STORE) private readonly store: SignalStore,
    private readonly config: ApiConfig,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.health.check('signals');
    const store = this.config.redisUrl ? 'redis' : 'memory';
    try {
      await this.store.ping(this.config.healthCheckTimeoutMs);
      return indicator.up({ store });
    } catch (error) {
      return indicator.down({ store, message: (error as Error).message });
    }
  }
}
