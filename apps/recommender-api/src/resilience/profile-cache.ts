import { Member } from '@app/catalog';
import { TravelerProfile } from '@app/search';
import { Injectable } from '@nestjs/common';
import { ApiConfig } from '../config/api-config';
import { ResilienceMetrics } from '../observability/resilience.metrics';
import { TtlLruCache } from './ttl-lru-cache';

/**
 * The member profiles the feeds' context stage reads from the engine (the travel profile; the whole document of a
 * discovery viewer), kept for PROFILE_CACHE_TTL_MS in a small LRU: a member paging through a feed reads their profile
 * once, not once a page. Writes of members through this instance invalidate them at once (CatalogWriteEffects);
 * writes through another instance show after the TTL at most. Only found members are kept.
 */
@Injectable()
export class ProfileCache {
  private readonly travelers: TtlLruCache<TravelerProfile>;
  private readonly members: TtlLruCache<Member>;

  constructor(
    config: ApiConfig,
    private readonly metrics: ResilienceMetrics,
  ) {
    this.travelers = new TtlLruCache(config.profileCacheSize, config.profileCacheTtlMs);
    this.members = new TtlLruCache(config.profileCacheSize, config.profileCacheTtlMs);
  }

  travelerProfile(
    id: string,
    read: (id: string) => Promise<TravelerProfile | undefined>,
  ): Promise<TravelerProfile | undefined> {
    return this.through(this.travelers, id, read);
  }

  member(id: string, read: (id: string) => Promise<Member | undefined>): Promise<Member | undefined> {
    return this.through(this.members, id, read);
  }

  /** These members changed or went: their next look-up reads the engine. */
  invalidate(ids: readonly string[]): void {
    for (const id of ids) {
      this.travelers.delete(id);
      this.members.delete(id);
    }
  }

  private async through<V>(
    cache: TtlLruCache<V>,
    id: string,
    read: (id: string) => Promise<V | undefined>,
  ): Promise<V | undefined> {
    const cached = cache.get(id);
    if (cached !== undefined) {
      this.metrics.profileLookup('hit');
      return cached;
    }
    this.metrics.profileLookup('miss');
    const value = await read(id);
    if (value !== undefined) cache.set(id, value);
    return value;
  }
}
