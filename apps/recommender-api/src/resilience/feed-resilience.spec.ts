import { Client } from '@opensearch-project/opensearch';
import { Registry } from 'prom-client';
import { resolveApiConfig } from '../config/api-config';
import { PipelineMetrics } from '../observability/pipeline.metrics';
import { ResilienceMetrics } from '../observability/resilience.metrics';
import { EngineCircuit } from './engine-circuit';
import { FeedFallbackStore } from './feed-fallback.store';
import { FeedResilience } from './feed-resilience';
import { InFlightLimit } from './in-flight-limit';
import { ProfileCache } from './profile-cache';
import { ShutdownCoordinator } from './shutdown-coordinator';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function feedResilience() {
  const config = resolveApiConfig({ feedDeadlineMs: 100, breakerFailureThreshold: 2 });
  const registry = new Registry();
  const resilienceMetrics = new ResilienceMetrics(registry);
  const circuit = new EngineCircuit(config, {} as Client, resilienceMetrics);
  const resilience = new FeedResilience(
    circuit,
    new FeedFallbackStore({ maxCities: 1, itemsPerCity: 1, maxViewers: 1 }),
    new ProfileCache(config, resilienceMetrics),
    new ShutdownCoordinator(config, new InFlightLimit(1)),
    new PipelineMetrics(registry),
    config,
  );
  return { resilience, circuit };
}

describe('FeedResilience.serve', () => {
  it('answers with the page and runs its side effects after it, once it is served', async () => {
    const { resilience } = feedResilience();
    const effects: string[] = [];
    const answer = await resilience.serve(
      'travel',
      async () => ({ answer: 'page', afterServe: async () => void effects.push('impressions') }),
      async () => 'fallback',
    );
    expect(answer).toBe('page');
    expect(effects).toEqual([]);
    await sleep(10);
    expect(effects).toEqual(['impressions']);
  });

  it('answers from the fallback past the deadline, and never runs the late page’s side effects', async () => {
    const { resilience, circuit } = feedResilience();
    const effects: string[] = [];
    const answer = await resilience.serve(
      'travel',
      async () => {
        await sleep(200);
        return { answer: 'late page', afterServe: async () => void effects.push('impressions') };
      },
      async () => 'fallback',
    );
    expect(answer).toBe('fallback');
    await sleep(250);
    expect(effects).toEqual([]);
    // The late page ended well: slowness alone leaves the circuit closed.
    expect(circuit.state).toBe('closed');
  });
});
