import cron from 'node-cron';
import type { Library } from '../library.ts';
import type { FeedStore } from '../store/feeds.ts';
import { pollFeeds, type PollReport } from './feeds.ts';
import type { FetchPolicy } from './safe-fetch.ts';

export interface FeedPollerOptions {
  store: FeedStore;
  library: Library;
  policy: FetchPolicy;
  /** FEED_POLL_MINUTES. */
  minutes: number;
  onReport: (report: PollReport) => void;
  onError: (error: unknown) => void;
  now?: () => number;
}

/**
 * Polls every feed each FEED_POLL_MINUTES. A node-cron job ticks every minute and only starts
 * a poll when the interval has passed (any number of minutes works, not only divisors of an
 * hour); the tick returns at once and the poll runs off the timer, one at a time.
 */
export function startFeedPoller(options: FeedPollerOptions): { stop(): Promise<void>; pollNow(): Promise<PollReport | null> } {
  const now = options.now ?? Date.now;
  const polled = options.store.feeds().map((feed) => feed.lastPolledAt?.getTime() ?? 0);
  let last = polled.length ? Math.min(...polled) : 0;
  let running: Promise<PollReport | null> | null = null;
  const poll = (): Promise<PollReport | null> => {
    if (running) return running;
    last = now();
    running = pollFeeds(options.store, options.library, options.policy)
      .then((report) => {
        options.onReport(report);
        return report;
      })
      .catch((error: unknown) => {
        options.onError(error);
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const task = cron.schedule('* * * * *', () => {
    if (!running && now() - last >= options.minutes * 60_000 && options.store.feeds().length) void poll();
  }, { name: 'feed-poll' });
  return {
    async stop() {
      await task.destroy();
      await running;
    },
    pollNow: poll,
  };
}
