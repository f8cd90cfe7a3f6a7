/**
 * `npm start`: the bot. With DISCORD_TOKEN it connects to Discord; without it, it runs
 * the same commands in the terminal (console mode), so it works with nothing configured.
 */
import { failOnConfigError, fail } from './cli/fail.ts';
import { createCommands } from './commands/index.ts';
import { CommandRegistry } from './commands/registry.ts';
import { loadConfig } from './config.ts';
import { runConsole } from './console/console-app.ts';
import { startDiscordBot } from './discord/bot.ts';
import { loadEnvFile } from './env-file.ts';
import { KnowledgeFolderError } from './knowledge/loader.ts';
import { Library } from './library.ts';
import { createLogger } from './log.ts';

loadEnvFile();
const config = (() => {
  try {
    return loadConfig();
  } catch (error) {
    return failOnConfigError(error);
  }
})();
const logger = createLogger(config.logLevel);

const library = await Library.open(config.knowledgeDir).catch((error: unknown) => {
  if (error instanceof KnowledgeFolderError) fail(error.message);
  throw error;
});
for (const problem of library.startupProblems) {
  logger.warn({ file: problem.file, field: problem.field }, `knowledge file left out: ${problem.field} ${problem.message}`);
}
logger.info({ documents: library.index.documents.length, passages: library.index.passages.length }, 'knowledge base loaded');
// Cooldowns guard a shared Discord channel; the operator at the console is not rate-limited.
const commandConfig = config.discord ? config : { ...config, queryCooldownSeconds: 0 };
const registry = new CommandRegistry(createCommands({ config: commandConfig, library }), logger);

if (!config.discord) {
  const interactive = process.stdin.isTTY === true;
  console.log(
    [
      'Fentanyl briefing bot — console mode (no DISCORD_TOKEN set).',
      `Knowledge base: ${library.index.documents.length} documents, ${library.index.passages.length} passages.`,
      'Type a command as in Discord: /fentanyl seizures, /sources, /help. A number presses a button of the last answer; exit quits.',
      'To connect to Discord, set DISCORD_TOKEN and DISCORD_APPLICATION_ID (see .env.example), run npm run deploy-commands once, then npm start.',
      '',
    ].join('\n'),
  );
  await runConsole(registry, process.stdin, process.stdout, { color: process.stdout.isTTY, prompt: interactive });
} else {
  await startDiscordBot({ config, discord: config.discord, registry, logger });
}
