/**
 * `npm start`: the bot. With DISCORD_TOKEN it connects to Discord; without it, it runs
 * the same commands in the terminal (console mode), so it works with nothing configured.
 */
import { createApp } from './app.ts';
import { fail, failOnConfigError } from './cli/fail.ts';
import { loadConfig } from './config.ts';
import { runConsole } from './console/console-app.ts';
import { LoginError, startDiscordBot } from './discord/bot.ts';
import { createClient } from './discord/client.ts';
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

if (!config.discord) {
  // The operator at the console is not rate-limited: cooldowns guard shared Discord channels.
  const app = createApp({ config: { ...config, queryCooldownSeconds: 0 }, library, logger });
  console.log(
    [
      'Fentanyl briefing bot — console mode (no DISCORD_TOKEN set).',
      `Knowledge base: ${library.index.documents.length} documents, ${library.index.passages.length} passages.`,
      'Type a command as in Discord: /fentanyl seizures, /sources, /briefing preview, /help. A number presses a button of the last answer; exit quits.',
      'To connect to Discord, set DISCORD_TOKEN and DISCORD_APPLICATION_ID (see .env.example), run npm run deploy-commands once, then npm start.',
      '',
    ].join('\n'),
  );
  await runConsole(app.registry, process.stdin, process.stdout, { color: process.stdout.isTTY, prompt: process.stdin.isTTY === true });
  await app.close();
} else {
  const client = createClient({ apiBaseUrl: config.discord.apiBaseUrl });
  const app = createApp({ config, library, logger, client });
  await app.scheduler.start();
  try {
    const bot = await startDiscordBot({
      client,
      token: config.discord.token,
      registry: app.registry,
      logger,
      onReady: () => app.scheduler.catchUp(),
      onShutdown: () => app.close(),
    });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void bot.shutdown(signal).then(() => process.exit(0)));
  } catch (error) {
    await app.close();
    if (error instanceof LoginError) {
      logger.fatal({ reason: error.message }, 'login failed');
      fail(error.message);
    }
    throw error;
  }
}
