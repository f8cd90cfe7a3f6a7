import { execFile } from 'node:child_process';
import { mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkKnowledge } from '../../src/kb/check.ts';
import { watchKnowledge, type KnowledgeWatch } from '../../src/kb/watch.ts';
import { loadKnowledge } from '../../src/knowledge/loader.ts';
import { Library } from '../../src/library.ts';
import type { ReloadReport } from '../../src/knowledge/reload-report.ts';
import { ROOT } from '../fixtures.ts';
import { FIXTURES, NEW_DOCUMENT, knowledgeFile, tempKnowledge, type TempKnowledge } from './helpers.ts';

let kb: TempKnowledge;
let watch: KnowledgeWatch | undefined;
beforeEach(async () => {
  kb = await tempKnowledge();
});
afterEach(async () => {
  watch?.close();
  watch = undefined;
  await kb.cleanup();
});

function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms))]);
}

describe('knowledge folder rules', () => {
  it('a symlinked document is a problem naming it, and is not followed', async () => {
    const outside = path.join(kb.root, 'outside.md');
    await writeFile(outside, knowledgeFile('outside-doc', ['Text from outside the knowledge folder.']));
    await symlink(outside, path.join(kb.dir, 'linked.md'));
    const { documents, problems } = await loadKnowledge(kb.dir);
    expect(problems).toEqual([{ file: 'linked.md', field: 'file', message: expect.stringContaining('symbolic link, which is not followed') }]);
    expect(documents.find((document) => document.id === 'outside-doc')).toBeUndefined();
  });

  it('invalid UTF-8 is a problem naming the file, not text with replacement characters', async () => {
    const valid = Buffer.from(knowledgeFile('latin1-doc', ['Se incautaron pastillas en la frontera de Sonora.']));
    await writeFile(path.join(kb.dir, 'latin1.md'), Buffer.concat([valid, Buffer.from([0xe9, 0x20, 0x61, 0x0a])]));
    const { documents, problems } = await loadKnowledge(kb.dir);
    expect(problems).toEqual([{ file: 'latin1.md', field: 'file', message: expect.stringContaining('not valid UTF-8') }]);
    expect(documents.some((document) => document.paragraphs.some((paragraph) => paragraph.includes('\uFFFD')))).toBe(false);
  });

  it('a hidden file (._x.md) is skipped by the loader, and kb check says it is ignored', async () => {
    await writeFile(path.join(kb.dir, '._kb-fixture-new.md'), NEW_DOCUMENT.text);
    const { documents, problems } = await loadKnowledge(kb.dir);
    expect(problems).toEqual([]);
    expect(documents.find((document) => document.id === NEW_DOCUMENT.id)).toBeUndefined();
    const check = await checkKnowledge(kb.dir);
    expect(check.ignored).toContain('._kb-fixture-new.md');
    const cli = await promisify(execFile)(process.execPath, [path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'), path.join(ROOT, 'src/cli/kb.ts'), 'check', '--knowledge', kb.dir], {
      env: { ...process.env, DATA_DIR: kb.dataDir, DISCORD_TOKEN: '', LOG_LEVEL: 'silent' },
    });
    expect(cli.stdout).toContain('note: ._kb-fixture-new.md is a hidden file (its name starts with a dot) and is ignored');
  });

  it('kb check refuses an empty folder, as ask does', async () => {
    const empty = path.join(kb.root, 'empty');
    await mkdir(empty);
    const check = await checkKnowledge(empty);
    expect(check.problems).toEqual([{ file: empty, field: 'folder', message: expect.stringContaining('holds no documents') }]);
  });
});

describe('KB_WATCH and a replaced folder', () => {
  for (const how of ['removed and created again', 'renamed away and replaced'] as const) {
    it(`reports a folder ${how}, watches the new one and reloads it`, async () => {
      const library = await Library.open(kb.dir);
      const notes: string[] = [];
      const reports: ReloadReport[] = [];
      let onReport = (_report: ReloadReport) => {};
      watch = watchKnowledge(library, { debounceMs: 30, checkFolderMs: 40, onFolderChange: (message) => notes.push(message), onReport: (report) => onReport(report) });
      const waitReport = (test: (report: ReloadReport) => boolean) =>
        within(10_000, 'a reload', new Promise<ReloadReport>((resolve) => {
          onReport = (report) => {
            reports.push(report);
            if (test(report)) resolve(report);
          };
        }));

      const replacement = path.join(kb.root, 'replacement');
      await mkdir(replacement);
      for (const [name, text] of Object.entries(FIXTURES)) await writeFile(path.join(replacement, name), text);
      const reloaded = waitReport((report) => report.ok && report.after.documents === 2);
      if (how === 'removed and created again') {
        await rm(kb.dir, { recursive: true });
        await new Promise((resolve) => setTimeout(resolve, 150));
        expect(notes.join('\n')).toContain('is gone');
        await rename(replacement, kb.dir);
      } else {
        await rename(kb.dir, path.join(kb.root, 'old'));
        await rename(replacement, kb.dir);
      }
      await reloaded;
      expect(notes.join('\n')).toContain('was replaced; watching the new one');

      // The new folder is watched: a document written into it is picked up.
      const added = waitReport((report) => report.added.includes(NEW_DOCUMENT.id));
      await writeFile(path.join(kb.dir, NEW_DOCUMENT.name), NEW_DOCUMENT.text);
      await added;
      expect(library.index.document(NEW_DOCUMENT.id)).toBeDefined();
    });
  }
});
