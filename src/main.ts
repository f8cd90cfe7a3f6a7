/**
 * `npm start`: the bot. With DISCORD_TOKEN it connects to Discord; without it, it runs
 * the same commands in the terminal (console mode), so it works with nothing configured.
 */
// First: a SIGHUP while the rest loads must not end the process.
import { releaseStartupSighup } from './startup-signal.ts';
import { createApp, startDiscordApp } from './app.ts';
import { fail, failOnConfigError } from './cli/fail.ts';
import { summariseReload } from './kb/reload-summary.ts';
import { loadConfig } from './config.ts';
import { runConsole } from './console/console-app.ts';
import { createConsoleLogger } from './console/log.ts';
import { LoginError } from './discord/bot.ts';
import { loadEnvFile } from './env-file.ts';
import { installReloadSignal } from './kb/signal.ts';
import { watchKnowledge } from './kb/watch.ts';
import { KnowledgeFolderError } from './knowledge/loader.ts';
import { Library } from './library.ts';
import type { ReloadReport } from './knowledge/reload-report.ts';
import { createLogger } from './log.ts';
import { DatabaseOpenError, prepareDataDir } from './store/database.ts';
import type { HealthReport } from './observability/health.ts';
import { Metrics } from './observability/metrics.ts';
import { appHealth, serveProcessObservability } from './observability/process.ts';
import { joinShardManager } from './shard-process.ts';

loadEnvFile();
const config = (() => {
  try {
    return loadConfig();
  } catch (error) {
    return failOnConfigError(error);
  }
})();
/** A store that cannot be opened (DATA_DIR a file, a corrupt or newer database) ends the program with one line. */
const failOnDatabaseError = (error: unknown) => {
  if (error instanceof DatabaseOpenError) fail(error.message);
};
// In console mode the log goes to a file (warnings still show, one line each), not between the answers.
const consoleLog = config.discord
  ? null
  : (() => {
      try {
        prepareDataDir(config.dataDir);
        return createConsoleLogger(config.logLevel, config.dataDir);
      } catch (error) {
        failOnDatabaseError(error);
        throw error;
      }
    })();
const baseLogger = consoleLog?.logger ?? createLogger(config.logLevel);
const logger = config.sharding?.role === 'shard' ? baseLogger.child({ shard: config.sharding.id }) : baseLogger;
// An error nothing caught (inside discord.js, say) leaves the bot in an unknown state: log it and
// exit non-zero, so the supervisor (README: systemd with Restart=always) starts a fresh process.
for (const event of ['uncaughtException', 'unhandledRejection'] as const) {
  process.on(event, (error: unknown) => {
    logger.fatal({ err: error, event }, 'unexpected error; exiting so that the supervisor restarts the bot');
    process.exit(1);
  });
}
if (config.sharding?.role === 'manager') {
  // SHARD_COUNT set: this process supervises one process per shard, each running this file.
  const { runShardManager } = await import('./shard-manager.ts');
  process.exit(await runShardManager(config, logger));
}
logger.info({ dir: config.knowledgeDir }, 'loading the knowledge base');
/** Shutdown waits for interactions (5 s) and a briefing being sent (10 s) at most; this is the backstop. */
const SHUTDOWN_LIMIT_MS = 20_000;

const library = await Library.open(config.knowledgeDir).catch((error: unknown) => {
  if (error instanceof KnowledgeFolderError) fail(error.message);
  throw error;
});
for (const problem of library.startupProblems) {
  logger.warn({ file: problem.file, field: problem.field }, `knowledge file left out: ${problem.field} ${problem.message}`);
}
// The pid is the one `kill -HUP` must name to reload (npm and tsx above it do not pass SIGHUP on).
logger.info({ pid: process.pid, documents: library.index.documents.length, passages: library.index.passages.length }, 'knowledge base loaded');

/** Reloads not asked for in Discord (SIGHUP, the folder watch) report to the log. */
const logReload = (report: ReloadReport) => {
  const fields = { trigger: report.trigger, durationMs: Math.round(report.durationMs), problems: report.problems.length };
  if (report.ok) logger.info(fields, summariseReload(report));
  else logger.warn(fields, summariseReload(report));
};
/** `kill -HUP <pid>` and, with KB_WATCH=true, a change in the knowledge folder reload the knowledge base. */
function startReloadTriggers(): () => void {
  const reloadFailed = (trigger: string) => (error: unknown) => logger.error({ err: error, trigger }, 'reload failed');
  const removeSignal = installReloadSignal(library, logReload, reloadFailed('signal'));
  // A SIGHUP during start-up was held: the folder may have changed after it was read, so reload now.
  if (releaseStartupSighup()) process.emit('SIGHUP', 'SIGHUP');
  const watch = config.kbWatch
    ? watchKnowledge(library, {
        onReport: logReload,
        onReloadError: reloadFailed('watch'),
        onError: (error) => logger.error({ err: error }, 'the knowledge folder watch failed; it is opened again on the next folder check'),
        onFolderChange: (message) => logger.warn({ dir: library.knowledgeDir }, message),
      })
    : null;
  if (watch) logger.info({ dir: library.knowledgeDir }, 'watching the knowledge folder (KB_WATCH=true)');
  return () => {
    removeSignal();
    watch?.close();
  };
}

if (!config.discord) {
  // The operator at the console is not rate-limited: cooldowns guard shared Discord channels.
  const app = (() => {
    try {
      return createApp({ config: { ...config, queryCooldownSeconds: 0 }, library, logger });
    } catch (error) {
      failOnDatabaseError(error);
      throw error;
    }
  })();
  const stopReloadTriggers = startReloadTriggers();
  console.log(
    [
      'Fentanyl briefing bot — console mode (no DISCORD_TOKEN set).',
      `Knowledge base: ${library.index.documents.length} documents, ${library.index.passages.length} passages.`,
      'Type a command as in Discord: /fentanyl seizures, /sources, /briefing preview, /kb status, /help. Type what a button shows in [ ] to press it; exit quits.',
      `Log: ${consoleLog?.file} (warnings also show here).`,
      'To connect to Discord, set DISCORD_TOKEN and DISCORD_APPLICATION_ID (see .env.example), run npm run deploy-commands once, then npm start.',
      '',
    ].join('\n'),
  );
  await runConsole(app.registry, process.stdin, process.stdout, { color: process.stdout.isTTY, prompt: process.stdin.isTTY === true });
  stopReloadTriggers();
  await app.close();
} else {
  const stopReloadTriggers = startReloadTriggers();
  const shard = config.sharding?.role === 'shard' ? config.sharding : null;
  // A shard's metrics are served by its manager, which asks for them; hence kept whenever HEALTH_PORT is set.
  const metrics = config.health ? new Metrics({ knowledge: () => library.counts, ...(shard ? { shardId: shard.id } : {}) }) : undefined;
  let stopObserving: () => unknown = () => undefined;
  // Until the bot is up, /healthz answers 503 (nothing connected yet).
  let health: () => HealthReport = () => ({ ok: false, gateway: [], knowledgeBase: { ok: false, documents: 0, passages: 0 }, database: { ok: false, error: 'starting' } });
  if (!shard && config.health && metrics) {
    stopObserving = await serveProcessObservability({ health: config.health, report: () => health(), metrics, logger }).catch((error: unknown) => {
      stopReloadTriggers();
      return fail(`HEALTH_PORT: cannot serve /healthz on ${config.health?.host}:${config.health?.port}: ${(error as Error).message}`);
    });
  }
  try {
    const { bot, app, client } = await startDiscordApp({
      config,
      library,
      logger,
      ...(metrics ? { metrics } : {}),
      // Sharded: each shard schedules the briefings of its own guilds (the store's claim still makes each post once).
      ...(shard ? { shard: { id: shard.id, count: shard.count } } : {}),
      onShutdown: async () => {
        stopReloadTriggers();
        await stopObserving();
      },
    });
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        setTimeout(() => {
          logger.error({ signal }, 'shutdown took too long; exiting');
          process.exit(1);
        }, SHUTDOWN_LIMIT_MS).unref();
        void bot.shutdown(signal).then(
          () => process.exit(0),
          (error: unknown) => {
            logger.error({ err: error, signal }, 'shutdown failed');
            process.exit(1);
          },
        );
      });
    }
    health = () => appHealth(app, client, library);
    if (shard) {
      // Without its manager no one respawns or reloads this shard: stop as on SIGTERM.
      const onManagerGone = () => process.kill(process.pid, 'SIGTERM');
      stopObserving = joinShardManager({ shardId: shard.id, shardCount: shard.count, library, logger, health, metrics, onManagerGone });
    }
  } catch (error) {
    stopReloadTriggers();
    failOnDatabaseError(error);
    if (error instanceof LoginError) {
      logger.fatal({ reason: error.message }, 'login failed');
      fail(error.message);
    }
    throw error;
  }
}
