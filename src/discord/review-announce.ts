import type { Client } from 'discord.js';
import type { Candidate } from '../store/feeds.ts';

/** Candidates listed in one announcement; the rest are counted. */
const LISTED = 5;

/**
 * Tell the review channel (KB_REVIEW_CHANNEL_ID) about new on-topic candidates. Titles come
 * from the web: mentions never ping, and links are not unfurled.
 */
export async function announceCandidates(client: Client, channelId: string, candidates: readonly Candidate[]): Promise<void> {
  const onTopic = candidates.filter((candidate) => candidate.status === 'pending');
  if (!onTopic.length || !client.isReady()) return;
  const channel = await client.channels.fetch(channelId);
  if (!channel?.isSendable()) throw new Error(`KB_REVIEW_CHANNEL_ID ${channelId} is not a channel the bot can post in`);
  const lines = onTopic.slice(0, LISTED).map((candidate) => `• **${escape(candidate.title)}** (${escape(candidate.publisher ?? 'publisher not stated')}, relevance ${candidate.relevance.toFixed(2)}) <${candidate.url}>`);
  if (onTopic.length > LISTED) lines.push(`…and ${onTopic.length - LISTED} more.`);
  const content = [`${onTopic.length} new article${onTopic.length === 1 ? '' : 's'} to review: use \`/kb review\`.`, ...lines].join('\n').slice(0, 2000);
  await channel.send({ content, allowedMentions: { parse: [] } });
}

const escape = (text: string) => text.replace(/[\\*_~`|>[\]()@#<]/g, (char) => `\\${char}`);
