import { curatedPlacesQuery, MemberSearch, PlaceSearch, SearchNames } from '@app/search';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Client } from '@opensearch-project/opensearch';
import { ApiConfig } from '../config/api-config';
import { ResilienceMetrics } from '../observability/resilience.metrics';
import { EngineCircuit } from './engine-circuit';
import { FallbackMember, FeedFallbackStore } from './feed-fallback.store';

/**
 * Refreshes the feeds' fallback from the engine every FALLBACK_REFRESH_MS while the engine's circuit is closed: per
 * city the feeds asked about, the best rated curated places and the most recently active visible members with every
 * block touching them (read in full: blocks are absolute). Three small engine requests per city, one city after the
 * other, off the request path; a failed refresh keeps what was there.
 */
@Injectable()
export class FeedFallbackRefresher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('FeedFallback');
  private readonly places: PlaceSearch;
  private readonly members: MemberSearch;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(Client) client: Client,
    names: SearchNames,
    private readonly config: ApiConfig,
    private readonly store: FeedFallbackStore,
    private readonly circuit: EngineCircuit,
    private readonly metrics: ResilienceMetrics,
  ) {
    this.places = new PlaceSearch(client, { names, requestTimeoutMs: config.engineRequestTimeoutMs });
    this.members = new MemberSearch(client, { names, requestTimeoutMs: config.engineRequestTimeoutMs });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.refresh(), this.config.fallbackRefreshMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One pass over the known cities (a pass still running is joined, not doubled). */
  refresh(): Promise<void> {
    return (this.running ??= this.refreshAll().finally(() => (this.running = undefined)));
  }

  private async refreshAll(): Promise<void> {
    const size = this.config.fallbackItemsPerCity;
    for (const city of this.store.knownCities()) {
      if (this.circuit.state !== 'closed') return;
      const readSince = Date.now();
      try {
        const [places, members] = await Promise.all([
          this.places.search(
            `reading the fallback places of ${city}`,
            curatedPlacesQuery({ city }, undefined, 1),
            size,
          ),
          this.members.recentlyActiveIn(city, size),
        ]);
        const blocks = await this.members.blocksTouching(
          members.map((m) => m.id),
          Infinity,
        );
        const blockedWith = new Map<string, Set<string>>(members.map((m) => [m.id, new Set<string>()]));
        for (const edge of blocks) {
          blockedWith.get(edge.a)?.add(edge.b);
          blockedWith.get(edge.b)?.add(edge.a);
        }
        this.store.putPlaces(
          city,
          places.map((hit) => hit.place),
        );
        this.store.putMembers(
          city,
          members.map((member): FallbackMember => ({ member, blockedWith: blockedWith.get(member.id)! })),
          readSince,
        );
      } catch (error) {
        this.logger.warn(`refreshing the fallback of ${city} failed: ${(error as Error).message}`);
      }
    }
    const sizes = this.store.sizes();
    this.metrics.fallbackSize('cities', sizes.cities);
    this.metrics.fallbackSize('places', sizes.places);
    this.metrics.fallbackSize('members', sizes.members);
  }
}
