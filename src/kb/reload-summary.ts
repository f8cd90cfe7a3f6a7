import type { ReloadReport } from '../knowledge/reload-report.ts';
import { formatProblem } from './check.ts';

/** One line for logs (SIGHUP, watch): what changed, or why nothing did. */
export function summariseReload(report: ReloadReport): string {
  const took = formatDuration(report.durationMs);
  if (!report.ok) return `reload refused (${plural(report.problems.length, 'problem')}, in ${took}); the knowledge base in service is unchanged: ${report.problems.map(formatProblem).join('; ')}`;
  return `reloaded in ${took}: documents ${report.before.documents} → ${report.after.documents}, passages ${report.before.passages} → ${report.after.passages}; added ${report.added.length}, removed ${report.removed.length}, changed ${report.changed.length}`;
}

/** `340 ms`, `1.25 s`. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** `1 problem`, `3 problems`. */
export const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
