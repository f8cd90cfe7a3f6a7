import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured logs (one JSON object a line) on stderr, so stdout stays free for the
 * console mode and CLI output (console mode passes its own destination). Anything that looks like a token is redacted by path.
 */
export function createLogger(level: string = 'info', destination: pino.DestinationStream = pino.destination({ dest: 2, sync: true })): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ['token', '*.token', 'config.discord.token', 'headers.authorization', '*.headers.authorization'], censor: '[redacted]' },
    },
    destination,
  );
}
