import { PlaceEmbeddingCache } from './place-embedding-cache';

describe('PlaceEmbeddingCache', () => {
  it('keeps an embedding for its TTL, then reads as absent', () => {
    let now = 1_000;
    const cache = new PlaceEmbeddingCache(10, 500, () => now);
    cache.set('a', [1, 2]);
    now = 1_499;
    expect(cache.get('a')).toEqual([1, 2]);
    now = 1_500;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('lets the oldest entry go first once full', () => {
    const cache = new PlaceEmbeddingCache(2, 60_000);
    cache.set('a', [1]);
    cache.set('b', [2]);
    cache.get('a');
    cache.set('c', [3]);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toEqual([2]);
    expect(cache.get('c')).toEqual([3]);
  });

  it('forgets written places, and keeps nothing with a TTL of 0', () => {
    const cache = new PlaceEmbeddingCache(10, 60_000);
    cache.set('a', [1]);
    cache.forget(['a', 'unknown']);
    expect(cache.get('a')).toBeUndefined();
    const off = new PlaceEmbeddingCache(10, 0);
    off.set('a', [1]);
    expect(off.get('a')).toBeUndefined();
  });
});
