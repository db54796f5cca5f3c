import {
  Exposure,
  ExposureRecord,
  MemberSignals,
  ReadEventsOptions,
  RecordResult,
  SignalEvent,
  SignalStore,
  StreamedEvent,
  StreamedExposure,
  TargetKind,
} from '@app/signals';
import { CircuitBreaker } from '../resilience/circuit-breaker';

/** Refused without asking Redis: it is disconnected, or its circuit is open after repeated failures. */
export class SignalsUnavailableError extends Error {
  constructor(reason: string) {
    super(`real-time signals are unavailable: ${reason}`);
    this.name = 'SignalsUnavailableError';
  }
}

/**
 * The signal store behind a circuit breaker, so that a Redis that is gone or hung costs a request nothing instead of a
 * command timeout: while the connection is down (ioredis reconnecting) every call fails at once, and after
 * BREAKER_FAILURE_THRESHOLD consecutive failures (timeouts of a hung Redis) the circuit opens and calls fail at once
 * until a probe call succeeds after the cool-down. Callers already treat a failure as "no signals" (feeds, degraded)
 * or 503 (events); they now get it without waiting. `ping` (readiness) always asks Redis.
 */
export class GuardedSignalStore implements SignalStore {
  constructor(
    private readonly store: SignalStore,
    private readonly breaker: CircuitBreaker,
    /** Whether the connection can take a command now (or will connect on the first one). */
    private readonly connected: () => boolean = () => true,
  ) {}

  record(events: SignalEvent[]): Promise<RecordResult> {
    return this.guard(() => this.store.record(events));
  }

  readMember(memberId: string, now?: number): Promise<MemberSignals> {
    return this.guard(() => this.store.readMember(memberId, now));
  }

  exposure(
    kind: TargetKind,
    targetIds: string[],
    days: number,
    now?: number,
  ): Promise<Map<string, Exposure>> {
    return this.guard(() => this.store.exposure(kind, targetIds, days, now));
  }

  readEvents(options?: ReadEventsOptions): Promise<StreamedEvent[]> {
    return this.guard(() => this.store.readEvents(options));
  }

  logExposure(record: ExposureRecord): Promise<boolean> {
    return this.guard(() => this.store.logExposure(record));
  }

  readExposures(options?: ReadEventsOptions): Promise<StreamedExposure[]> {
    return this.guard(() => this.store.readExposures(options));
  }

  ping(timeoutMs?: number): Promise<void> {
    return this.store.ping(timeoutMs);
  }

  close(): Promise<void> {
    return this.store.close();
  }

  private async guard<T>(call: () => Promise<T>): Promise<T> {
    if (!this.connected()) throw new SignalsUnavailableError('Redis is disconnected');
    if (!this.breaker.tryAcquire())
      throw new SignalsUnavailableError('its circuit is open after repeated failures');
    let result: T;
    try {
      result = await call();
    } catch (error) {
      // A refused input (a malformed event) says nothing about Redis.
      if (error instanceof TypeError || error instanceof RangeError) this.breaker.succeeded();
      else this.breaker.failed();
      throw error;
    }
    this.breaker.succeeded();
    return result;
  }
}
