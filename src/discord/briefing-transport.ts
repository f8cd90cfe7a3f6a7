import {
  ChannelType,
  DiscordAPIError,
  HTTPError,
  PermissionFlagsBits,
  RateLimitError,
  Events,
  SnowflakeUtil,
  type APIEmbed,
  type Client,
  type Message,
  type NewsChannel,
  type TextChannel,
} from 'discord.js';
import type { Reply } from '../shared/reply.ts';
import { truncate } from '../commands/truncate.ts';
import { BriefingSendError, HISTORY_UNREADABLE, type BriefingTransport, type PostedMessage } from '../scheduler/transport.ts';
import { LIMITS } from '../shared/discord-limits.ts';
import { toDiscordMessage, type DiscordMessage } from './render.ts';

/**
 * What the bot needs in a channel to post a briefing. Read Message History is how a run left
 * uncertain (a crash or timeout mid-send) is resolved: `findPosted` reads the channel for the
 * earlier post. Without it Discord answers with an empty list, not an error, and the briefing
 * would be posted a second time.
 */
const NEEDED = [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks, PermissionFlagsBits.ReadMessageHistory];
const HISTORY_NEEDED_BECAUSE = 'I read the channel’s recent messages to check whether a briefing interrupted by an outage was already posted, so it is never posted twice';
/** Pages of 100 messages searched for a run's post: enough for a busy channel over a long outage. */
const SEARCH_PAGES = 10;

/**
 * Briefings over discord.js: posts with the run's nonce enforced, and finds its own earlier posts.
 * Ready means the gateway is connected now: `client.isReady()` stays true through an outage, so
 * the shards' own events are followed (down from a disconnect until a ready or a resume).
 */
export function discordBriefingTransport(client: Client): BriefingTransport {
  const down = new Set<number>();
  client.on(Events.ShardDisconnect, (_event, shard) => down.add(shard));
  client.on(Events.ShardReconnecting, (shard) => down.add(shard));
  client.on(Events.ShardReady, (shard) => down.delete(shard));
  client.on(Events.ShardResume, (shard) => down.delete(shard));
  return {
    isReady: () => client.isReady() && down.size === 0,

    async send(channelId: string, reply: Reply, run: { nonce: string; marker: string }): Promise<PostedMessage> {
      return asSendError(async () => {
        const channel = await postableChannel(client, channelId);
        // A channel message cannot be ephemeral; the flag is for interaction replies only.
        const { flags: _ephemeral, ...message } = withMarker(toDiscordMessage(reply), run.marker);
        const posted = await channel.send({ ...message, nonce: run.nonce, enforceNonce: true, allowedMentions: { parse: [] } });
        return { messageId: posted.id, guildId: channel.guildId };
      });
    },

    async findPosted(channelId: string, marker: string, since: Date): Promise<string | null> {
      return asSendError(async () => {
        const channel = await postableChannel(client, channelId);
        // Without the permission Discord answers with an empty list: "not posted" would be a guess.
        const me = channel.guild.members.me ?? (await channel.guild.members.fetchMe());
        if (!channel.permissionsFor(me).has(PermissionFlagsBits.ReadMessageHistory)) throw new BriefingSendError('Missing Read Message History', 403, HISTORY_UNREADABLE);
        let after = SnowflakeUtil.generate({ timestamp: since.getTime() }).toString();
        for (let page = 0; page < SEARCH_PAGES; page += 1) {
          const messages = await channel.messages.fetch({ after, limit: 100, cache: false });
          const mine = messages.find((message) => isBriefing(message, client, marker));
          if (mine) return mine.id;
          if (messages.size < 100) return null;
          after = messages.reduce((latest, message) => (BigInt(message.id) > BigInt(latest) ? message.id : latest), after);
        }
        return null;
      });
    },

    guildOf: cachedGuildOf(client),
  };
}

/**
 * The server of a channel this client already knows, without a network call, or null. Filled
 * by GUILD_CREATE, which lists every channel of the server (even those the bot may not view);
 * a sharded client knows only the channels of its own shard's guilds.
 */
export function cachedGuildOf(client: Client): (channelId: string) => string | null {
  return (channelId) => {
    const channel = client.channels.cache.get(channelId);
    return channel && !channel.isDMBased() ? channel.guildId : null;
  };
}

/**
 * Whether the bot can post briefings in a channel: true, or why not (for `/briefing subscribe`).
 * Checks that the channel is in the server asking (`guildId`), its type, and the bot's own permissions there.
 */
export async function canPostBriefing(client: Client, channelId: string, guildId: string): Promise<true | string> {
  const channel = await client.channels.fetch(channelId).catch(() => null);
  if (!channel) return 'I can’t see that channel. Check that I have View Channel there.';
  // A channel id typed by hand may name another server's channel: a server subscribes only its own.
  if (channel.isDMBased() || channel.guildId !== guildId) return 'it is not a channel of this server. Pick one of this server’s channels.';
  if (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement) {
    return 'it is not a text or announcement channel. Pick one where messages can be posted.';
  }
  const me = channel.guild.members.me ?? (await channel.guild.members.fetchMe());
  const missing = channel.permissionsFor(me).missing(NEEDED);
  if (!missing.length) return true;
  const names = missing.map((name) => name.replace(/([a-z])([A-Z])/g, '$1 $2')).join(', ');
  const why = missing.includes('ReadMessageHistory') ? ` (${HISTORY_NEEDED_BECAUSE})` : '';
  return `I’m missing ${names} there${why}.`;
}

async function postableChannel(client: Client, channelId: string): Promise<TextChannel | NewsChannel> {
  const channel = await client.channels.fetch(channelId);
  if (!channel || (channel.type !== ChannelType.GuildText && channel.type !== ChannelType.GuildAnnouncement)) {
    // Deleted, or turned into something we cannot post a briefing in: as good as unknown.
    throw new BriefingSendError('not a text or announcement channel', 404, 10003);
  }
  return channel;
}

const embedLength = (embed: APIEmbed) =>
  (embed.title?.length ?? 0) +
  (embed.description?.length ?? 0) +
  (embed.footer?.text.length ?? 0) +
  (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);

/**
 * The run's marker in the last embed's footer, whatever fitting the message to Discord's limits
 * cut (a long footer's end, or whole trailing embeds): it is how a run left uncertain is found
 * in the channel, so without it the briefing could be posted twice. The last embed's description
 * gives up the room the marker needs.
 */
function withMarker(message: DiscordMessage, marker: string): DiscordMessage {
  if (message.embeds.some((embed) => embed.footer?.text.includes(marker))) return message;
  const embeds = message.embeds.length ? message.embeds.map((embed) => ({ ...embed })) : [{}];
  const last = embeds.at(-1)!;
  last.footer = { text: marker };
  const excess = embeds.reduce((sum, embed) => sum + embedLength(embed), 0) - LIMITS.embedsTotal;
  if (excess > 0 && last.description) last.description = truncate(last.description, Math.max(1, last.description.length - excess));
  return { ...message, embeds };
}

function isBriefing(message: Message, client: Client, marker: string): boolean {
  return message.author.id === client.user?.id && message.embeds.some((embed) => embed.footer?.text.includes(marker) ?? false);
}

/** Map discord.js errors to BriefingSendError, the scheduler's transport-neutral error. */
async function asSendError<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof BriefingSendError) throw error;
    if (error instanceof DiscordAPIError) throw new BriefingSendError(error.message, error.status, error.code);
    if (error instanceof RateLimitError) throw new BriefingSendError(error.message, 429, null, error.retryAfter);
    if (error instanceof HTTPError) throw new BriefingSendError(error.message, error.status);
    throw new BriefingSendError(error instanceof Error ? error.message : String(error), null);
  }
}
