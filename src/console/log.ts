import path from 'node:path';
import pino from 'pino';
import { createLogger, type Logger } from '../log.ts';

/** Where console mode writes its log (inside DATA_DIR). */
const CONSOLE_LOG_FILE = 'bot.log';

/**
 * Console mode's log: every line (JSON, at LOG_LEVEL) to `<dataDir>/bot.log`, and only
 * warnings and errors to stderr, as one readable line each, so answers are not buried in JSON.
 */
export function createConsoleLogger(level: string, dataDir: string): { logger: Logger; file: string } {
  const file = path.join(dataDir, CONSOLE_LOG_FILE);
  const streams = pino.multistream([
    { level: 'trace', stream: pino.destination({ dest: file, sync: true, mkdir: true }) },
    { level: 'warn', stream: { write: (line: string) => void process.stderr.write(readable(line)) } },
  ]);
  return { logger: createLogger(level, streams), file };
}

/** `warning: knowledge file left out: …` from a JSON log line. */
function readable(line: string): string {
  try {
    const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
    const label = (entry.level ?? 0) >= 50 ? 'error' : 'warning';
    const reason = entry.err?.message ? ` (${entry.err.message})` : '';
    return `${label}: ${entry.msg ?? ''}${reason}\n`;
  } catch {
    return line;
  }
}
