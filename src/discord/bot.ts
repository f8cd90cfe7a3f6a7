import { Events, type Client } from 'discord.js';
import type { CommandRegistry } from '../commands/registry.ts';
import type { Logger } from '../log.ts';
import { explainLoginError, guardResumedRace } from './client.ts';
import { InteractionRouter } from './interaction-router.ts';

export interface DiscordBotOptions {
  client: Client;
  token: string;
  registry: CommandRegistry;
  logger: Logger;
  /**
   * Called when the gateway session is ready, again after each resume or new session (a
   * reconnect that had to identify again), and when the bot joins a server (catch up on missed
   * briefings, and place channels seeded by id in their server).
   */
  onReady?: () => Promise<void> | void;
  /** Extra work to stop on shutdown (scheduler, store), after interactions drain. */
  onShutdown?: () => Promise<void> | void;
}

export interface DiscordBot {
  shutdown(reason: string): Promise<void>;
}

/** Thrown when Discord refuses the login; the message says what to do. */
export class LoginError extends Error {}

/**
 * Connect to Discord and answer interactions. A login Discord refuses (bad token)
 * rejects with a LoginError whose message a person can act on; the token is never in it.
 */
export async function startDiscordBot(options: DiscordBotOptions): Promise<DiscordBot> {
  const { client, registry, logger } = options;
  const router = new InteractionRouter(registry, logger);
  const ready = () =>
    Promise.resolve(options.onReady?.()).catch((error: unknown) => logger.error({ err: error }, 'ready handler failed'));
  guardResumedRace(client, logger);
  client.on(Events.InteractionCreate, (interaction) => router.handle(interaction));
  let connected = false;
  client.once(Events.ClientReady, (self) => {
    connected = true;
    logger.info({ user: self.user.tag, guilds: self.guilds.cache.size }, 'connected to Discord');
    void ready();
  });
  // A new session after an outage (the old one could not be resumed): events were lost, catch up.
  // The first session's ShardReady comes before ClientReady, which catches up for it.
  client.on(Events.ShardReady, (shard) => {
    if (!connected) return;
    logger.info({ shard }, 'gateway session ready (new session)');
    void ready();
  });
  client.on(Events.ShardReconnecting, (shard) => logger.warn({ shard }, 'gateway reconnecting'));
  client.on(Events.ShardResume, (shard, replayed) => {
    logger.info({ shard, replayed }, 'gateway session resumed');
    void ready();
  });
  // discord.js emits this only for a server joined after start-up (those at start-up come before ready).
  client.on(Events.GuildCreate, (guild) => {
    logger.info({ guild: guild.id }, 'joined a server');
    void ready();
  });
  client.on(Events.ShardDisconnect, (event, shard) => logger.warn({ shard, code: event.code }, 'gateway disconnected'));
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));

  let stopping: Promise<void> | null = null;
  const shutdown = (reason: string) =>
    (stopping ??= (async () => {
      logger.info({ reason }, 'shutting down');
      await router.drain();
      await options.onShutdown?.();
      await client.destroy();
      logger.info('stopped');
    })());

  try {
    await client.login(options.token);
  } catch (error) {
    await client.destroy().catch(() => undefined);
    throw new LoginError(explainLoginError(error));
  }
  return { shutdown };
}
