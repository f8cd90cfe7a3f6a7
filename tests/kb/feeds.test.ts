import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeBriefing } from '../../src/briefing/compose.ts';
import { addArticle } from '../../src/kb/add-article.ts';
import { readWebPage } from '../../src/kb/article-sources.ts';
import { parseFeed } from '../../src/kb/feed-parse.ts';
import { pollFeeds } from '../../src/kb/feeds.ts';
import { approveCandidate, rejectCandidate } from '../../src/kb/review.ts';
import { DEFAULT_FETCH_POLICY, type FetchPolicy } from '../../src/kb/safe-fetch.ts';
import { Library } from '../../src/library.ts';
import { openDatabase, type Db } from '../../src/store/database.ts';
import { FeedStore } from '../../src/store/feeds.ts';
import { KbAuditStore } from '../../src/store/kb-audit.ts';
import { ADMIN, listing, tempKnowledge, type TempKnowledge } from './helpers.ts';
import { ALREADY_IN, ARTICLE, MARKER, OFF_TOPIC, articlePage, atomFeed, feed, html, rssFeed, startWebServer, type WebServer } from './web-fixtures.ts';

const POLICY: FetchPolicy = { ...DEFAULT_FETCH_POLICY, allowAddresses: ['127.0.0.1'] };
const by = { id: ADMIN.userId, name: ADMIN.userName };

let kb: TempKnowledge;
let db: Db;
let audit: KbAuditStore;
let store: FeedStore;
let library: Library;
let web: WebServer;
let links: { url: string; title: string }[];
beforeEach(async () => {
  kb = await tempKnowledge();
  db = openDatabase(kb.dataDir);
  audit = new KbAuditStore(db);
  store = new FeedStore(db);
  library = await Library.open(kb.dir, { audit });
  web = await startWebServer();
  web.routes.set('/news/nogales-pills', html(articlePage()));
  web.routes.set('/sport/cup-final', html(articlePage(OFF_TOPIC)));
  web.routes.set('/news/precursor-sanctions', html(articlePage(ALREADY_IN)));
  links = [
    { url: `${web.origin}/sport/cup-final`, title: OFF_TOPIC.title },
    { url: `${web.origin}/news/nogales-pills`, title: ARTICLE.title },
    { url: `${web.origin}/news/precursor-sanctions`, title: ALREADY_IN.title },
  ];
  // One of the feed's articles is already in the knowledge base.
  const added = await addArticle({ knowledgeDir: kb.dir, library, audit, by, trigger: 'command' }, () => readWebPage(links[2]!.url, POLICY));
  expect(added.status).toBe('added');
});
afterEach(async () => {
  await web.close();
  db.close();
  await kb.cleanup();
});

describe('feeds into the review queue', () => {
  it('queues only the on-topic article; a second poll is a 304 and queues nothing; approving makes it answerable', async () => {
    web.routes.set('/feed.xml', feed(rssFeed(links)));
    store.addFeed(`${web.origin}/feed.xml`, by);

    const first = await pollFeeds(store, library, POLICY);
    expect(first.feeds[0]).toMatchObject({ status: 'ok', items: 3 });
    const queue = store.queue();
    expect(queue.map((candidate) => candidate.title)).toEqual([ARTICLE.title]);
    expect(queue[0]).toMatchObject({ status: 'pending', publisher: 'Border Ledger', published: '2025-03-14', url: links[1]!.url });
    expect(queue[0]!.relevance).toBeGreaterThanOrEqual(0.5);
    // The off-topic one is remembered as such, below every on-topic one, out of the queue.
    const all = store.queue({ includeOffTopic: true });
    expect(all.map((candidate) => [candidate.title, candidate.status])).toEqual([
      [ARTICLE.title, 'pending'],
      [OFF_TOPIC.title, 'off-topic'],
    ]);
    expect(all[1]!.relevance).toBeLessThan(queue[0]!.relevance);
    expect(first.feeds[0]!.skipped.map((skip) => skip.reason)).toEqual([expect.stringMatching(/already in the knowledge base as precursor-chemical-shipments/)]);

    const requestsBefore = web.requests.length;
    const second = await pollFeeds(store, library, POLICY);
    expect(second.feeds[0]).toMatchObject({ status: 'not-modified' });
    expect(second.queued).toEqual([]);
    expect(web.requests.slice(requestsBefore)).toEqual([{ path: '/feed.xml', ifNoneMatch: '"feed-v1"', ifModifiedSince: 'Fri, 14 Mar 2025 10:00:00 GMT' }]);

    expect(library.index.search(MARKER).total).toBe(0);
    const approved = await approveCandidate(store, { knowledgeDir: kb.dir, library, audit, by }, queue[0]!.id);
    expect(approved.status).toBe('approved');
    expect(library.index.search(MARKER).hits[0]?.title).toBe(ARTICLE.title);
    expect(store.candidate(queue[0]!.id)).toMatchObject({ status: 'approved', decidedBy: { name: 'Ada Admin' } });
    expect(store.reviewEvents()[0]).toMatchObject({ action: 'approve', outcome: 'ok', by: { name: 'Ada Admin' }, candidateId: queue[0]!.id });
    expect(audit.latest('add')).toMatchObject({ trigger: 'review', outcome: 'ok' });
    // Approved once is enough.
    expect(await approveCandidate(store, { knowledgeDir: kb.dir, library, audit, by }, queue[0]!.id)).toMatchObject({ status: 'refused', message: expect.stringMatching(/already approved by Ada Admin/) });
  });

  it('an approved article is listed under "New in the knowledge base" in the next digest of a channel that had a briefing before', async () => {
    web.routes.set('/feed.xml', feed(rssFeed(links)));
    store.addFeed(`${web.origin}/feed.xml`, by);
    await pollFeeds(store, library, POLICY);
    // Yesterday's briefing knew every document in service then.
    const yesterday = composeBriefing({ index: library.index, date: '2025-03-14' });
    const history = { shownPassageIds: yesterday.shownPassageIds, knownDocIds: yesterday.knownDocIds, lastBriefingDate: '2025-03-14' };
    expect(composeBriefing({ index: library.index, date: '2025-03-15', history }).sections.map((section) => section.title)).not.toContain('New in the knowledge base');

    const [candidate] = store.queue();
    expect((await approveCandidate(store, { knowledgeDir: kb.dir, library, audit, by }, candidate!.id)).status).toBe('approved');
    const today = composeBriefing({ index: library.index, date: '2025-03-15', history });
    const additions = today.sections.find((section) => section.title === 'New in the knowledge base');
    expect(additions?.items.map((item) => item.citation.title)).toEqual([ARTICLE.title]);
  });

  it('a rejected candidate stays out on the next poll, even when the feed changed', async () => {
    let body = rssFeed(links);
    web.routes.set('/feed.xml', (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body));
    store.addFeed(`${web.origin}/feed.xml`, by);
    await pollFeeds(store, library, POLICY);
    const [candidate] = store.queue();
    expect(rejectCandidate(store, by, candidate!.id)).toMatchObject({ status: 'rejected' });
    expect(store.queue()).toEqual([]);
    body = atomFeed(links);
    const next = await pollFeeds(store, library, POLICY);
    expect(next.queued).toEqual([]);
    expect(store.queue()).toEqual([]);
    expect(store.reviewEvents()[0]).toMatchObject({ action: 'reject', outcome: 'ok', by: { name: 'Ada Admin' } });
    expect(library.index.search(MARKER).total).toBe(0);
  });

  it('a malformed feed, a 404 and a feed that is HTML each fail with one line and change nothing', async () => {
    web.routes.set('/broken.xml', (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss><channel><item><title>x</title></channel></rss>'));
    web.routes.set('/page.html', html(articlePage()));
    for (const route of ['/broken.xml', '/gone.xml', '/page.html']) store.addFeed(`${web.origin}${route}`, by);
    const before = await listing(kb.dir);
    const report = await pollFeeds(store, library, POLICY);
    expect(report.feeds.map((poll) => [poll.status, poll.error])).toEqual([
      ['failed', expect.stringMatching(/broken\.xml is not a well-formed feed \(line 1: Expected closing tag 'item'/)],
      ['failed', expect.stringMatching(/gone\.xml answered HTTP 404 Not Found\.$/)],
      ['failed', expect.stringMatching(/page\.html is text\/html, not an RSS or Atom feed\.$/)],
    ]);
    for (const poll of report.feeds) expect(poll.error).not.toContain('\n');
    expect(store.queue({ includeOffTopic: true })).toEqual([]);
    expect(await listing(kb.dir)).toEqual(before);
    expect(store.feeds().map((entry) => entry.lastError)).toEqual(report.feeds.map((poll) => poll.error));
  });

  it('reads RSS and Atom links, resolved against the feed address', () => {
    const items = [{ url: '/a', title: 'A' }, { url: 'https://example.org/b', title: 'B' }];
    expect(parseFeed(rssFeed(items), 'https://feeds.example/rss').items).toEqual([
      { url: 'https://feeds.example/a', title: 'A' },
      { url: 'https://example.org/b', title: 'B' },
    ]);
    expect(parseFeed(atomFeed(items), 'https://feeds.example/atom').items.map((item) => item.url)).toEqual(['https://feeds.example/a', 'https://example.org/b']);
    expect(() => parseFeed('<html><body>hi</body></html>', 'https://feeds.example/x')).toThrow(/neither an RSS nor an Atom feed/);
  });
});
