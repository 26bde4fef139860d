/**
 * Keeps the gateway's reused answers (recommendation pages, who may see whom) in step with the database:
 * every `intervalMs` it asks what was written since its last look — by any process — and drops what that
 * touches. A post side change drops every page (any page may hold that post); a person's change drops that
 * person's pages and visibility. So a post closed by another gateway, a person moved out of a region by an
 * upload, or a vector finished by a worker shows within about `intervalMs`, not when the entry expires.
 * A write through this gateway is read before its response goes out (app.ts), so the writer's next request
 * sees it. If the database cannot be asked, everything is dropped (and again once it can, as the changes in
 * between cannot be told).
 */
import type { Changes } from '@qihang/matcher';
import type { FastifyBaseLogger } from 'fastify';

export interface ChangeFeed {
  read(): Promise<Changes>;
}

/** Entries kept per person (PageCache). */
interface PerPerson {
  clear(): void;
  forget(personId: string): void;
}

export interface ReusedAnswers {
  recommendations: PerPerson;
  visibility: PerPerson;
}

export function keepFresh(
  feed: ChangeFeed,
  caches: ReusedAnswers,
  options: { intervalMs: number; log: FastifyBaseLogger },
) {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let failing = false;
  const dropAll = () => {
    caches.recommendations.clear();
    caches.visibility.clear();
  };
  const apply = (changes: Changes) => {
    if (changes.all) return dropAll();
    if (changes.posts) caches.recommendations.clear();
    for (const id of changes.people) {
      caches.recommendations.forget(id);
      caches.visibility.forget(id);
    }
  };
  const tick = async () => {
    if (stopped) return;
    try {
      apply(await feed.read());
      if (failing) options.log.info('change watch reads again');
      failing = false;
    } catch (err) {
      dropAll();
      if (!failing) options.log.warn({ err }, 'change watch failed; reused answers dropped');
      failing = true;
    }
  };
  let running: Promise<void> | undefined;
  let queued: Promise<void> | undefined;
  /** One read at a time; a caller arriving during one waits for the next, which starts after it came. */
  const refresh = (): Promise<void> => {
    if (!running) {
      running = tick().finally(() => {
        running = undefined;
      });
      return running;
    }
    queued ??= running.then(() => {
      queued = undefined;
      return refresh();
    });
    return queued;
  };
  const loop = async () => {
    await refresh();
    if (!stopped) {
      timer = setTimeout(loop, options.intervalMs);
      timer.unref();
    }
  };
  return {
    /** Takes the first mark (dropping anything kept before it), then reads every interval. */
    start: () => loop(),
    /** Reads now: after a write of this process, so its next answer reflects it. */
    refresh,
    /** Stops reading; resolves when a read in flight has ended (before the database closes under it). */
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await queued;
      await running;
    },
  };
}
