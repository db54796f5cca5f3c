import { MemberSearch } from '@app/search';
import { SignalStore } from '@app/signals';
import { Logger, Module } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { ApiConfig } from '../config/api-config';
import { FeedExperiments } from '../experiments/feed-experiments';
import { MetricsModule } from '../observability/metrics.module';
import { PipelineMetrics } from '../observability/pipeline.metrics';
import { FeedResilience } from '../resilience/feed-resilience';
import { ResilienceModule } from '../resilience/resilience.module';
import { SearchModule } from '../search/search.module';
import { SIGNAL_STORE } from '../signals/signal-store.token';
import { SignalsModule } from '../signals/signals.module';
import { DiscoveryFeedController } from './discovery-feed.controller';
import { DiscoveryFeedService } from './discovery-feed.service';
import { MemberStatsRefresher } from './member-stats.refresher';

const logger = new Logger('Networking');

/**
 * The networking scenario: `GET /v1/networking/members/{memberId}/discovery`. The paging cursors are signed with a
 * key drawn at boot: a cursor outlives neither a restart nor a move to another instance (its client starts the
 * feed again), until the configuration carries a shared key.
 */
@Module({
  imports: [SearchModule, SignalsModule, MetricsModule, ResilienceModule],
  controllers: [DiscoveryFeedController],
  providers: [
    {
      provide: DiscoveryFeedService,
      inject: [MemberSearch, SIGNAL_STORE, ApiConfig, PipelineMetrics, FeedResilience, FeedExperiments],
      useFactory: (
        search: MemberSearch,
        signals: SignalStore,
        config: ApiConfig,
        metrics: PipelineMetrics,
        resilience: FeedResilience,
        experiments: FeedExperiments,
      ) =>
        new DiscoveryFeedService(search, signals, {
          cursorSecret: config.cursorSecret ?? bootKey(),
          onSideEffectError: ({ sideEffect, requestId, error }) =>
            logger.warn(
              `${sideEffect} failed for request ${requestId}: ${(error as Error)?.message ?? error}`,
            ),
          onDegraded: (trace) =>
            logger.warn(
              `request ${trace.requestId} served without ${trace.failedSources.join(', ')} (failed or timed out)`,
            ),
          metrics,
          logger: new Logger('DiscoveryFeed'),
          resilience,
          experiments,
        }),
    },
    MemberStatsRefresher,
  ],
  exports: [DiscoveryFeedService, MemberStatsRefresher],
})
export class NetworkingModule {}

/** A cursor key for this process only, when CURSOR_SECRET is unset (logged: cursors then die with the process). */
function bootKey(): Uint8Array {
  logger.warn(
    'CURSOR_SECRET is unset: paging cursors are signed with a key made at boot (valid on this process only)',
  );
  return randomBytes(32);
}
