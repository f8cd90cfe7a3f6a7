import { ConfigError, loadConfig, type Config } from '../config.ts';
import { loadEnvFile } from '../env-file.ts';

/** End a command-line program with a message for a person and exit code 1, not a stack trace. */
export function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

/** Turn the errors a person can fix (bad configuration) into a clean exit; rethrow the rest. */
export function failOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}

/**
 * The configuration every entry point uses: `.env` from the project root (variables already set
 * win), then the environment, validated; a bad value ends the program with one line per problem.
 */
export function configOrExit(): Config {
  loadEnvFile();
  try {
    return loadConfig();
  } catch (error) {
    return failOnConfigError(error);
  }
}
