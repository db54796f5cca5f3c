import {
  CatalogReindexer,
  CatalogRepository,
  MemberSearch,
  openSearchClient,
  SearchClientHandle,
  SearchNames,
} from '@app/search';
import { Client } from '@opensearch-project/opensearch';
import { Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { ApiConfig } from '../config/api-config';
import { MetricsModule } from '../observability/metrics.module';
import { SearchEngineMetrics } from '../observability/search-engine.metrics';
import { SearchArtifactsService } from './search-artifacts.service';

const SEARCH_CLIENT_HANDLE = 'SearchClientHandle';

/** Closes the one engine client after the HTTP server stopped; in embedded mode this flushes the engine's log. */
@Injectable()
class SearchClientCloser implements OnApplicationShutdown {
  constructor(@Inject(SEARCH_CLIENT_HANDLE) private readonly handle: SearchClientHandle) {}

  async onApplicationShutdown(): Promise<void> {
    await this.handle.close();
  }
}

const logger = new Logger('Search');
const searchLog = { info: (m: string) => logger.log(m), warn: (m: string) => logger.warn(m) };

/**
 * The search engine, through @app/search only: one official OpenSearch client (in-process or over HTTP), the
 * catalog repository, the reindexer and the artifacts installer.
 */
@Module({
  imports: [MetricsModule],
  providers: [
    {
      provide: SEARCH_CLIENT_HANDLE,
      inject: [ApiConfig],
      useFactory: async (config: ApiConfig): Promise<SearchClientHandle> => {
        if (config.searchEngine === 'opensearch') {
          logger.log(`search engine: OpenSearch at ${ApiConfig.redact(config.opensearchUrl!)}`);
          return openSearchClient({
            engine: 'opensearch',
            url: config.opensearchUrl!,
            requestTimeoutMs: config.engineRequestTimeoutMs,
          });
        }
        const started = Date.now();
        const handle = await openSearchClient({
          engine: 'embedded',
          dataDir: config.engineDataDir,
          requestTimeoutMs: config.engineRequestTimeoutMs,
          onWarning: (message) => logger.warn(message),
          thread: config.engineThread,
        });
        logger.log(
          `search engine: embedded (${config.engineThread}), ` +
            `${config.engineDataDir ? `data in ${config.engineDataDir}` : 'in memory'} ` +
            `(opened in ${Date.now() - started} ms)`,
        );
        return handle;
      },
    },
    {
      provide: Client,
      inject: [SEARCH_CLIENT_HANDLE, SearchEngineMetrics],
      // Every engine request of the service goes through this client: its latency and errors are measured here.
      useFactory: (handle: SearchClientHandle, metrics: SearchEngineMetrics) => metrics.watch(handle.client),
    },
    {
      provide: SearchNames,
      inject: [ApiConfig],
      useFactory: (config: ApiConfig) => new SearchNames(config.searchIndexPrefix),
    },
    {
      provide: CatalogRepository,
      inject: [Client, SearchNames, ApiConfig],
      useFactory: (client: Client, names: SearchNames, config: ApiConfig) =>
        new CatalogRepository(client, {
          names,
          writeRetryMs: config.catalogWriteRetryMs,
          requestTimeoutMs: config.engineRequestTimeoutMs,
          log: searchLog,
        }),
    },
    {
      provide: CatalogReindexer,
      inject: [Client, SearchNames],
      useFactory: (client: Client, names: SearchNames) =>
        new CatalogReindexer(client, { names, log: searchLog }),
    },
    {
      // The members' look-ups and feed searches: the discovery feed's, and the experiments' (a member's city).
      provide: MemberSearch,
      inject: [Client, SearchNames, ApiConfig],
      useFactory: (client: Client, names: SearchNames, config: ApiConfig) =>
        new MemberSearch(client, { names, requestTimeoutMs: config.engineRequestTimeoutMs }),
    },
    SearchArtifactsService,
    SearchClientCloser,
  ],
  exports: [Client, SearchNames, CatalogRepository, CatalogReindexer, MemberSearch, SearchArtifactsService],
})
export class SearchModule {}
