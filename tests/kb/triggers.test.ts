import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { installReloadSignal } from '../../src/kb/signal.ts';
import { watchKnowledge } from '../../src/kb/watch.ts';
import { Library } from '../../src/library.ts';
import type { ReloadReport } from '../../src/knowledge/reload-report.ts';
import { NEW_DOCUMENT, tempKnowledge, type TempKnowledge } from './helpers.ts';

let kb: TempKnowledge;
beforeEach(async () => {
  kb = await tempKnowledge();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await kb.cleanup();
});

/** The promise, or a rejection naming what never came (rather than the test's own timeout). */
function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms))]);
}

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

  it('reports a SIGHUP reload whose report handler throws to onError, or to stderr, never as an unhandled rejection', async () => {
    const library = await Library.open(kb.dir);
    let uninstall = () => {};
    const failed = new Promise<unknown>((resolve) => {
      uninstall = installReloadSignal(
        library,
        () => {
          throw new Error('log sink closed');
        },
        resolve,
      );
    });
    try {
      process.kill(process.pid, 'SIGHUP');
      expect(await within(5_000, 'onError', failed)).toMatchObject({ message: 'log sink closed' });
    } finally {
      uninstall();
    }

    const stderr = vi.spyOn(console, 'error').mockImplementation(() => {});
    const reported = new Promise<void>((resolve) => stderr.mockImplementation(() => resolve()));
    uninstall = installReloadSignal(library, () => {
      throw new Error('log sink closed again');
    });
    try {
      process.kill(process.pid, 'SIGHUP');
      await within(5_000, 'the report on stderr', reported);
      expect(stderr).toHaveBeenCalledWith('SIGHUP reload failed:', expect.objectContaining({ message: 'log sink closed again' }));
    } finally {
      uninstall();
    }
  });

  it('reports a watch reload whose report handler throws to onReloadError and keeps watching', async () => {
    const library = await Library.open(kb.dir);
    const errors: unknown[] = [];
    let watch: ReturnType<typeof watchKnowledge> | undefined;
    const second = new Promise<ReloadReport>((resolve) => {
      watch = watchKnowledge(library, {
        debounceMs: 50,
        onReport: (report) => {
          if (errors.length === 0) throw new Error('log sink closed');
          resolve(report);
        },
        onReloadError: (error) => {
          errors.push(error);
          void writeFile(path.join(kb.dir, NEW_DOCUMENT.name), `${NEW_DOCUMENT.text}\nA second paragraph.\n`);
        },
      });
    });
    try {
      await writeFile(path.join(kb.dir, NEW_DOCUMENT.name), NEW_DOCUMENT.text);
      const report = await within(5_000, 'the reload after the failed report', second);
      expect(errors).toMatchObject([{ message: 'log sink closed' }]);
      expect(report).toMatchObject({ ok: true, trigger: 'watch' });
    } finally {
      watch?.close();
    }
  });
});
