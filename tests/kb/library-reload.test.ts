import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Library } from '../../src/library.ts';
import type { ReloadReport } from '../../src/knowledge/reload-report.ts';
import { openDatabase, type Db } from '../../src/store/database.ts';
import { KbAuditStore } from '../../src/store/kb-audit.ts';
import { FIXTURES, NEW_DOCUMENT, knowledgeFile, tempKnowledge, type TempKnowledge } from './helpers.ts';

const ADMIN = { id: '100000000000000001', name: 'Ada Admin' };

let kb: TempKnowledge;
let db: Db;
let audit: KbAuditStore;
beforeEach(async () => {
  kb = await tempKnowledge();
  db = openDatabase(kb.dataDir);
  audit = new KbAuditStore(db);
});
afterEach(async () => {
  db.close();
  await kb.cleanup();
});

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('Library.reload', () => {
  it('swaps atomically: queries during a reload all succeed, each on one whole index, old or new', async () => {
    const library = await Library.open(kb.dir, { audit });
    const old = library.index;
    await writeFile(path.join(kb.dir, NEW_DOCUMENT.name), NEW_DOCUMENT.text);

    let done = false;
    const seen = new Set<unknown>();
    const failures: string[] = [];
    let queries = 0;
    const querying = (async () => {
      while (!done) {
        const index = library.index;
        seen.add(index);
        try {
          const known = index.search('quaranthium');
          const fresh = index.search('zanzibarite');
          // Every hit belongs to the index that answered, and the new document is there exactly when the index is the new one.
          for (const hit of [...known.hits, ...fresh.hits]) if (!index.document(hit.docId)) failures.push(`hit ${hit.passageId} not in its index`);
          if (known.hits.length === 0) failures.push('an old answer went missing');
          const hasNew = index.document(NEW_DOCUMENT.id) !== undefined;
          if ((fresh.hits.length > 0) !== hasNew) failures.push(`new document half there (hits ${fresh.hits.length}, document ${hasNew})`);
          if (index.documents.length !== old.documents.length + (hasNew ? 1 : 0)) failures.push('document count of neither index');
        } catch (error) {
          failures.push(String(error));
        }
        queries += 1;
        await nextTick();
      }
    })();
    const report = await library.reload({ trigger: 'command', by: ADMIN });
    const during = queries;
    // A few more queries after the swap, then stop.
    for (let i = 0; i < 5; i += 1) await nextTick();
    done = true;
    await querying;

    expect(report).toMatchObject({ ok: true, added: [NEW_DOCUMENT.id], removed: [], changed: [], shared: false });
    expect(report.after.documents).toBe(report.before.documents + 1);
    expect(failures).toEqual([]);
    expect(during).toBeGreaterThan(0);
    expect(seen.has(old)).toBe(true);
    expect(seen.has(library.index)).toBe(true);
    expect(library.index).not.toBe(old);
  });

  it('keeps the old index serving when a file is invalid, and reports file, field and message', async () => {
    const library = await Library.open(kb.dir, { audit });
    const old = library.index;
    await writeFile(path.join(kb.dir, NEW_DOCUMENT.name), NEW_DOCUMENT.text);
    await writeFile(path.join(kb.dir, 'broken.md'), knowledgeFile('broken-doc', ['Some text.'], { published: 'soon' }));

    const report = await library.reload({ trigger: 'command', by: ADMIN });

    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([{ file: 'broken.md', field: 'published', message: expect.stringMatching(/ISO date/) }]);
    expect(report.after).toEqual(report.before);
    expect(report.added).toEqual([]);
    expect(library.index).toBe(old);
    expect(library.index.search('quaranthium').hits.length).toBeGreaterThan(0);
    expect(library.index.search('zanzibarite').hits).toEqual([]);
    expect(audit.latest('reload')).toMatchObject({ outcome: 'invalid', problems: report.problems, by: ADMIN, trigger: 'command' });
  });

  it('runs one build for two reloads asked at once, and records it once', async () => {
    const library = await Library.open(kb.dir, { audit });
    await writeFile(path.join(kb.dir, NEW_DOCUMENT.name), NEW_DOCUMENT.text);

    const first = library.reload({ trigger: 'command', by: ADMIN });
    expect(library.reloading).toBe(true);
    const second = library.reload({ trigger: 'signal', by: { id: null, name: 'SIGHUP' } });
    const [a, b] = await Promise.all([first, second]);

    expect(a.shared).toBe(false);
    expect(b.shared).toBe(true);
    // The second request got the first build's result: same start, same starter.
    expect(b.startedAt).toEqual(a.startedAt);
    expect(b.by).toEqual(ADMIN);
    expect(b.added).toEqual([NEW_DOCUMENT.id]);
    expect(audit.recent().filter((event) => event.action === 'reload')).toHaveLength(1);
    expect(library.reloading).toBe(false);
  });

  it('with `fresh`, waits for the reload in flight and then builds again, reading what was written meanwhile', async () => {
    const library = await Library.open(kb.dir, { audit });
    const first = library.reload({ trigger: 'command', by: ADMIN });
    await writeFile(path.join(kb.dir, NEW_DOCUMENT.name), NEW_DOCUMENT.text);
    const reports: ReloadReport[] = await Promise.all([
      first,
      library.reload({ trigger: 'add', by: ADMIN, fresh: true }),
      library.reload({ trigger: 'watch', by: { id: null, name: 'file watcher' }, fresh: true }),
    ]);
    expect(reports.map((report) => report.shared)).toEqual([false, false, true]);
    expect(reports[1]!.startedAt.getTime()).toBeGreaterThanOrEqual(reports[0]!.startedAt.getTime());
    expect(library.index.document(NEW_DOCUMENT.id)).toBeDefined();
    expect(audit.recent().filter((event) => event.action === 'reload')).toHaveLength(2);
  });

  it('reports added, removed and changed documents', async () => {
    const library = await Library.open(kb.dir);
    await writeFile(path.join(kb.dir, NEW_DOCUMENT.name), NEW_DOCUMENT.text);
    await rm(path.join(kb.dir, 'kb-fixture-policy.md'));
    await writeFile(path.join(kb.dir, 'kb-fixture-border.md'), FIXTURES['kb-fixture-border.md'].replace('Test Gazette', 'Other Gazette'));
    const report = await library.reload({ trigger: 'command', by: ADMIN });
    expect(report).toMatchObject({ ok: true, added: [NEW_DOCUMENT.id], removed: ['kb-fixture-policy'], changed: ['kb-fixture-border'] });
    expect(library.lastReload).toBe(report);
  });

  it('survives the folder disappearing: a problem, not a crash, and the old index serves on', async () => {
    const library = await Library.open(kb.dir, { audit });
    const old = library.index;
    await rm(kb.dir, { recursive: true });
    const report = await library.reload({ trigger: 'command', by: ADMIN });
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ field: 'folder', message: expect.stringMatching(/does not exist/) });
    expect(library.index).toBe(old);
    expect(audit.latest('reload')?.outcome).toBe('failed');
  });

  it('reports an audit failure without undoing the reload', async () => {
    const library = await Library.open(kb.dir, { audit: { recordReload: () => { throw new Error('disk full'); } } });
    await writeFile(path.join(kb.dir, NEW_DOCUMENT.name), NEW_DOCUMENT.text);
    const report = await library.reload({ trigger: 'command', by: ADMIN });
    expect(report).toMatchObject({ ok: true, auditError: 'disk full' });
    expect(library.index.document(NEW_DOCUMENT.id)).toBeDefined();
  });
});
