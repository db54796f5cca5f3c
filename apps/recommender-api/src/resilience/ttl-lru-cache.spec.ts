import { TtlLruCache } from './ttl-lru-cache';

describe('TtlLruCache', () => {
  it('forgets the least recently used entry past its size', () => {
    const cache = new TtlLruCache<number>(2, 1_000, () => 0);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1);
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
    expect(cache.size).toBe(2);
  });

  it('expires entries ttl after they were set, however often they are read', () => {
    let now = 0;
    const cache = new TtlLruCache<string>(10, 100, () => now);
    cache.set('a', 'x');
    now = 99;
    expect(cache.get('a')).toBe('x');
    now = 100;
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('deletes on demand, and keeps nothing with a ttl of 0', () => {
    const cache = new TtlLruCache<number>(10, 100, () => 0);
    cache.set('a', 1);
    cache.delete('a');
    expect(cache.get('a')).toBeUndefined();
    const off = new TtlLruCache<number>(10, 0, () => 0);
    off.set('a', 1);
    expect(off.get('a')).toBeUndefined();
  });
});
