/**
 * Recommendation pages cached per (person, page) for a short time: ranking takes the matcher tens of
 * milliseconds, and a case worker paging back and forth, or a fair's booth list, asks the same again. Scope
 * checks and audit rows are never cached — they happen on every request before the cache is consulted.
 * A change to the person on this instance drops their pages at once; a change anywhere (a post closing,
 * another gateway instance, a worker) drops what it touches within a second (freshness.ts); `ttlMs` bounds
 * what no write marks (a post's end date passing).
 *
 * Concurrent misses for one key share a single load (a page expiring under load would otherwise start one
 * ranking per waiting request, each slowing the others). A failed load is not kept.
 */
export class PageCache<T> {
  private readonly entries = new Map<string, { value: Promise<T>; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get(ownerId: string, page: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return load();
    const key = `${ownerId}|${page}`;
    const hit = this.entries.get(key);
    const now = Date.now();
    if (hit && hit.expires > now) return hit.value;
    const value = load();
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const entry = { value, expires: now + this.ttlMs };
    this.entries.set(key, entry);
    value.then(
      // The time to live counts from when the page was ready, not from when it was asked for.
      () => {
        entry.expires = Date.now() + this.ttlMs;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return value;
  }

  clear(): void {
    this.entries.clear();
  }

  forget(ownerId: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(`${ownerId}|`)) this.entries.delete(key);
  }
}
