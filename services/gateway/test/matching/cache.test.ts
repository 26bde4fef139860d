import { describe, expect, it, vi } from 'vitest';
import { PageCache } from '../../src/matching/cache';

describe('page cache', () => {
  it('runs one load for concurrent misses of the same page, and serves it until it expires', async () => {
    vi.useFakeTimers();
    try {
      const cache = new PageCache<string>(1_000, 10);
      let loads = 0;
      const load = async () => {
        loads++;
        await new Promise((r) => setTimeout(r, 50));
        return `page ${loads}`;
      };
      const many = Promise.all(Array.from({ length: 20 }, () => cache.get('p1', '20|', load)));
      await vi.advanceTimersByTimeAsync(50);
      expect(new Set(await many)).toEqual(new Set(['page 1']));
      expect(loads).toBe(1);
      await vi.advanceTimersByTimeAsync(900);
      expect(await cache.get('p1', '20|', load)).toBe('page 1');
      await vi.advanceTimersByTimeAsync(200);
      const again = cache.get('p1', '20|', load);
      await vi.advanceTimersByTimeAsync(50);
      expect(await again).toBe('page 2');
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not keep a failed load, and forgets a person on demand', async () => {
    const cache = new PageCache<string>(60_000, 10);
    await expect(cache.get('p1', 'a', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await cache.get('p1', 'a', async () => 'fresh')).toBe('fresh');
    cache.forget('p1');
    expect(await cache.get('p1', 'a', async () => 'after change')).toBe('after change');
  });

  it('makes room by dropping the owner cached longest ago, and counts what forgetting freed', async () => {
    const cache = new PageCache<string>(60_000, 3);
    let loads = 0;
    const load = async () => `page ${++loads}`;
    await cache.get('p1', 'a', load);
    await cache.get('p1', 'b', load);
    await cache.get('p2', 'a', load);
    cache.forget('p1');
    // Two places freed: p3's two pages fit beside p2's without dropping it.
    await cache.get('p3', 'a', load);
    await cache.get('p3', 'b', load);
    expect(await cache.get('p2', 'a', load)).toBe('page 3');
    // Full now: a new owner's page drops p2, the owner cached longest ago.
    await cache.get('p4', 'a', load);
    expect(await cache.get('p3', 'b', load)).toBe('page 5');
    expect(await cache.get('p2', 'a', load)).toBe('page 7');
  });
});
