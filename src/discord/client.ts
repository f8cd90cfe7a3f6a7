import { Client, GatewayIntentBits, Options } from 'discord.js';

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
    ...(settings.apiBaseUrl ? { rest: { api: settings.apiBaseUrl } } : {}),
  });
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
