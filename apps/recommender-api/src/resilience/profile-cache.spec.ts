import { Registry } from 'prom-client';
import { resolveApiConfig } from '../config/api-config';
import { sampleValue } from '../observability/metrics.spec-helpers';
import { ResilienceMetrics } from '../observability/resilience.metrics';
import { profile } from '../travel/travel.spec-helpers';
import { ProfileCache } from './profile-cache';

describe('ProfileCache', () => {
  it('reads a profile once within the TTL, counts hits and misses, and reads again once invalidated', async () => {
    const registry = new Registry();
    const cache = new ProfileCache(
      resolveApiConfig({ profileCacheTtlMs: 60_000 }),
      new ResilienceMetrics(registry),
    );
    const reads: string[] = [];
    const read = async (id: string) => {
      reads.push(id);
      return id === 'nobody' ? undefined : profile({ id });
    };
    expect((await cache.travelerProfile('ana', read))?.id).toBe('ana');
    expect((await cache.travelerProfile('ana', read))?.id).toBe('ana');
    // Unknown members are not kept: one created a moment later is found.
    expect(await cache.travelerProfile('nobody', read)).toBeUndefined();
    expect(await cache.travelerProfile('nobody', read)).toBeUndefined();
    cache.invalidate(['ana']);
    await cache.travelerProfile('ana', read);
    expect(reads).toEqual(['ana', 'nobody', 'nobody', 'ana']);
    expect(await sampleValue(registry, 'profile_cache_lookups_total', { result: 'hit' })).toBe(1);
    expect(await sampleValue(registry, 'profile_cache_lookups_total', { result: 'miss' })).toBe(4);
  });

  it('keeps nothing with a TTL of 0', async () => {
    const cache = new ProfileCache(
      resolveApiConfig({ profileCacheTtlMs: 0 }),
      new ResilienceMetrics(new Registry()),
    );
    let reads = 0;
    const read = async (id: string) => {
      reads++;
      return profile({ id });
    };
    await cache.travelerProfile('ana', read);
    await cache.travelerProfile('ana', read);
    expect(reads).toBe(2);
  });
});
