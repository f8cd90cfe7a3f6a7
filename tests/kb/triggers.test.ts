import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installReloadSignal } from '../../src/kb/signal.ts';
import { watchKnowledge } from '../../src/kb/watch.ts';
import { Library, type ReloadReport } from '../../src/library.ts';
import { NEW_DOCUMENT, tempKnowledge, type TempKnowledge } from './helpers.ts';

let kb: TempKnowledge;
beforeEach(async () => {
  kb = await tempKnowledge();
});
afterEach(async () => {
  await kb.cleanup();
});

describe('reload triggers', () => {
  it('SIGHUP reloads the knowledge base', async () => {
    const library = await Library.open(kb.dir);
    await writeFile(path.join(kb.dir, NEW_DOCUMENT.name), NEW_DOCUMENT.text);
    let uninstall = () => {};
    const reported = new Promise<ReloadReport>((resolve) => {
      uninstall = installReloadSignal(library, resolve);
    });
    try {
      process.kill(process.pid, 'SIGHUP');
      const report = await reported;
      expect(report).toMatchObject({ ok: true, trigger: 'signal', by: { id: null, name: 'SIGHUP' }, added: [NEW_DOCUMENT.id] });
      expect(library.index.search('zanzibarite').hits.length).toBeGreaterThan(0);
    } finally {
      uninstall();
    }
    expect(process.listeners('SIGHUP')).toHaveLength(0);
  });

  it('the opt-in folder watch reloads after a document is written, ignoring temporary files', async () => {
    const library = await Library.open(kb.dir);
    const reports: ReloadReport[] = [];
    const reported = new Promise<ReloadReport>((resolve) => {
      const watch = watchKnowledge(library, {
        debounceMs: 50,
        onReport: (report) => {
          reports.push(report);
          watch.close();
          resolve(report);
        },
      });
    });
    await writeFile(path.join(kb.dir, `.${NEW_DOCUMENT.id}.tmp`), 'half written');
    await writeFile(path.join(kb.dir, NEW_DOCUMENT.name), NEW_DOCUMENT.text);
    const report = await reported;
    expect(report).toMatchObject({ ok: true, trigger: 'watch', added: [NEW_DOCUMENT.id] });
    expect(reports).toHaveLength(1);
  });
});
