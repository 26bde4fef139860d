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
interface Entry<T> {
  value: Promise<T>;
  expires: number;
}

export class PageCache<T> {
  /** Pages by owner, so forgetting an owner touches only theirs; owners in the order they were cached. */
  private readonly owners = new Map<string, Map<string, Entry<T>>>();
  private size = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  get(ownerId: string, page: string, load: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return load();
    const now = Date.now();
    const hit = this.owners.get(ownerId)?.get(page);
    if (hit && hit.expires > now) return hit.value;
    const value = load();
    this.remove(ownerId, page);
    // Full: the owner cached longest ago makes room (all of their pages).
    if (this.size >= this.maxEntries) {
      const oldest = this.owners.keys().next().value;
      if (oldest !== undefined) this.forget(oldest);
    }
    const entry: Entry<T> = { value, expires: now + this.ttlMs };
    let pages = this.owners.get(ownerId);
    if (!pages) {
      pages = new Map();
      this.owners.set(ownerId, pages);
    }
    pages.set(page, entry);
    this.size++;
    value.then(
      // The time to live counts from when the page was ready, not from when it was asked for.
      () => {
        entry.expires = Date.now() + this.ttlMs;
      },
      () => {
        if (this.owners.get(ownerId)?.get(page) === entry) this.remove(ownerId, page);
      },
    );
    return value;
  }

  clear(): void {
    this.owners.clear();
    this.size = 0;
  }

  forget(ownerId: string): void {
    const pages = this.owners.get(ownerId);
    if (!pages) return;
    this.size -= pages.size;
    this.owners.delete(ownerId);
  }

  private remove(ownerId: string, page: string) {
    const pages = this.owners.get(ownerId);
    if (!pages?.delete(page)) return;
    this.size--;
    if (pages.size === 0) this.owners.delete(ownerId);
  }
}
