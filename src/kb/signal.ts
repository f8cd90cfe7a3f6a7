import type { Library } from '../library.ts';
import type { ReloadReport } from '../knowledge/reload-report.ts';

/**
 * `kill -HUP <pid>` reloads the knowledge base. Returns the uninstaller. Installing a
 * handler also stops SIGHUP from ending the process, its default. The reload never
 * rejects (problems come back in the report), so `onReport` sees every outcome. Should the
 * reload or `onReport` throw anyway, the error goes to `onError` (by default, stderr): a
 * signal handler must not leave an unhandled rejection, which would end the process.
 */
export function installReloadSignal(
  library: Library,
  onReport: (report: ReloadReport) => void,
  onError: (error: unknown) => void = (error) => console.error('SIGHUP reload failed:', error),
): () => void {
  const handler = () => {
    void library.reload({ trigger: 'signal', by: { id: null, name: 'SIGHUP' }, fresh: true }).then(onReport).catch(onError);
  };
  process.on('SIGHUP', handler);
  return () => {
    process.off('SIGHUP', handler);
  };
}
