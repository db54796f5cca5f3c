import { PlaceEmbeddingCache } from '@app/search';
import { Module } from '@nestjs/common';
import { ApiConfig } from '../config/api-config';
import { MetricsModule } from '../observability/metrics.module';
import { SearchModule } from '../search/search.module';
import { CatalogWriteEffects } from './catalog-write-effects';
import { EngineCircuit } from './engine-circuit';
import { FeedFallbackRefresher } from './feed-fallback.refresher';
import { FeedFallbackStore } from './feed-fallback.store';
import { FeedResilience } from './feed-resilience';
import { InFlightLimit } from './in-flight-limit';
import { OverloadGuard } from './overload.guard';
import { ProfileCache } from './profile-cache';
import { ShutdownCoordinator } from './shutdown-coordinator';

/**
 * How the service stays up and goes down cleanly: the engine's circuit breaker and the feeds' in-memory fallback
 * (with its background refresher), the bound on requests in flight, graceful shutdown, the profile cache and the
 * travel feed's place embedding cache.
 * One instance per app (Nest shares an imported module), so that every feed, health check and catalog write sees the
 * same circuit, fallback and cache.
 */
@Module({
  imports: [SearchModule, MetricsModule],
  providers: [
    {
      provide: InFlightLimit,
      inject: [ApiConfig],
      useFactory: (c: ApiConfig) => new InFlightLimit(c.maxInFlight),
    },
    {
      provide: FeedFallbackStore,
      inject: [ApiConfig],
      useFactory: (c: ApiConfig) =>
        new FeedFallbackStore({
          maxCities: c.fallbackMaxCities,
          itemsPerCity: c.fallbackItemsPerCity,
          maxViewers: c.profileCacheSize,
        }),
    },
    {
      provide: PlaceEmbeddingCache,
      inject: [ApiConfig],
      useFactory: (c: ApiConfig) =>
        new PlaceEmbeddingCache(c.placeEmbeddingCacheSize, c.placeEmbeddingCacheTtlMs),
    },
    EngineCircuit,
    FeedFallbackRefresher,
    ProfileCache,
    ShutdownCoordinator,
    OverloadGuard,
    FeedResilience,
    CatalogWriteEffects,
  ],
  exports: [
    FeedResilience,
    CatalogWriteEffects,
    EngineCircuit,
    ShutdownCoordinator,
    FeedFallbackRefresher,
    PlaceEmbeddingCache,
  ],
})
export class ResilienceModule {}
