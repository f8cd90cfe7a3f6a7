import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { KbAuditStore } from '../../src/store/kb-audit.ts';
import { RAW_ARTICLE, knowledgeFile, listing, runKbCli, tempKnowledge, type TempKnowledge } from './helpers.ts';
import { ALREADY_IN, ARTICLE, OFF_TOPIC, articlePage, feed, html, rssFeed, startWebServer } from './web-fixtures.ts';


let kb: TempKnowledge;
beforeEach(async () => {
  kb = await tempKnowledge();
});
afterEach(async () => {
  await kb.cleanup();
});

/** `npm run kb -- …` without npm: the same entry point, its exit code and both streams. */
const kbCli = (...args: string[]) => kbCliWith({}, ...args);

describe('npm run kb', () => {
  it('check passes a valid folder', async () => {
    const result = await kbCli('check', '--knowledge', kb.dir);
    expect(result.stdout).toMatch(/OK, \d+ documents, \d+ passages/);
    expect(result.code).toBe(0);
  });

  it('check exits 1 on a broken folder, listing each problem with file and field', async () => {
    await writeFile(path.join(kb.dir, 'broken.md'), knowledgeFile('broken-doc', ['Text.'], { published: 'soon' }));
    await writeFile(path.join(kb.dir, 'bare.md'), 'no front matter\n');
    const result = await kbCli('check', '--knowledge', kb.dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('2 problems');
    expect(result.stderr).toContain('broken.md · published: must be an ISO date');
    expect(result.stderr).toContain('bare.md · front matter: is missing');
  });

  it('check exits 1 for a folder that does not exist', async () => {
    const result = await kbCli('check');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/nowhere does not exist/);
  });

  it('add curates a file into the folder and records it; a second add of it is refused with exit 1', async () => {
    const source = path.join(kb.root, 'laredo.txt');
    await writeFile(source, RAW_ARTICLE);
    const result = await kbCli('add', source, '--knowledge', kb.dir, '--title', 'Laredo pills', '--publisher', 'Border Herald', '--topics', 'seizures');
    expect(result.stdout).toContain(`Added ${path.join(kb.dir, 'laredo-pills.md')}`);
    expect(result.code).toBe(0);
    const before = await listing(kb.dir);
    const again = await kbCli('add', source, '--knowledge', kb.dir, '--title', 'Laredo pills');
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/Not added: A document with the id "laredo-pills" already exists/);
    expect(await listing(kb.dir)).toEqual(before);
    const db = openDatabase(kb.dataDir);
    try {
      expect(new KbAuditStore(db).recent().map((event) => [event.action, event.trigger, event.outcome, event.docId])).toEqual([
        ['add', 'cli', 'refused', null],
        ['add', 'cli', 'ok', 'laredo-pills'],
      ]);
    } finally {
      db.close();
    }
  });

  it('add refuses a wrong type and a missing file; usage errors exit 2', async () => {
    const pdf = path.join(kb.root, 'report.pdf');
    await writeFile(pdf, '%PDF-1.4');
    // Independent runs: in parallel, each a fresh process.
    const [wrongType, missing, noFile, unknown, badFlag] = await Promise.all([
      kbCli('add', pdf, '--knowledge', kb.dir),
      kbCli('add', path.join(kb.root, 'missing.txt'), '--knowledge', kb.dir),
      kbCli('add'),
      kbCli('frobnicate'),
      kbCli('check', '--bogus'),
    ]);
    expect(wrongType).toMatchObject({ code: 1, stderr: expect.stringMatching(/not a \.txt or \.md file/) });
    expect(missing).toMatchObject({ code: 1, stderr: expect.stringMatching(/Not added/) });
    expect(noFile).toMatchObject({ code: 2, stderr: expect.stringMatching(/exactly one file/) });
    expect(unknown).toMatchObject({ code: 2, stderr: expect.stringMatching(/Unknown command/) });
    expect(badFlag).toMatchObject({ code: 2 });
  });
});

describe('npm run kb -- add --url', () => {
  it('fetches, curates and adds a page with KB_FETCH_ALLOW_PRIVATE=true, refuses it a second time, and refuses loopback without it', async () => {
    const web = await startWebServer();
    try {
      web.routes.set('/news/nogales-pills', html(articlePage()));
      const url = `${web.origin}/news/nogales-pills`;
      const allowed = { KB_FETCH_ALLOW_PRIVATE: 'true' };
      const first = await kbCliWith(allowed, 'add', '--url', url, '--knowledge', kb.dir, '--topics', 'fentanyl seizures');
      expect(first.code).toBe(0);
      expect(first.stdout).toContain(`Added ${path.join(kb.dir, 'inspectors-find-quetzalcoatlite-pills-in-nogales-produce-trucks.md')}`);
      expect(first.stdout).toContain('publisher Border Ledger · published 2025-03-14');
      const again = await kbCliWith(allowed, 'add', '--url', url, '--knowledge', kb.dir);
      expect(again).toMatchObject({ code: 1, stderr: expect.stringMatching(/Not added: This address is already in the knowledge base as "Inspectors find/) });
      const before = await listing(kb.dir);
      const refused = await kbCliWith({}, 'add', '--url', `${web.origin}/other`, '--knowledge', kb.dir);
      expect(refused).toMatchObject({ code: 1, stderr: expect.stringMatching(/^Not added: 127\.0\.0\.1 is a private or local address/) });
      expect(await listing(kb.dir)).toEqual(before);
      const db = openDatabase(kb.dataDir);
      try {
        expect(new KbAuditStore(db).recent().map((event) => [event.trigger, event.outcome])).toEqual([['cli', 'refused'], ['cli', 'refused'], ['cli', 'ok']]);
      } finally {
        db.close();
      }
    } finally {
      await web.close();
    }
  }, 60_000);
});

/** `kbCli` with extra environment variables (KB_FETCH_ALLOW_PRIVATE is off unless given). */
function kbCliWith(extra: Record<string, string>, ...args: string[]) {
  return runKbCli(kb, { KNOWLEDGE_DIR: path.join(kb.root, 'nowhere'), KB_FETCH_ALLOW_PRIVATE: '', ...extra }, ...args);
}

describe('npm run kb -- feeds / review', () => {
  it('adds a feed, polls it into the queue, lists the queue as JSON, approves one candidate and rejects another', async () => {
    const web = await startWebServer();
    try {
      const allowed = { KB_FETCH_ALLOW_PRIVATE: 'true' };
      web.routes.set('/news/nogales-pills', html(articlePage()));
      web.routes.set('/news/precursor-sanctions', html(articlePage(ALREADY_IN)));
      web.routes.set('/sport/cup-final', html(articlePage(OFF_TOPIC)));
      web.routes.set('/feed.xml', feed(rssFeed([
        { url: `${web.origin}/sport/cup-final`, title: OFF_TOPIC.title },
        { url: `${web.origin}/news/nogales-pills`, title: ARTICLE.title },
        { url: `${web.origin}/news/precursor-sanctions`, title: ALREADY_IN.title },
      ])));
      expect(await kbCliWith(allowed, 'feeds', 'add', `${web.origin}/feed.xml`)).toMatchObject({ code: 0, stdout: expect.stringContaining(`Added ${web.origin}/feed.xml`) });
      const poll = await kbCliWith(allowed, 'feeds', 'poll', '--json', '--knowledge', kb.dir);
      expect(poll.code).toBe(0);
      const polled = JSON.parse(poll.stdout) as { feeds: { status: string; queued: { title: string; status: string }[] }[] };
      expect(polled.feeds[0]?.status).toBe('ok');
      expect(polled.feeds[0]?.queued.map((candidate) => [candidate.title, candidate.status])).toEqual([
        [ARTICLE.title, 'pending'],
        [ALREADY_IN.title, 'pending'],
        [OFF_TOPIC.title, 'off-topic'],
      ]);

      const list = await kbCliWith({}, 'review', 'list', '--json');
      const { candidates } = JSON.parse(list.stdout) as { candidates: { id: number; url: string; title: string; publisher: string | null; published: string | null; relevance: number; status: string }[] };
      expect(candidates.map((candidate) => candidate.title)).toEqual([ARTICLE.title, ALREADY_IN.title]);
      expect(Object.keys(candidates[0]!)).toEqual(['id', 'url', 'title', 'publisher', 'published', 'relevance', 'status']);
      expect(candidates[0]).toMatchObject({ url: `${web.origin}/news/nogales-pills`, publisher: 'Border Ledger', published: '2025-03-14', status: 'pending' });

      const approve = await kbCliWith({}, 'review', 'approve', String(candidates[0]!.id), '--knowledge', kb.dir);
      expect(approve).toMatchObject({ code: 0, stdout: expect.stringContaining(`Added ${path.join(kb.dir, 'inspectors-find-quetzalcoatlite-pills-in-nogales-produce-trucks.md')}`) });
      expect(await kbCliWith({}, 'review', 'reject', String(candidates[1]!.id))).toMatchObject({ code: 0, stdout: expect.stringContaining('Rejected candidate') });
      expect(JSON.parse((await kbCliWith({}, 'review', 'list', '--json')).stdout)).toEqual({ candidates: [] });
      expect(await kbCliWith({}, 'review', 'reject', String(candidates[0]!.id))).toMatchObject({ code: 1, stderr: expect.stringMatching(/already approved/) });
    } finally {
      await web.close();
    }
  }, 180_000);
});
