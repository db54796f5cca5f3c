import { SourceFailedError } from '@app/pipeline';
import { pingSearchEngine, SearchEngineError } from '@app/search';
import { HttpException, Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Client } from '@opensearch-project/opensearch';
import { ApiConfig } from '../config/api-config';
import { ResilienceMetrics } from '../observability/resilience.metrics';
import { CircuitBreaker, CircuitState } from './circuit-breaker';

/**
 * The circuit breaker over the feeds' engine calls. Feeds ask `tryAcquire()` before running their pipeline and report
 * how it ended; while the circuit is open they answer from the fallback. While open, a timer also probes the engine
 * (a cluster health request) after each cool-down, so that the circuit closes when the engine returns even if no feed
 * request comes (readiness is down meanwhile, and a load balancer may send none).
 */
@Injectable()
export class EngineCircuit implements OnModuleDestroy {
  private readonly logger = new Logger('EngineCircuit');
  private readonly breaker: CircuitBreaker;
  private probeTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly config: ApiConfig,
    @Inject(Client) private readonly client: Client,
    private readonly metrics: ResilienceMetrics,
  ) {
    this.breaker = new CircuitBreaker({
      failureThreshold: config.breakerFailureThreshold,
      windowMs: config.breakerWindowMs,
      coolDownMs: config.breakerCoolDownMs,
      onStateChange: (state, previous) => this.changed(state, previous),
    });
  }

  get state(): CircuitState {
    return this.breaker.state;
  }

  /** May a feed call the engine now (closed, or the half-open probe)? */
  tryAcquire(): boolean {
    return this.breaker.tryAcquire();
  }

  /** How a feed's engine work ended: a failure when the engine could not answer, else a success of the engine. */
  report(error?: unknown): void {
    if (error !== undefined && isEngineFailure(error)) this.breaker.failed();
    else this.breaker.succeeded();
  }

  onModuleDestroy(): void {
    this.stopProbing();
  }

  private changed(state: CircuitState, previous: CircuitState): void {
    this.metrics.circuitState('engine', state);
    const log = `engine circuit ${previous} → ${state}`;
    if (state === 'open') this.logger.warn(`${log}: feeds answer from the in-memory fallback`);
    else this.logger.log(log);
    if (state === 'closed') this.stopProbing();
    else this.probeTimer ??= this.startProbing();
  }

  private startProbing(): NodeJS.Timeout {
    const timer = setInterval(() => {
      if (!this.breaker.tryAcquire()) return;
      pingSearchEngine(this.client, this.config.healthCheckTimeoutMs).then(
        () => this.breaker.succeeded(),
        () => this.breaker.failed(),
      );
    }, this.config.breakerCoolDownMs);
    timer.unref();
    return timer;
  }

  private stopProbing(): void {
    clearInterval(this.probeTimer);
    this.probeTimer = undefined;
  }
}

/**
 * The engine could not answer: no answer (refused, timed out, aborted), a 5xx or a 429, or a source the pipeline
 * needed failed or timed out. A 4xx is the engine answering (a bug of ours or bad data), not the engine failing.
 */
export function isEngineFailure(error: unknown): boolean {
  // The feeds turn library errors into the API's (a 503 keeps its cause).
  if (error instanceof HttpException) return isEngineFailure(error.cause);
  // A source that timed out waited on the engine; one that failed says why in its cause (it may be Redis).
  if (error instanceof SourceFailedError) return error.reason === 'timedOut' || isEngineFailure(error.cause);
  if (error instanceof SearchEngineError) {
    const status = error.failure.status;
    return status === undefined || status >= 500 || status === 429;
  }
  return false;
}
