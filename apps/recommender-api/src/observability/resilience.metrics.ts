import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';
import type { CircuitState } from '../resilience/circuit-breaker';

const CIRCUIT_STATES: readonly CircuitState[] = ['closed', 'halfOpen', 'open'];

/** Why a request was refused before any handler ran. */
export type RejectionReason = 'overload' | 'shutdown';

/**
 * The service's own protections at work: the engine's circuit (one series per state, 1 for the current one), requests
 * refused at the door (too many in flight, or shutting down), and the profile cache's hits and misses (the hit ratio is
 * hit / (hit + miss)).
 */
@Injectable()
export class ResilienceMetrics {
  private readonly circuit: Gauge<'dependency' | 'state'>;
  private readonly rejected: Counter<'reason'>;
  private readonly profileLookups: Counter<'result'>;
  private readonly fallbackItems: Gauge<'kind'>;

  constructor(registry: Registry) {
    this.circuit = new Gauge({
      name: 'circuit_breaker_state',
      help: "The feeds' circuit breaker over a dependency: 1 for its current state (closed, halfOpen, open), else 0",
      labelNames: ['dependency', 'state'],
      registers: [registry],
    });
    this.rejected = new Counter({
      name: 'http_requests_rejected_total',
      help: 'Requests answered 503 at once, before any handler ran: overload (MAX_IN_FLIGHT reached) or shutdown',
      labelNames: ['reason'],
      registers: [registry],
    });
    this.profileLookups = new Counter({
      name: 'profile_cache_lookups_total',
      help: 'Member profile look-ups of the feeds by result (hit: served from the cache; miss: read from the engine)',
      labelNames: ['result'],
      registers: [registry],
    });
    this.fallbackItems = new Gauge({
      name: 'feed_fallback_items',
      help: "Items the feeds' in-memory fallback holds, by kind (places, members, cities)",
      labelNames: ['kind'],
      registers: [registry],
    });
    this.circuitState('engine', 'closed');
  }

  circuitState(dependency: string, state: CircuitState): void {
    for (const s of CIRCUIT_STATES) this.circuit.set({ dependency, state: s }, s === state ? 1 : 0);
  }

  rejectedRequest(reason: RejectionReason): void {
    this.rejected.inc({ reason });
  }

  profileLookup(result: 'hit' | 'miss', count = 1): void {
    if (count > 0) this.profileLookups.inc({ result }, count);
  }

  fallbackSize(kind: 'places' | 'members' | 'cities', count: number): void {
    this.fallbackItems.set({ kind }, count);
  }
}
