import { PlaceEmbeddingCache, PlaceSearch, SearchNames } from '@app/search';
import { Client } from '@opensearch-project/opensearch';
import { Logger, Module } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ApiConfig } from '../config/api-config';
import { MetricsModule } from '../observability/metrics.module';
import { ResilienceModule } from '../resilience/resilience.module';
import { SearchModule } from '../search/search.module';
import { SignalsModule } from '../signals/signals.module';
import { TravelController } from './travel.controller';
import { TRAVEL_CURSOR_SECRET, TravelFeedService } from './travel-feed.service';

/**
 * `GET /v1/travel/members/{memberId}/places`. Paging cursors are signed with a key made at boot: a cursor is valid on
 * the process that issued it (for an hour). Several instances behind one address need one shared key from the
 * configuration instead (see the README).
 */
@Module({
  imports: [SearchModule, SignalsModule, MetricsModule, ResilienceModule],
  controllers: [TravelController],
  providers: [
    {
      provide: PlaceSearch,
      inject: [Client, SearchNames, ApiConfig, PlaceEmbeddingCache],
      useFactory: (client: Client, names: SearchNames, config: ApiConfig, embeddings: PlaceEmbeddingCache) =>
        new PlaceSearch(client, {
          names,
          requestTimeoutMs: config.engineRequestTimeoutMs,
          // 0: every search reads the embeddings with the other fields
          ...(config.placeEmbeddingCacheTtlMs > 0 && { embeddings }),
        }),
    },
    {
      provide: TRAVEL_CURSOR_SECRET,
      inject: [ApiConfig],
      useFactory: (config: ApiConfig) => {
        if (config.cursorSecret) return config.cursorSecret;
        new Logger('TravelFeed').warn(
          'CURSOR_SECRET is unset: paging cursors are signed with a key made at boot (valid on this process only)',
        );
        return randomBytes(32).toString('base64');
      },
    },
    TravelFeedService,
  ],
  exports: [TravelFeedService],
})
export class TravelModule {}
