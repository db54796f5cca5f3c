import type { Scenario } from '@app/signals';
import { Injectable } from '@nestjs/common';
import { PipelineMetrics } from '../observability/pipeline.metrics';
import { EngineCircuit, isEngineFailure } from './engine-circuit';
import { FeedFallbackStore } from './feed-fallback.store';
import { ProfileCache } from './profile-cache';
import { ShutdownCoordinator } from './shutdown-coordinator';

/**
 * What the feed services use to stay up: the engine's circuit and the fallback it falls back to, the profile cache of
 * their context stage, and the shutdown coordinator that tracks their after-serve side effects.
 */
@Injectable()
export class FeedResilience {
  constructor(
    readonly circuit: EngineCircuit,
    readonly fallback: FeedFallbackStore,
    readonly profiles: ProfileCache,
    private readonly shutdown: ShutdownCoordinator,
    private readonly metrics: PipelineMetrics,
  ) {}

  /**
   * Runs a page through the engine's circuit: the page when the circuit lets it through and the engine answers;
   * the fallback page (counted degraded, reason engine) when the circuit is open or the engine fails. Other errors
   * (an unknown member, a bad cursor) are thrown as they are and say nothing about the engine.
   */
  async serve<T>(scenario: Scenario, page: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    if (!this.circuit.tryAcquire()) return this.fallBack(scenario, fallback);
    let answer: T;
    try {
      answer = await page();
    } catch (error) {
      if (!isEngineFailure(error)) throw error;
      this.circuit.report(error);
      return this.fallBack(scenario, fallback);
    }
    this.circuit.report();
    return answer;
  }

  /** Runs a side effect once the answer is written; shutdown waits for it. */
  afterServe(effect: () => Promise<unknown>): void {
    this.shutdown.afterServe(effect);
  }

  private fallBack<T>(scenario: Scenario, fallback: () => Promise<T>): Promise<T> {
    this.metrics.recordDegraded(scenario, 'engine');
    return fallback();
  }
}
