import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * The service's own registry rather than prom-client's global one: each app instance counts only its own requests, so
 * several instances in one process (tests, the CLI's demo) never clash. Process metrics (CPU, memory, event loop lag,
 * GC) are collected into it too.
 */
export function createMetricsRegistry(): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return registry;
}

/** Seconds, from well under a millisecond (an in-memory stage) to the engine's request timeout. */
export const LATENCY_BUCKETS_SECONDS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
