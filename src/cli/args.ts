import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Exit code for a command line that cannot be run as given (bad flag, bad value, missing argument). */
const USAGE_EXIT_CODE = 2;

/** End a command-line program over a bad argument: the one-line reason, then the usage, exit 2. */
export function usageError(message: string, usage: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(USAGE_EXIT_CODE);
}

/**
 * `parseArgs` in strict mode (an unknown flag or a missing value is refused) for every CLI:
 * a refused command line is answered by `usageError`, never a stack trace.
 */
export function parseCommandLine<const T extends Omit<ParseArgsConfig, 'strict'>>(usage: string, config: T): ReturnType<typeof parseArgs<T & { strict: true }>> {
  try {
    return parseArgs({ ...config, strict: true });
  } catch (error) {
    if (String((error as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')) {
      // Node's advice on positionals that start with '-' is noise here: the reason is the first sentence.
      usageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, '.'), usage);
    }
    throw error;
  }
}

/** The earliest date the briefing's day counters accept. */
const FIRST_DATE = '1970-01-01';

/**
 * A `--date` value: a real calendar date written YYYY-MM-DD, from 1970-01-01 to 9999-12-31.
 * Anything else (`tomorrow`, `2023-13-01`, `1969-12-31`) is a usage error naming the flag.
 */
export function dateArgument(value: string, usage: string, flag = '--date'): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) usageError(`${flag} ${JSON.stringify(value)} must be a date written YYYY-MM-DD, e.g. 2023-04-14.`, usage);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    usageError(`${flag} ${value} is not a real calendar date.`, usage);
  }
  if (value < FIRST_DATE) usageError(`${flag} ${value} is before ${FIRST_DATE}; give a later date.`, usage);
  return value;
}
