import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { ApiConfig } from '../config/api-config';
import { InFlightLimit } from './in-flight-limit';

const POLL_MS = 10;

/**
 * Graceful shutdown, before Nest closes the HTTP server: readiness goes down and new requests are refused (503, see
 * OverloadGuard), the requests in flight finish, then the side effects run after their answers (impressions) are
 * flushed, all within SHUTDOWN_GRACE_MS. Nest then closes the server and, in onApplicationShutdown, the engine (which
 * flushes its log) and Redis.
 */
@Injectable()
export class ShutdownCoordinator implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');
  private draining = false;
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly config: ApiConfig,
    private readonly inFlight: InFlightLimit,
  ) {}

  get isDraining(): boolean {
    return this.draining;
  }

  /** Runs a side effect once the current answer is written (next turn of the loop), tracked until it settles. */
  afterServe(effect: () => Promise<unknown>): void {
    // Callbacks of setImmediate run after the pending I/O, the reply included.
    const run = new Promise((resolve) => setImmediate(resolve)).then(effect).catch(() => undefined);
    this.pending.add(run);
    void run.finally(() => this.pending.delete(run));
  }

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.draining = true;
    const deadline = Date.now() + this.config.shutdownGraceMs;
    this.logger.log(
      `shutting down${signal ? ` on ${signal}` : ''}: ${this.inFlight.count} requests in flight, ` +
        `${this.pending.size} side effects pending`,
    );
    while ((this.inFlight.count > 0 || this.pending.size > 0) && Date.now() < deadline) {
      if (this.inFlight.count === 0) {
        await Promise.race([Promise.allSettled([...this.pending]), sleep(deadline - Date.now())]);
      } else {
        await sleep(POLL_MS);
      }
    }
    if (this.inFlight.count > 0 || this.pending.size > 0) {
      this.logger.warn(
        `grace period over with ${this.inFlight.count} requests and ${this.pending.size} side effects unfinished`,
      );
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
