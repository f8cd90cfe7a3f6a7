import type { Library, ReloadReport } from '../library.ts';

/**
 * `kill -HUP <pid>` reloads the knowledge base. Returns the uninstaller. Installing a
 * handler also stops SIGHUP from ending the process, its default. The reload never
 * rejects (problems come back in the report), so `onReport` sees every outcome.
 */
export function installReloadSignal(library: Library, onReport: (report: ReloadReport) => void): () => void {
  const handler = () => {
    void library.reload({ trigger: 'signal', by: { id: null, name: 'SIGHUP' }, fresh: true }).then(onReport);
  };
  process.on('SIGHUP', handler);
  return () => {
    process.off('SIGHUP', handler);
  };
}
