import { pingSearchEngine } from '@app/search';
import { Client } from '@opensearch-project/opensearch';
import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ApiConfig } from '../config/api-config';
import { SearchArtifactsService } from '../search/search-artifacts.service';

/** Up when the engine answers and the search artifacts are installed. */
@Injectable()
export class SearchHealthIndicator {
  constructor(
    @Inject(Client) private readonly client: Client,
    private readonly artifacts: SearchArtifactsService,
    private readonly config: ApiConfig,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.health.check('search');
    const artifacts = this.artifacts.status;
    let cluster: string;
    try {
      cluster = (await pingSearchEngine(this.client, this.config.healthCheckTimeoutMs)).status;
    } catch (error) {
      return indicator.down({
        engine: this.config.searchEngine,
        reachable: false,
        message: (error as Error).message,
        artifacts,
      });
    }
    const data = { engine: this.config.searchEngine, reachable: true, cluster, artifacts };
    // A red cluster cannot serve every shard; yellow (missing replicas) still can.
    if (!artifacts.installed || cluster === 'red') return indicator.down(data);
    return indicator.up(data);
  }
}
