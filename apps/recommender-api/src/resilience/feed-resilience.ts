import type { Scenario } from '@app/signals';
import { Injectable } from '@nestjs/common';
import { PipelineMetrics } from '../observability/pipeline.metrics';
import { ApiConfig } from '../config/api-config';
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
   * FEED_DEADLINE_MS; the fallback page (counted degraded) when the circuit is open or the engine fails (reason
   * engine), or when the deadline passes first (reason deadline). A page past its deadline goes on, and its outcome
   * is reported to the circuit when it ends: an engine that fails opens the circuit, but a service that is merely
   * busy does not take itself out of rotation (the circuit drives readiness). A page's side effects (impressions, its
   * exposure record) run once it is the answer, after it is written, and never for a late page that was not served.
   * Other errors (an unknown member, a bad cursor) are thrown as they are and say nothing about the engine.
   */
  async serve<T>(
    scenario: Scenario,
    page: () => Promise<ServablePage<T>>,
    fallback: () => Promise<T>,
  ): Promise<T> {
    if (!this.circuit.tryAcquire()) return this.fallBack(scenario, fallback, 'engine');
    const running = page();
    let served: ServablePage<T>;
    try {
      served = await withDeadline(running, this.deadlineMs);
    } catch (error) {
      if (error instanceof FeedDeadlineError) {
        running.then(
          () => this.circuit.report(),
          (late: unknown) => this.circuit.report(late),
        );
        return this.fallBack(scenario, fallback, 'deadline');
      }
      if (!isEngineFailure(error)) throw error;
      this.circuit.report(error);
      return this.fallBack(scenario, fallback, 'engine');
    }
    this.circuit.report();
    // After the answer is written; shutdown waits for it.
    this.shutdown.afterServe(served.afterServe);
    return served.answer;
  }

  private fallBack<T>(
    scenario: Scenario,
    fallback: () => Promise<T>,
    reason: 'engine' | 'deadline',
  ): Promise<T> {
    this.metrics.recordDegraded(scenario, reason);
    return fallback();
  }
}

/** A page the engine made, and its side effects to run once it has been served. */
export interface ServablePage<T> {
  readonly answer: T;
  readonly afterServe: () => Promise<unknown>;
}

/** A feed page that was not ready by FEED_DEADLINE_MS. */
export class FeedDeadlineError extends Error {
  constructor(ms: number) {
    super(`the page was not ready within ${ms} ms`);
    this.name = 'FeedDeadlineError';
  }
}

/** The page, or a FeedDeadlineError once `ms` have passed (the page goes on). */
function withDeadline<T>(page: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FeedDeadlineError(ms)), ms);
  });
  page.catch(() => undefined);
  return Promise.race([page, deadline]).finally(() => clearTimeout(timer));
}
