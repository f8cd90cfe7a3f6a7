import { Events } from 'discord.js';
import type { CommandRegistry } from '../commands/registry.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { createClient, explainLoginError } from './client.ts';
import { InteractionRouter } from './interaction-router.ts';

export interface DiscordBotOptions {
  config: Config;
  discord: NonNullable<Config['discord']>;
  registry: CommandRegistry;
  logger: Logger;
  /** Extra work to stop on shutdown (scheduler, store), after interactions drain. */
  onShutdown?: () => Promise<void> | void;
}

export interface DiscordBot {
  client: ReturnType<typeof createClient>;
  shutdown(reason: string): Promise<void>;
}

/**
 * Connect to Discord and answer interactions until SIGINT/SIGTERM. A login Discord
 * refuses (bad token) ends the process with a clear message and exit code 1.
 */
export async function startDiscordBot(options: DiscordBotOptions): Promise<DiscordBot> {
  const { discord, registry, logger } = options;
  const client = createClient({ apiBaseUrl: discord.apiBaseUrl });
  const router = new InteractionRouter(registry, logger);
  client.on(Events.InteractionCreate, (interaction) => router.handle(interaction));
  client.once(Events.ClientReady, (ready) => logger.info({ user: ready.user.tag, guilds: ready.guilds.cache.size }, 'connected to Discord'));
  client.on(Events.ShardResume, (shard, replayed) => logger.info({ shard, replayed }, 'gateway session resumed'));
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
  process.once('SIGINT', () => void shutdown('SIGINT').then(() => process.exit(0)));
  process.once('SIGTERM', () => void shutdown('SIGTERM').then(() => process.exit(0)));

  try {
    await client.login(discord.token);
  } catch (error) {
    logger.fatal({ reason: explainLoginError(error) }, 'login failed');
    console.error(explainLoginError(error));
    await client.destroy().catch(() => undefined);
    process.exit(1);
  }
  return { client, shutdown };
}
