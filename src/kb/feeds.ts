import type { Library } from '../library.ts';
import type { Candidate, FeedStore } from '../store/feeds.ts';
import { findDuplicate, sameUrl } from './add-document.ts';
import { readWebPage } from './article-sources.ts';
import { parseFeed } from './feed-parse.ts';
import { ON_TOPIC, relevance } from './relevance.ts';
import { checkUrl, safeFetch, type FetchPolicy } from './safe-fetch.ts';
import { AddRefusedError } from './source-file.ts';

/** What one feed's poll came to. */
export interface FeedPoll {
  url: string;
  status: 'not-modified' | 'ok' | 'failed';
  /** Why the feed could not be read (one line). */
  error?: string;
  items: number;
  /** Newly queued, on topic first. */
  queued: Candidate[];
  /** Items not queued: already known, already in the knowledge base, or their page could not be read (with why). */
  skipped: { url: string; reason: string }[];
}

export interface PollReport {
  feeds: FeedPoll[];
  /** Every new candidate of this poll, on-topic and off-topic. */
  queued: Candidate[];
}

/** Check a feed address before storing it: the same rules as fetching it. */
export function checkFeedUrl(url: string, policy: FetchPolicy): string {
  return checkUrl(url, policy).href;
}

/**
 * Poll every feed once: a conditional GET (ETag / Last-Modified), then each new item fetched
 * and extracted as an add by URL would, scored against the knowledge base and queued. An item
 * already queued (or decided, rejected included) or already in the knowledge base is skipped;
 * an off-topic one is kept as `off-topic`, out of the review queue, so it is not fetched again.
 * Feeds are polled one after another and a failure in one does not stop the others.
 */
export async function pollFeeds(store: FeedStore, library: Library, policy: FetchPolicy): Promise<PollReport> {
  const report: PollReport = { feeds: [], queued: [] };
  for (const feed of store.feeds()) {
    const poll = await pollFeed(store, library, policy, feed);
    report.feeds.push(poll);
    report.queued.push(...poll.queued);
  }
  return report;
}

async function pollFeed(store: FeedStore, library: Library, policy: FetchPolicy, feed: { url: string; etag: string | null; lastModified: string | null }): Promise<FeedPoll> {
  const poll: FeedPoll = { url: feed.url, status: 'ok', items: 0, queued: [], skipped: [] };
  let answer: Awaited<ReturnType<typeof safeFetch>>;
  let items: ReturnType<typeof parseFeed>['items'];
  try {
    answer = await safeFetch({ url: feed.url, expect: 'feed', etag: feed.etag, lastModified: feed.lastModified }, policy);
    if (answer.notModified) {
      store.recordPoll(feed.url, {});
      return { ...poll, status: 'not-modified' };
    }
    items = parseFeed(answer.body, answer.url).items;
  } catch (error) {
    if (!(error instanceof AddRefusedError)) throw error;
    store.recordPoll(feed.url, { error: error.message });
    return { ...poll, status: 'failed', error: error.message };
  }
  poll.items = items.length;
  for (const item of items) {
    const inService = library.index.documents.find((document) => document.url !== null && sameUrl(document.url, item.url));
    if (inService) {
      poll.skipped.push({ url: item.url, reason: `already in the knowledge base as ${inService.file}` });
      continue;
    }
    if (store.known(item.url)) {
      poll.skipped.push({ url: item.url, reason: 'already queued or decided' });
      continue;
    }
    try {
      const prepared = await readWebPage(item.url, policy);
      const duplicate = await findDuplicate(library.index.documents, prepared, [item.url]);
      if (duplicate) throw new AddRefusedError(duplicate);
      const known = store.known(prepared.document.url ?? item.url, prepared.document.bodyHash);
      if (known) throw new AddRefusedError(`already queued as candidate ${known.id}`);
      const score = relevance(library.index, prepared.document);
      poll.queued.push(
        store.addCandidate({
          url: item.url,
          feedUrl: feed.url,
          docId: prepared.id,
          title: prepared.document.title,
          publisher: prepared.document.publisher,
          published: prepared.document.published,
          relevance: score,
          status: score >= ON_TOPIC ? 'pending' : 'off-topic',
          source: prepared.source,
          bodyHash: prepared.document.bodyHash,
          removedLines: prepared.removedLines,
        }),
      );
    } catch (error) {
      if (!(error instanceof AddRefusedError)) throw error;
      poll.skipped.push({ url: item.url, reason: error.message });
    }
  }
  // Validators are stored only once every item was handled: a poll cut short is repeated in full.
  store.recordPoll(feed.url, { etag: answer.etag, lastModified: answer.lastModified });
  poll.queued.sort((a, b) => b.relevance - a.relevance);
  return poll;
}
