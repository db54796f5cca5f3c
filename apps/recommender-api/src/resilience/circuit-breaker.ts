/** `closed`: calls go through; `open`: calls are refused until the cool-down ends; `halfOpen`: one probe call goes. */
export type CircuitState = 'closed' | 'open' | 'halfOpen';

export interface CircuitBreakerOptions {
  /** Consecutive failures (within `windowMs` of the first) that open the circuit. */
  readonly failureThreshold: number;
  /** A streak of failures older than this starts again from one: sparse failures never open the circuit. */
  readonly windowMs: number;
  /** How long the circuit stays open before one probe call is let through. */
  readonly coolDownMs: number;
  /** Epoch milliseconds; tests move it by hand. */
  readonly clock?: () => number;
  readonly onStateChange?: (state: CircuitState, previous: CircuitState) => void;
}

/**
 * A circuit breaker over one dependency (closed → open after N consecutive failures within a window → half-open probe
 * after a cool-down → closed on success, open again on failure). It only keeps the state: callers ask `tryAcquire()`
 * before a call and report the call with `succeeded()` or `failed()`.
 */
export class CircuitBreaker {
  private current: CircuitState = 'closed';
  private failures = 0;
  private firstFailureAt = 0;
  private openedAt = 0;
  /** When the probe of the half-open state was let through; undefined when none is out. */
  private probeStartedAt: number | undefined;
  private readonly clock: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.clock = options.clock ?? Date.now;
  }

  get state(): CircuitState {
    return this.current;
  }

  /**
   * May a call go to the dependency now? Closed: yes. Open: no until the cool-down has passed, then one probe
   * (half-open). Half-open: no while the probe is out (a probe that never reported is replaced after a cool-down).
   */
  tryAcquire(): boolean {
    const now = this.clock();
    if (this.current === 'closed') return true;
    if (this.current === 'open') {
      if (now - this.openedAt < this.options.coolDownMs) return false;
      this.moveTo('halfOpen');
      this.probeStartedAt = now;
      return true;
    }
    if (this.probeStartedAt !== undefined && now - this.probeStartedAt < this.options.coolDownMs)
      return false;
    this.probeStartedAt = now;
    return true;
  }

  /** A call answered: the dependency works, whatever state the circuit was in. */
  succeeded(): void {
    this.failures = 0;
    this.probeStartedAt = undefined;
    if (this.current !== 'closed') this.moveTo('closed');
  }

  /** A call failed or timed out because of the dependency. */
  failed(): void {
    const now = this.clock();
    if (this.current === 'halfOpen') {
      this.open(now);
      return;
    }
    // A call started before the circuit opened and failing late changes nothing.
    if (this.current === 'open') return;
    if (this.failures === 0 || now - this.firstFailureAt > this.options.windowMs) {
      this.failures = 1;
      this.firstFailureAt = now;
    } else {
      this.failures++;
    }
    if (this.failures >= this.options.failureThreshold) this.open(now);
  }

  private open(now: number): void {
    this.openedAt = now;
    this.failures = 0;
    this.probeStartedAt = undefined;
    this.moveTo('open');
  }

  private moveTo(state: CircuitState): void {
    const previous = this.current;
    this.current = state;
    if (previous !== state) this.options.onStateChange?.(state, previous);
  }
}
