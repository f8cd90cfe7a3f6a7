import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFentanylCommand } from '../../src/commands/fentanyl.ts';
import { createKbCommand } from '../../src/commands/kb.ts';
import type { Reply } from '../../src/shared/reply.ts';
import { DEFAULT_FETCH_POLICY, safeFetch, type FetchPolicy } from '../../src/kb/safe-fetch.ts';
import { Library } from '../../src/library.ts';
import { openDatabase, type Db } from '../../src/store/database.ts';
import { KbAuditStore } from '../../src/store/kb-audit.ts';
import { splitFrontMatter } from '../../src/knowledge/front-matter.ts';
import { ADMIN, listing, tempKnowledge, type TempKnowledge } from './helpers.ts';
import { ARTICLE, CHROME, MARKER, articlePage, html, startWebServer, type WebServer } from './web-fixtures.ts';

/** Loopback is private: the tests let their own server's address through, and only it. */
const POLICY: FetchPolicy = { ...DEFAULT_FETCH_POLICY, allowPrivate: false, allowAddresses: ['127.0.0.1'] };

let kb: TempKnowledge;
let db: Db;
let audit: KbAuditStore;
let library: Library;
let web: WebServer;
beforeEach(async () => {
  kb = await tempKnowledge();
  db = openDatabase(kb.dataDir);
  audit = new KbAuditStore(db);
  library = await Library.open(kb.dir, { audit });
  web = await startWebServer();
  web.routes.set('/news/nogales-pills', html(articlePage()));
});
afterEach(async () => {
  await web.close();
  db.close();
  await kb.cleanup();
});

const textOf = (reply: Reply) => [reply.content, ...(reply.cards ?? []).flatMap((card) => [card.title, card.description, ...(card.fields ?? []).map((field) => field.value)])].filter(Boolean).join('\n');
const customIdOf = (reply: Reply, label: string) => {
  const button = reply.buttons?.find((entry) => entry.label === label);
  if (button?.kind !== 'action') throw new Error(`no ${label} button in ${JSON.stringify(reply.buttons)}`);
  return button.customId;
};

describe('/kb add url:', () => {
  it('previews the article, writes nothing until Add, then adds it verbatim without the page chrome and /fentanyl answers from it', async () => {
    const kbCommand = createKbCommand({ library, audit, adminRoleIds: [], adminGuildIds: [ADMIN.guildId!], ownerIds: async () => [], fetchPolicy: POLICY });
    const url = `${web.origin}/news/nogales-pills`;
    const before = await listing(kb.dir);

    const preview = await kbCommand.run(ADMIN, { url }, 'add');
    expect(textOf(preview)).toContain(`Preview: ${ARTICLE.title}`);
    expect(textOf(preview)).toContain('Publisher: Border Ledger');
    expect(textOf(preview)).toContain('4 paragraphs');
    expect(textOf(preview)).toContain(ARTICLE.paragraphs[0].slice(0, 60));
    expect(preview.buttons?.map((button) => button.label)).toEqual(['Add', 'Cancel', 'Open']);
    expect(await listing(kb.dir)).toEqual(before);

    const added = await kbCommand.button!(ADMIN, customIdOf(preview, 'Add'));
    expect(added.update).toBe(true);
    expect(textOf(added)).toContain(`Added: ${ARTICLE.title}`);
    const id = 'inspectors-find-quetzalcoatlite-pills-in-nogales-produce-trucks';
    const written = splitFrontMatter(await readFile(path.join(kb.dir, `${id}.md`), 'utf8'));
    if (written.kind !== 'yaml') throw new Error('the written file has no YAML front matter');
    expect(written.data).toMatchObject({ id, title: ARTICLE.title, publisher: 'Border Ledger', authors: ['Maria Lopez', 'Sam Carter'], published: '2025-03-14', url });
    expect(written.body.trim().split('\n\n')).toEqual([...ARTICLE.paragraphs]);
    for (const chrome of CHROME) expect(written.body).not.toContain(chrome);

    const fentanyl = createFentanylCommand({ library, cooldownSeconds: 0 });
    const answer = textOf(await fentanyl.run(ADMIN, { query: MARKER, private: false }));
    expect(answer).toContain(ARTICLE.title);
    expect(audit.latest('add')).toMatchObject({ outcome: 'ok', docId: id, trigger: 'command', by: { name: 'Ada Admin' } });

    // The same page again: refused at the preview, naming the document it duplicates.
    await expect(kbCommand.run(ADMIN, { url }, 'add')).rejects.toThrow(new RegExp(`already in the knowledge base as "${ARTICLE.title}" \\(${id}\\.md\\)`));
    // The same text at another address: refused too.
    web.routes.set('/mirror/copy', html(articlePage()));
    await expect(kbCommand.run(ADMIN, { url: `${web.origin}/mirror/copy` }, 'add')).rejects.toThrow(/already/);
  });

  it('Cancel writes nothing, and a used preview cannot be added later', async () => {
    const kbCommand = createKbCommand({ library, audit, adminRoleIds: [], adminGuildIds: [ADMIN.guildId!], ownerIds: async () => [], fetchPolicy: POLICY });
    const before = await listing(kb.dir);
    const preview = await kbCommand.run(ADMIN, { url: `${web.origin}/news/nogales-pills` }, 'add');
    const cancelled = await kbCommand.button!(ADMIN, customIdOf(preview, 'Cancel'));
    expect(cancelled).toMatchObject({ update: true, content: 'Cancelled: nothing was added.' });
    await expect(kbCommand.button!(ADMIN, customIdOf(preview, 'Add'))).rejects.toThrow(/expired or was already used/);
    expect(await listing(kb.dir)).toEqual(before);
  });

  it('refuses a loopback address without KB_FETCH_ALLOW_PRIVATE, before connecting', async () => {
    const kbCommand = createKbCommand({ library, audit, adminRoleIds: [], adminGuildIds: [ADMIN.guildId!], ownerIds: async () => [] });
    const before = await listing(kb.dir);
    await expect(kbCommand.run(ADMIN, { url: `${web.origin}/news/nogales-pills` }, 'add')).rejects.toThrow(/127\.0\.0\.1 is a private or local address.*\nNothing was added\./);
    await expect(kbCommand.run(ADMIN, { url: `http://localhost:${new URL(web.origin).port}/news/nogales-pills` }, 'add')).rejects.toThrow(/localhost resolves to (127\.0\.0\.1|::1), a private or local address/);
    expect(web.requests).toEqual([]);
    expect(await listing(kb.dir)).toEqual(before);
    expect(audit.latest('add')).toMatchObject({ outcome: 'refused' });
  });
});

describe('fetching a page', () => {
  const fetchPage = (route: string, policy: Partial<FetchPolicy> = {}) => () => safeFetch({ url: `${web.origin}${route}`, expect: 'html' }, { ...POLICY, ...policy });

  it('refuses each failure with one line: timeout, 404, too large, not HTML, a redirect to a private address, not http', async () => {
    web.routes.set('/slow', () => undefined);
    web.routes.set('/big', html(`<p>${'x'.repeat(5000)}</p>`));
    web.routes.set('/big-declared', (_req, res) => res.writeHead(200, { 'content-type': 'text/html', 'content-length': '5007' }).end(`<p>${'x'.repeat(5000)}</p>`));
    web.routes.set('/big-chunked', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      for (let i = 0; i < 10; i += 1) res.write('y'.repeat(1000));
      res.end();
    });
    web.routes.set('/report.pdf', (_req, res) => res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4'));
    web.routes.set('/to-metadata', (_req, res) => res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end());
    web.routes.set('/loop', (_req, res) => res.writeHead(301, { location: '/loop' }).end());
    const failures = [
      [fetchPage('/slow', { timeoutMs: 300 }), /^127\.0\.0\.1:\d+ did not answer within 300 ms\.$/],
      [fetchPage('/missing'), /answered HTTP 404 Not Found\.$/],
      [fetchPage('/big', { maxBytes: 1000 }), /^The page is larger than the limit of 1000 B\.$/],
      [fetchPage('/big-declared', { maxBytes: 1000 }), /^The page is 4\.9 KB; the limit is 1000 B\.$/],
      [fetchPage('/big-chunked', { maxBytes: 4000 }), /^The page is larger than the limit of 3\.9 KB\.$/],
      [fetchPage('/report.pdf'), /is application\/pdf, not an HTML page\.$/],
      [fetchPage('/to-metadata'), /^169\.254\.169\.254 is a private or local address/],
      [fetchPage('/loop'), /^Too many redirects \(more than 5\)/],
      [() => safeFetch({ url: 'file:///etc/passwd', expect: 'html' }, POLICY), /^Only http and https addresses can be fetched, not file\.$/],
    ] as const;
    for (const [attempt, message] of failures) {
      const error = await attempt().then(() => null, (caught: Error) => caught);
      expect(error?.name).toBe('FetchRefusedError');
      expect(error?.message).toMatch(message);
      expect(error?.message).not.toContain('\n');
    }
    // The redirect was refused before any connection to the metadata address: its request never left.
    expect(web.requests.filter((request) => request.path === '/to-metadata')).toHaveLength(1);
  });

  it('each failure through /kb add changes nothing and says so', async () => {
    const kbCommand = createKbCommand({ library, audit, adminRoleIds: [], adminGuildIds: [ADMIN.guildId!], ownerIds: async () => [], fetchPolicy: POLICY });
    web.routes.set('/report.pdf', (_req, res) => res.writeHead(200, { 'content-type': 'application/pdf' }).end('%PDF-1.4'));
    const before = await listing(kb.dir);
    const index = library.index;
    await expect(kbCommand.run(ADMIN, { url: `${web.origin}/missing` }, 'add')).rejects.toThrow(/HTTP 404 Not Found\.\nNothing was added\.$/);
    await expect(kbCommand.run(ADMIN, { url: `${web.origin}/report.pdf` }, 'add')).rejects.toThrow(/not an HTML page\.\nNothing was added\.$/);
    expect(await listing(kb.dir)).toEqual(before);
    expect(library.index).toBe(index);
  });
});
