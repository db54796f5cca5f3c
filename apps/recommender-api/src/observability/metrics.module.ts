import { Module } from '@nestjs/common';
import { Registry } from 'prom-client';
import { EventMetrics } from './events.metrics';
import { HttpMetrics } from './http.metrics';
import { createMetricsRegistry } from './metrics-registry';
import { MetricsController } from './metrics.controller';
import { PipelineMetrics } from './pipeline.metrics';
import { RedisMetrics } from './redis.metrics';
import { ResilienceMetrics } from './resilience.metrics';
import { SearchEngineMetrics } from './search-engine.metrics';

/**
 * `GET /metrics` and the recorders that feed it, one registry per app instance. Modules import it for the recorder
 * they need: the feeds for PipelineMetrics, events for EventMetrics, search and signals to watch their clients.
 */
@Module({
  controllers: [MetricsController],
  providers: [
    { provide: Registry, useFactory: createMetricsRegistry },
    HttpMetrics,
    PipelineMetrics,
    SearchEngineMetrics,
    RedisMetrics,
    EventMetrics,
    ResilienceMetrics,
  ],
  exports: [PipelineMetrics, SearchEngineMetrics, RedisMetrics, EventMetrics, ResilienceMetrics],
})
export class MetricsModule {}
