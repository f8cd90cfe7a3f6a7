import { statSync, watch, type FSWatcher } from 'node:fs';
import { isHidden } from '../knowledge/loader.ts';
import type { Library } from '../library.ts';
import type { ReloadReport } from '../knowledge/reload-report.ts';

export interface KnowledgeWatchOptions {
  /** Quiet time after the last change before reloading: an editor's save or a copy of many files is one reload. */
  debounceMs?: number;
  /**
   * How often the folder's identity (device and inode) is checked. A watch follows the
   * folder it was opened on: a folder removed and created again, or renamed away and
   * replaced, would otherwise go unwatched without a word.
   */
  checkFolderMs?: number;
  onReport: (report: ReloadReport) => void;
  /**
   * The folder went away, came back or was replaced (one line, fit for the log). The watch
   * goes on: it follows whatever folder is at the configured path, and reloads when one
   * appears there.
   */
  onFolderChange?: (message: string) => void;
  /** The file watch itself failed; it is opened again on the next folder check. */
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

/** Changes that matter: documents and the alias table, not hidden files (editors' swap files, `kb add`'s temporary files). */
const relevant = (name: string | null) => name === null || (!isHidden(name) && (name.endsWith('.md') || name === 'aliases.json'));

/** `dev:ino` of the folder at `dir`, or null when there is no folder there. */
function identityOf(dir: string): string | null {
  try {
    const stats = statSync(dir);
    return stats.isDirectory() ? `${stats.dev}:${stats.ino}` : null;
  } catch {
    return null;
  }
}

/** Opt-in (`KB_WATCH=true`): reload when the knowledge folder changes, once things have settled. */
export function watchKnowledge(library: Library, options: KnowledgeWatchOptions): KnowledgeWatch {
  const dir = library.knowledgeDir;
  const debounceMs = options.debounceMs ?? 750;
  const onReloadError = options.onReloadError ?? ((error: unknown) => console.error('knowledge folder reload failed:', error));
  const onFolderChange = options.onFolderChange ?? ((message: string) => console.warn(message));
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  let watcher: FSWatcher | null = null;
  let identity: string | null = null;

  const fire = () => {
    timer = undefined;
    void library
      .reload({ trigger: 'watch', by: { id: null, name: 'file watcher' }, fresh: true })
      .then((report) => {
        if (!closed) options.onReport(report);
      })
      .catch(onReloadError);
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(fire, debounceMs);
  };
  const disarm = () => {
    watcher?.close();
    watcher = null;
  };
  const arm = (): boolean => {
    identity = identityOf(dir);
    if (identity === null) return false;
    try {
      const opened = watch(dir, { persistent: false }, (_event, name) => {
        if (!closed && relevant(name)) schedule();
      });
      opened.on('error', (error) => {
        if (watcher === opened) disarm();
        // Forget the identity so the next check opens the watch again.
        identity = null;
        if (!closed) options.onError?.(error);
      });
      watcher = opened;
      return true;
    } catch (error) {
      identity = null;
      options.onError?.(error as Error);
      return false;
    }
  };
  const check = () => {
    if (closed) return;
    const now = identityOf(dir);
    if (now !== null && now === identity && watcher) return;
    const had = identity;
    disarm();
    if (now === null) {
      if (had !== null) onFolderChange(`The knowledge folder ${dir} is gone; the documents in service stay, and the watch resumes when the folder is back.`);
      identity = null;
      return;
    }
    if (arm()) {
      onFolderChange(`The knowledge folder ${dir} was replaced; watching the new one and reloading it.`);
      schedule();
    }
  };

  if (!arm()) onFolderChange(`The knowledge folder ${dir} is not there; the watch starts when it is.`);
  const poll = setInterval(check, options.checkFolderMs ?? 2_000);
  poll.unref();

  return {
    close() {
      closed = true;
      clearTimeout(timer);
      clearInterval(poll);
      disarm();
    },
  };
}
