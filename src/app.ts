import { createCommands } from './commands/definitions.ts';
import { CommandRegistry } from './commands/registry.ts';
import type { Config } from './config.ts';
import { CONSOLE_OPERATOR_ID } from './console/operator.ts';
import type { Client } from 'discord.js';
import { cachedGuildOf, canPostBriefing, discordBriefingTransport } from './discord/briefing-transport.ts';
import { startDiscordBot, type DiscordBot } from './discord/bot.ts';
import { announceCandidates } from './discord/review-announce.ts';
import { createClient } from './discord/client.ts';
import { trackApplicationOwners } from './discord/owners.ts';
import { startFeedPoller } from './kb/feed-poller.ts';
import { DEFAULT_FETCH_POLICY } from './kb/safe-fetch.ts';
import type { Library } from './library.ts';
import type { Logger } from './log.ts';
import { BriefingScheduler } from './scheduler/briefing-scheduler.ts';
import type { BriefingTransport } from './scheduler/transport.ts';
import { BriefingRunStore } from './store/briefing-runs.ts';
import { openDatabase } from './store/database.ts';
import { FeedStore } from './store/feeds.ts';
import { KbAuditStore } from './store/kb-audit.ts';
import type { Metrics } from './observability/metrics.ts';
import { countingSends } from './observability/briefing-sends.ts';
import { SubscriptionStore } from './store/subscriptions.ts';
import { ownsSubscription } from './shard-ownership.ts';

export interface App {
  registry: CommandRegistry;
  scheduler: BriefingScheduler;
  /** Throws if the database cannot take a write (for /healthz). */
  probeDatabase(): void;
  /** Stop the schedule, let a briefing being posted finish, close the database; safe to call twice. */
  close(): Promise<void>;
}

/** In console mode nothing can be posted to Discord (and the schedule is never started). */
const offline: BriefingTransport = {
  isReady: () => false,
  send: () => Promise.reject(new Error('console mode: not connected to Discord')),
};

/**
 * Assemble the bot from its parts: the store, the schedule and the commands, over the
 * live knowledge base. With a Discord client briefings are posted through it; without
 * one (console mode) the same commands answer, and subscribing is refused.
 */
export function createApp({ config, library, logger, client, metrics }: { config: Config; library: Library; logger: Logger; client?: Client; metrics?: Metrics }): App {
  const db = openDatabase(config.dataDir);
  const subscriptions = new SubscriptionStore(db);
  const runs = new BriefingRunStore(db);
  const audit = new KbAuditStore(db);
  const feeds = new FeedStore(db);
  const fetchPolicy = { ...DEFAULT_FETCH_POLICY, allowPrivate: config.kbFetch?.allowPrivate ?? false };
  const feedPollMinutes = config.kbFetch?.feedPollMinutes ?? 60;
  // Every reload, whatever triggered it (/kb, SIGHUP, the folder watch), lands in the audit trail.
  library.setAudit(metrics ? metrics.recordingReloads(audit) : audit);
  const seeded = subscriptions.seed(config.briefing);
  if (seeded.length) logger.info({ channels: seeded }, 'briefing subscriptions seeded from BRIEFING_CHANNEL_IDS');
  const index = () => library.index;
  const transport = client ? discordBriefingTransport(client) : offline;
  const scheduler = new BriefingScheduler({ subscriptions, runs, transport: metrics ? countingSends(transport, metrics) : transport, index, logger });
  const canPost = client
    ? (channelId: string, guildId: string) => canPostBriefing(client, channelId, guildId)
    : async () => 'the bot is in console mode and cannot post to Discord. Start it with DISCORD_TOKEN set.';
  const commands = createCommands({
    library,
    queryCooldownSeconds: config.queryCooldownSeconds,
    briefing: { subscriptions, runs, scheduler, index, canPost, defaultTimezone: config.briefing.timezone },
    kb: {
      audit,
      adminRoleIds: config.adminRoleIds,
      adminGuildIds: config.kbAdminGuildIds,
      fetchPolicy,
      feeds,
      feedPollMinutes,
      // At the console, the operator at the machine is the owner.
      ownerIds: client ? trackApplicationOwners(client, logger) : async () => [CONSOLE_OPERATOR_ID],
    },
  });
  // Feeds are polled while connected to Discord (where candidates are reviewed); `npm run kb -- feeds poll` polls by hand.
  const reviewChannelId = config.kbFetch?.reviewChannelId;
  const poller = client
    ? startFeedPoller({
        store: feeds,
        library,
        policy: fetchPolicy,
        minutes: feedPollMinutes,
        onReport: (report) => {
          for (const poll of report.feeds) {
            const fields = { feed: poll.url, status: poll.status, items: poll.items, queued: poll.queued.length, skipped: poll.skipped.length };
            if (poll.status === 'failed') logger.warn(fields, `feed poll failed: ${poll.error}`);
            else logger.info(fields, 'feed polled');
          }
          if (reviewChannelId) {
            announceCandidates(client, reviewChannelId, report.queued).catch((error: unknown) => logger.warn({ err: error, channel: reviewChannelId }, 'could not announce new candidates'));
          }
        },
        onError: (error) => logger.error({ err: error }, 'feed poll failed'),
      })
    : null;
  let closed = false;
  return {
    registry: new CommandRegistry(commands, logger, metrics ? (event) => metrics.interaction(event) : undefined),
    scheduler,
    probeDatabase() {
      // Takes (and gives back) the write lock: fails when the file is read-only, locked past the busy timeout, or closed.
      db.exec('BEGIN IMMEDIATE; ROLLBACK');
    },
    async close() {
      if (closed) return;
      closed = true;
      await scheduler.stop();
      await poller?.stop();
      library.setAudit(undefined);
      db.close();
    },
  };
}

export interface DiscordApp {
  app: App;
  bot: DiscordBot;
  client: Client;
}

/**
 * The bot connected to Discord: the app over a discord.js client, its schedule started, the
 * gateway logged in, and a catch-up on missed briefings whenever the session is (re)ready.
 * `adjust` may change the app before it connects (tests slow a command down); `onShutdown`
 * runs before the app closes. If anything fails before the bot is up (the schedule's start,
 * the login) the app is closed, so the database is not left open, and the error rethrown (a
 * refused login as a LoginError).
 */
export async function startDiscordApp(options: {
  config: Config;
  library: Library;
  logger: Logger;
  adjust?: (app: App) => void;
  onShutdown?: () => void | Promise<void>;
  metrics?: Metrics;
  /** Sharded: this process posts only the briefings of the guilds its shard holds (all when absent). */
  shard?: { id: number; count: number };
}): Promise<DiscordApp> {
  const { config, library, logger } = options;
  if (!config.discord) throw new Error('startDiscordApp needs DISCORD_TOKEN (console mode has no client)');
  const client = createClient({ apiBaseUrl: config.discord.apiBaseUrl });
  const app = createApp({ config, library, logger, client, ...(options.metrics ? { metrics: options.metrics } : {}) });
  try {
    options.adjust?.(app);
    if (options.shard) app.scheduler.setOwnership(ownsSubscription(options.shard.id, options.shard.count, cachedGuildOf(client)));
    await app.scheduler.start();
    const bot = await startDiscordBot({
      client,
      token: config.discord.token,
      registry: app.registry,
      logger,
      onReady: () => app.scheduler.catchUp(),
      onShutdown: async () => {
        await options.onShutdown?.();
        return app.close();
      },
    });
    return { app, bot, client };
  } catch (error) {
    await app.close();
    throw error;
  }
}
