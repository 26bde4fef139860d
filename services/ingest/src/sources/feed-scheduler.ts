import type { IngestDeps } from '../types';
import { dueFeeds, pollFeed } from './feeds';

/** Polls the portal feeds that are due, one at a time, every `intervalMs`. A failing feed keeps its error. */
export function startFeedScheduler(deps: IngestDeps, intervalMs = 60_000) {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = running.then(async () => {
      if (stopped) return;
      for (const feedId of await dueFeeds(deps)) {
        if (stopped) return;
        try {
          const result = await pollFeed(deps, feedId);
          deps.log?.info({ ...result, feedId }, 'feed polled');
        } catch (err) {
          deps.log?.warn({ feedId, err: (err as Error).message }, 'feed poll failed');
        }
      }
    });
    running = running.catch((err) => deps.log?.error({ err }, 'feed scheduler failed'));
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
