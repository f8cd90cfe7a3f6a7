import { Client, GatewayIntentBits, Options, type RateLimitData } from 'discord.js';
import type { Logger } from '../log.ts';

export interface ClientSettings {
  /** REST base (`https://discord.com/api` by default); the tests point it at the loopback emulator. */
  apiBaseUrl: string | undefined;
}

/**
 * A discord.js client with what the bot needs and nothing more: slash commands only
 * need the Guilds intent (no message content), caches are kept small, and no message
 * it sends may ping anyone.
 */
export function createClient(settings: ClientSettings): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 25 }),
    rest: { ...(settings.apiBaseUrl ? { api: settings.apiBaseUrl } : {}), rejectOnRateLimit: longBriefingLimit },
  });
}

/** A rate limit longer than this on posting a channel message is handed to the scheduler (see below). */
const LONG_RATE_LIMIT_MS = 5_000;

/**
 * discord.js waits out a rate limit inside `send()`, where nothing can stop it: a shutdown would
 * wait 90 seconds and then post. A long limit on posting to a channel (only briefings do) is
 * thrown instead, as a RateLimitError, so the scheduler waits in a way its shutdown can cut
 * short. Interaction replies use other routes and keep discord.js's own handling.
 */
function longBriefingLimit(limit: RateLimitData): boolean {
  return limit.method.toUpperCase() === 'POST' && /^\/channels\/[^/]+\/messages$/.test(limit.route) && Math.max(limit.retryAfter, limit.timeToReset) > LONG_RATE_LIMIT_MS;
}

/**
 * discord.js 14 (up to 14.28.1, the latest 14.x) crashes the process when Discord invalidates a
 * session right after resuming it: the RESUMED handler reads the sequence of a session the
 * invalidation already cleared (a TypeError thrown inside the gateway's message handling). The
 * packet is dropped instead: the shard identifies again and emits ShardReady, which catches up.
 */
export function guardResumedRace(client: Client, logger: Pick<Logger, 'warn'>): void {
  type Shard = { id: number; sessionInfo?: unknown };
  const manager = client.ws as unknown as { handlePacket?: (packet?: { t?: string }, shard?: Shard) => boolean };
  const handlePacket = manager.handlePacket;
  if (typeof handlePacket !== 'function') return;
  manager.handlePacket = function (this: unknown, packet?: { t?: string }, shard?: Shard): boolean {
    if (packet?.t === 'RESUMED' && shard && (shard.sessionInfo === null || shard.sessionInfo === undefined)) {
      logger.warn({ shard: shard.id }, 'gateway session invalidated as it resumed; identifying again');
      return true;
    }
    return handlePacket.call(this, packet, shard);
  };
}

/** Turn a login failure into a message a person can act on. The token itself is never included. */
export function explainLoginError(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (/TokenInvalid|401|4004|Authentication failed|Unauthorized/i.test(text)) {
    return 'Discord rejected DISCORD_TOKEN (invalid or reset). Copy the bot token again from the Developer Portal, or unset it to run in console mode.';
  }
  if (/DisallowedIntents|4014/.test(text)) return 'Discord refused the gateway intents this bot asks for.';
  return `Could not connect to Discord: ${text.replace(/[A-Za-z\d_-]{24,}\.[A-Za-z\d_-]{6,}\.[A-Za-z\d_-]{27,}/g, '[redacted]')}`;
}
