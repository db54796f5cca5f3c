import type { Scenario } from '@app/signals';
import { Injectable } from '@nestjs/common';
import { PipelineMetrics } from '../observability/pipeline.metrics';
import { ApiConfig } from '../config/api-config';
import { EngineCircuit, FeedDeadlineError, isEngineFailure } from './engine-circuit';
import { FeedFallbackStore } from './feed-fallback.store';
import { ProfileCache } from './profile-cache';
import { ShutdownCoordinator } from './shutdown-coordinator';

/**
 * What the feed services use to stay up: the engine's circuit and the fallback it falls back to, the profile cache of
 * their context stage, and the shutdown coordinator that tracks their after-serve side effects.
 */
@Injectable()
export class FeedResilience {
  private readonly deadlineMs: number;

  constructor(
    readonly circuit: EngineCircuit,
    readonly fallback: FeedFallbackStore,
    readonly profiles: ProfileCache,
    private readonly shutdown: ShutdownCoordinator,
    private readonly metrics: PipelineMetrics,
    config: ApiConfig,
  ) {
    this.deadlineMs = config.feedDeadlineMs;
  }

  /**
   * Runs a page through the engine's circuit: the page when the circuit lets it through and the engine answers within
   * FEED_DEADLINE_MS; the fallback page (counted degraded, reason engine) when the circuit is open, the engine fails
   * or the deadline passes first (a failure for the circuit: a slow engine opens it as a failing one does). Other
   * errors (an unknown member, a bad cursor) are thrown as they are and say nothing about the engine.
   */
  async serve<T>(scenario: Scenario, page: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    if (!this.circuit.tryAcquire()) return this.fallBack(scenario, fallback);
    let answer: T;
    try {
      answer = await withDeadline(page(), this.deadlineMs);
    } catch (error) {
      if (!isEngineFailure(error)) throw error;
      this.circuit.report(error);
      return this.fallBack(scenario, fallback, error instanceof FeedDeadlineError ? 'deadline' : 'engine');
    }
    this.circuit.report();
    return answer;
  }

  /** Runs a side effect once the answer is written; shutdown waits for it. */
  afterServe(effect: () => Promise<unknown>): void {
    this.shutdown.afterServe(effect);
  }

  private fallBack<T>(
    scenario: Scenario,
    fallback: () => Promise<T>,
    reason: 'engine' | 'deadline' = 'engine',
  ): Promise<T> {
    this.metrics.recordDegraded(scenario, reason);
    return fallback();
  }
}

/** The page, or a FeedDeadlineError once `ms` have passed (the page goes on, and its late end is ignored). */
function withDeadline<T>(page: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FeedDeadlineError(ms)), ms);
  });
  page.catch(() => undefined);
  return Promise.race([page, deadline]).finally(() => clearTimeout(timer));
}
