import { describe, expect, it, vi } from 'vitest';
import { PageCache } from '../src/matching/cache';

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
});
