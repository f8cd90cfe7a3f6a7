import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFentanylCommand } from '../../src/commands/fentanyl.ts';
import { createKbCommand } from '../../src/commands/kb.ts';
import type { Reply } from '../../src/shared/reply.ts';
import { pollFeeds } from '../../src/kb/feeds.ts';
import { DEFAULT_FETCH_POLICY, type FetchPolicy } from '../../src/kb/safe-fetch.ts';
import { Library } from '../../src/library.ts';
import { openDatabase, type Db } from '../../src/store/database.ts';
import { FeedStore } from '../../src/store/feeds.ts';
import { KbAuditStore } from '../../src/store/kb-audit.ts';
import { ADMIN, MEMBER, tempKnowledge, type TempKnowledge } from './helpers.ts';
import { ALREADY_IN, ARTICLE, MARKER, articlePage, feed, html, rssFeed, startWebServer, type WebServer } from './web-fixtures.ts';

const POLICY: FetchPolicy = { ...DEFAULT_FETCH_POLICY, allowAddresses: ['127.0.0.1'] };

let kb: TempKnowledge;
let db: Db;
let library: Library;
let store: FeedStore;
let audit: KbAuditStore;
let web: WebServer;
beforeEach(async () => {
  kb = await tempKnowledge();
  db = openDatabase(kb.dataDir);
  audit = new KbAuditStore(db);
  store = new FeedStore(db);
  library = await Library.open(kb.dir, { audit });
  web = await startWebServer();
  web.routes.set('/news/nogales-pills', html(articlePage()));
  web.routes.set('/news/precursor-sanctions', html(articlePage(ALREADY_IN)));
  web.routes.set('/feed.xml', feed(rssFeed([
    { url: `${web.origin}/news/nogales-pills`, title: ARTICLE.title },
    { url: `${web.origin}/news/precursor-sanctions`, title: ALREADY_IN.title },
  ])));
});
afterEach(async () => {
  await web.close();
  db.close();
  await kb.cleanup();
});

const textOf = (reply: Reply) => [reply.content, ...(reply.cards ?? []).flatMap((card) => [card.title, card.description, card.footer])].filter(Boolean).join('\n');
const button = (reply: Reply, label: string) => {
  const found = reply.buttons?.find((entry) => entry.label === label);
  if (found?.kind !== 'action') throw new Error(`no ${label} button: ${JSON.stringify(reply.buttons)}`);
  return found.customId;
};

describe('/kb feeds and /kb review', () => {
  it('adds, lists and removes a feed; refuses a non-http address and a member', async () => {
    const kbCommand = createKbCommand({ library, audit, adminRoleIds: [], adminGuildIds: [ADMIN.guildId!], ownerIds: async () => [], feeds: store, fetchPolicy: POLICY, feedPollMinutes: 30 });
    const url = `${web.origin}/feed.xml`;
    expect(textOf(await kbCommand.run(ADMIN, { url }, 'feeds add'))).toContain('It is read every 30 minutes');
    expect(textOf(await kbCommand.run(ADMIN, {}, 'feeds list'))).toContain(url);
    await expect(kbCommand.run(ADMIN, { url: 'ftp://example.org/feed' }, 'feeds add')).rejects.toThrow(/Only http and https.*\nThe feed was not added/);
    await expect(kbCommand.run(MEMBER, { url }, 'feeds remove')).rejects.toThrow(/Manage Server/);
    expect(textOf(await kbCommand.run(ADMIN, { url }, 'feeds remove'))).toContain('Stopped polling');
    expect(store.feeds()).toEqual([]);
  });

  it('pages the queue; Approve makes the article answerable, Reject takes the other out for good, both recorded with who', async () => {
    const kbCommand = createKbCommand({ library, audit, adminRoleIds: [], adminGuildIds: [ADMIN.guildId!], ownerIds: async () => [], feeds: store, fetchPolicy: POLICY });
    store.addFeed(`${web.origin}/feed.xml`, { id: ADMIN.userId, name: ADMIN.userName });
    await pollFeeds(store, library, POLICY);

    const page = await kbCommand.run(ADMIN, {}, 'review');
    expect(textOf(page)).toContain(ARTICLE.title);
    expect(textOf(page)).toMatch(/1 of 2/);
    expect(page.buttons?.map((entry) => entry.label)).toEqual(['Approve', 'Reject', 'Open', 'Next']);
    const next = await kbCommand.button!(ADMIN, button(page, 'Next'));
    expect(next.update).toBe(true);
    expect(textOf(next)).toContain(ALREADY_IN.title);

    await expect(kbCommand.button!(MEMBER, button(page, 'Approve'))).rejects.toThrow(/Manage Server/);
    const approved = await kbCommand.button!(ADMIN, button(page, 'Approve'));
    expect(textOf(approved)).toContain(`Approved: ${ARTICLE.title}`);
    expect(textOf(approved)).toContain(ALREADY_IN.title);
    const fentanyl = createFentanylCommand({ library, cooldownSeconds: 0 });
    expect(JSON.stringify(await fentanyl.run(ADMIN, { query: MARKER, private: false }))).toContain(ARTICLE.title);

    const rejected = await kbCommand.button!(ADMIN, button(approved, 'Reject'));
    expect(textOf(rejected)).toContain(`Rejected: ${ALREADY_IN.title}`);
    expect(textOf(rejected)).toContain('Nothing to review');
    expect(store.reviewEvents().map((event) => [event.action, event.by.name])).toEqual([['reject', 'Ada Admin'], ['approve', 'Ada Admin']]);

    // The next poll (the feed changed, so a full read) queues neither again.
    web.routes.set('/feed.xml', (_req, res) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rssFeed([{ url: `${web.origin}/news/precursor-sanctions`, title: ALREADY_IN.title }, { url: `${web.origin}/news/nogales-pills`, title: ARTICLE.title }])));
    expect((await pollFeeds(store, library, POLICY)).queued).toEqual([]);
  });
});
