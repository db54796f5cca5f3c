import { ExperimentCatalog } from '@app/experiments';
import { SignalStore } from '@app/signals';
import { Global, Logger, Module } from '@nestjs/common';
import { ApiConfig } from '../config/api-config';
import { SearchModule } from '../search/search.module';
import { SIGNAL_STORE } from '../signals/signal-store.token';
import { SignalsModule } from '../signals/signals.module';
import { loadExperimentCatalog } from './experiment-catalog.loader';
import { ExperimentsController } from './experiments.controller';
import { FeedExperiments } from './feed-experiments';

const logger = new Logger('Experiments');

/**
 * The experiments of EXPERIMENTS_DIR, loaded and checked once at boot (a bad file stops it), for the feeds
 * (FeedExperiments) and the operators (`GET /v1/experiments…`, admin scope).
 */
@Global()
@Module({
  imports: [SearchModule, SignalsModule],
  controllers: [ExperimentsController],
  providers: [
    {
      provide: ExperimentCatalog,
      inject: [ApiConfig],
      useFactory: (config: ApiConfig) => {
        const catalog = loadExperimentCatalog(config.experimentsDir, config.painlessDir);
        logger.log(
          `${catalog.experiments.length} experiment(s) from ${config.experimentsDir}` +
            (catalog.experiments.length > 0 ? `: ${catalog.experiments.map((e) => e.name).join(', ')}` : ''),
        );
        return catalog;
      },
    },
    {
      provide: FeedExperiments,
      inject: [ExperimentCatalog, SIGNAL_STORE],
      useFactory: (catalog: ExperimentCatalog, store: SignalStore) =>
        new FeedExperiments(catalog, store, (record, error) =>
          logger.warn(
            `exposure of request ${record.requestId} not logged: ${(error as Error)?.message ?? String(error)}`,
          ),
        ),
    },
  ],
  exports: [ExperimentCatalog, FeedExperiments],
})
export class ExperimentsModule {}
