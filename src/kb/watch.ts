import { watch, type FSWatcher } from 'node:fs';
import type { Library, ReloadReport } from '../library.ts';

export interface KnowledgeWatchOptions {
  /** Quiet time after the last change before reloading: an editor's save or a copy of many files is one reload. */
  debounceMs?: number;
  onReport: (report: ReloadReport) => void;
  /** The watch itself failed (the folder was removed or renamed); it stops. */
  onError?: (error: Error) => void;
  /**
   * A reload it started, or `onReport`, threw (the reload itself reports problems rather
   * than rejecting); the watch goes on. Default: stderr. Never an unhandled rejection.
   */
  onReloadError?: (error: unknown) => void;
}

export interface KnowledgeWatch {
  close(): void;
}

/** Changes that matter: documents and the alias table, not editors' swap files or `kb add`'s temporary files. */
const relevant = (name: string | null) => name === null || (!name.startsWith('.') && (name.endsWith('.md') || name === 'aliases.json'));

/** Opt-in (`KB_WATCH=true`): reload when the knowledge folder changes, once things have settled. */
export function watchKnowledge(library: Library, options: KnowledgeWatchOptions): KnowledgeWatch {
  const debounceMs = options.debounceMs ?? 750;
  const onReloadError = options.onReloadError ?? ((error: unknown) => console.error('knowledge folder reload failed:', error));
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const fire = () => {
    timer = undefined;
    void library
      .reload({ trigger: 'watch', by: { id: null, name: 'file watcher' }, fresh: true })
      .then((report) => {
        if (!closed) options.onReport(report);
      })
      .catch(onReloadError);
  };
  const watcher: FSWatcher = watch(library.knowledgeDir, { persistent: false }, (_event, name) => {
    if (closed || !relevant(name)) return;
    clearTimeout(timer);
    timer = setTimeout(fire, debounceMs);
  });
  watcher.on('error', (error) => {
    close();
    options.onError?.(error);
  });
  const close = () => {
    closed = true;
    clearTimeout(timer);
    watcher.close();
  };
  return { close };
}
