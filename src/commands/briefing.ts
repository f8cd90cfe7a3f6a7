import {
  ApplicationCommandOptionType,
  ChannelType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandChannelOption,
} from 'discord-api-types/v10';
import { z } from 'zod';
import { composeBriefing, prepareBriefing, type BriefingSource } from '../briefing/compose.ts';
import { LocalTime, TimeZoneName, localDateTime } from '../shared/local-time.ts';
import { renderBriefing } from '../briefing/render.ts';
import { NO_HISTORY } from '../briefing/types.ts';
import type { NextRun } from '../scheduler/briefing-scheduler.ts';
import type { BriefingRunStore } from '../store/briefing-runs.ts';
import type { Subscription, SubscriptionStore } from '../store/subscriptions.ts';
import { UserError, type Reply } from '../shared/reply.ts';
import { canManageServer, type AutocompleteChoice, type Command, type Invoker } from './types.ts';

const COLOR = 0x2b6cb0;

const channelOption: APIApplicationCommandChannelOption = {
  type: ApplicationCommandOptionType.Channel,
  name: 'channel',
  description: 'A text or announcement channel',
  required: true,
  channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
};

export const definition = {
  name: 'briefing',
  description: 'The morning digest: subscribe a channel, check its schedule, preview today’s',
  // Hidden from members without Manage Server unless a server grants it; the handler checks again.
  default_member_permissions: String(PermissionFlagsBits.ManageGuild),
  contexts: [InteractionContextType.Guild],
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'subscribe',
      description: 'Post the morning digest in a channel every day at a local time',
      options: [
        channelOption,
        { type: ApplicationCommandOptionType.String, name: 'time', description: '24-hour local time, e.g. 07:30', required: true, min_length: 4, max_length: 5 },
        { type: ApplicationCommandOptionType.String, name: 'timezone', description: 'IANA time zone, e.g. America/Mexico_City', required: true, autocomplete: true, max_length: 64 },
        { type: ApplicationCommandOptionType.String, name: 'topics', description: 'Focus on these knowledge-base topics, comma-separated (default: all)', required: false, autocomplete: true, max_length: 500 },
      ],
    },
    { type: ApplicationCommandOptionType.Subcommand, name: 'unsubscribe', description: 'Stop the morning digest in a channel', options: [channelOption] },
    { type: ApplicationCommandOptionType.Subcommand, name: 'status', description: 'This server’s subscriptions: next run, last post, last error' },
    { type: ApplicationCommandOptionType.Subcommand, name: 'preview', description: 'Today’s digest for this channel, shown only to you' },
  ],
} as const satisfies Command['definition'];

const ChannelId = z.string({ error: 'Pick a channel.' }).regex(/^\d{17,20}$/, 'Pick a channel from the list.');
const SubscribeOptions = z.object({
  channel: ChannelId,
  time: z.string({ error: 'Give a time such as 07:30.' }).pipe(LocalTime),
  timezone: z.string({ error: 'Give a time zone such as America/Mexico_City.' }).pipe(TimeZoneName),
  topics: z.string().max(500).optional(),
});
const UnsubscribeOptions = z.object({ channel: ChannelId });
const OPTIONS = { subscribe: SubscribeOptions, unsubscribe: UnsubscribeOptions, status: z.object({}), preview: z.object({}) };

/** Zones offered when nothing is typed yet: the ones this knowledge base's readers live in. */
const PINNED_ZONES = ['America/Mexico_City', 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Tijuana', 'UTC'];
const ZONES = [...Intl.supportedValuesOf('timeZone'), 'UTC'];

export interface BriefingCommandDependencies {
  subscriptions: SubscriptionStore;
  runs: BriefingRunStore;
  scheduler: { refresh(): void; nextRun(subscription: Subscription): NextRun };
  /** The live knowledge base, read once per preview. */
  index: () => BriefingSource;
  /** Whether the bot can post embeds in a channel of the server `guildId`: true, or the reason it cannot. */
  canPost: (channelId: string, guildId: string) => Promise<true | string>;
  /** The zone of a preview in a channel without a subscription (BRIEFING_TIMEZONE). */
  defaultTimezone: string;
  now?: () => Date;
}

export function createBriefingCommand(dependencies: BriefingCommandDependencies): Command<typeof OPTIONS> {
  const now = dependencies.now ?? (() => new Date());
  const { subscriptions, runs, scheduler } = dependencies;

  async function subscribe(invoker: Invoker, guildId: string, options: z.output<typeof SubscribeOptions>): Promise<Reply> {
    const { channel, time, timezone, topics: rawTopics } = options;
    const topics = focusTopics(rawTopics, dependencies.index().topics());
    const reachable = await dependencies.canPost(channel, guildId);
    if (reachable !== true) throw new UserError(`I can’t post the briefing in <#${channel}>: ${reachable}`);
    const previous = subscriptions.subscribe({ channelId: channel, guildId, time, timezone, createdBy: invoker.userId, topics });
    scheduler.refresh();
    const subscription = subscriptions.get(channel)!;
    const lines = [`<#${channel}> gets the morning briefing every day at **${time}** (${timezone}).`];
    lines.push(describeFocus(topics));
    if (previous) lines.push(`It was ${previous.time} (${previous.timezone}).`);
    lines.push(`Next: ${describeNext(scheduler.nextRun(subscription), localDateTime(now(), timezone).date)}.`);
    return { ephemeral: true, cards: [{ title: previous ? 'Briefing schedule changed' : 'Briefing subscribed', description: lines.join('\n'), color: COLOR }] };
  }

  function unsubscribe(guildId: string, { channel }: z.output<typeof UnsubscribeOptions>): Reply {
    const subscription = subscriptions.get(channel);
    // A channel seeded from the environment has no server on record until the bot has seen it (on connecting, or at a post).
    const ours = subscription?.active && (subscription.guildId === null || subscription.guildId === guildId);
    if (!ours || !subscriptions.unsubscribe(channel)) throw new UserError(`<#${channel}> has no briefing subscription.`);
    scheduler.refresh();
    return { ephemeral: true, content: `<#${channel}> will no longer get the morning briefing.` };
  }

  function status(guildId: string): Reply {
    const list = subscriptions.forGuild(guildId);
    if (!list.length) {
      return { ephemeral: true, content: 'No channel in this server gets the morning briefing. Add one with `/briefing subscribe`.' };
    }
    const blocks = list.map((subscription) => {
      const today = localDateTime(now(), subscription.timezone).date;
      const last = runs.lastSent(subscription.channelId);
      const lines = [
        `**<#${subscription.channelId}>** · daily at ${subscription.time} (${subscription.timezone})`,
        `Next: ${describeNext(scheduler.nextRun(subscription), today)}`,
        describeFocus(subscription.topics),
        `Last post: ${last?.messageId ? `${last.localDate} — https://discord.com/channels/${guildId}/${subscription.channelId}/${last.messageId}` : 'none yet'}`,
      ];
      if (subscription.lastError) lines.push(`⚠️ Last error: ${subscription.lastError}`);
      return lines.join('\n');
    });
    return { ephemeral: true, cards: [{ title: 'Morning briefing subscriptions', description: blocks.join('\n\n'), color: COLOR }] };
  }

  function preview(invoker: Invoker): Reply {
    const subscription = invoker.channelId ? subscriptions.get(invoker.channelId) : undefined;
    const subscribed = subscription?.active ? subscription : undefined;
    const date = localDateTime(now(), subscribed?.timezone ?? dependencies.defaultTimezone).date;
    // With the channel's history, the preview is what the channel gets (or got) today.
    const history = subscribed ? runs.history(subscribed.channelId, date) : NO_HISTORY;
    const briefing = composeBriefing({ index: dependencies.index(), date, history, channel: invoker.channelId ?? '', focus: subscribed?.topics ?? [] });
    const reply = renderBriefing(briefing);
    // The footer names the focus too; the preview says it up front.
    return { ...reply, content: `${reply.content ?? ''}\n${describeFocus(briefing.focus)}`, ephemeral: true };
  }

  return {
    definition,
    options: OPTIONS,
    answersPrivately: true,
    // Composing reads the whole knowledge base: seconds at 100k passages, longer than Discord's window.
    defersFirst: (subcommand) => subcommand === 'preview',

    async run(invoker, ...[options, subcommand]) {
      if (subcommand === 'preview') {
        // Acknowledged already (defersFirst): a knowledge base's first digest reads all of it, in slices.
        await prepareBriefing(dependencies.index());
        return preview(invoker);
      }
      if (!invoker.guildId) throw new UserError('Briefing subscriptions belong to a server: run this in a server channel.');
      if (!canManageServer(invoker)) throw new UserError('Managing the briefing needs the Manage Server permission.');
      switch (subcommand) {
        case 'subscribe':
          return subscribe(invoker, invoker.guildId, options);
        case 'unsubscribe':
          return unsubscribe(invoker.guildId, options);
        case 'status':
          return status(invoker.guildId);
        default:
          throw new UserError('Use `/briefing subscribe`, `unsubscribe`, `status` or `preview`.');
      }
    },

    async autocomplete(_invoker, focused) {
      if (focused.name === 'topics') return suggestTopics(focused.value, dependencies.index().topics());
      return focused.name === 'timezone' ? suggestZones(focused.value, now()) : [];
    },
  };
}

/** Comma-separated topics, each one of the knowledge base's (case and spacing forgiven); none means all. */
function focusTopics(raw: string | undefined, known: readonly string[]): string[] {
  const wanted = [...new Set((raw ?? '').split(',').map((topic) => topic.trim().toLowerCase().replace(/\s+/g, ' ')).filter(Boolean))];
  const unknown = wanted.filter((topic) => !known.includes(topic));
  if (unknown.length) {
    throw new UserError(`\`topics\`: “${unknown.join('”, “').slice(0, 200)}” ${unknown.length === 1 ? 'is not a topic' : 'are not topics'} of the knowledge base. Topics: ${known.join(', ')}.`);
  }
  return wanted.sort();
}

function describeFocus(topics: readonly string[]): string {
  return topics.length ? `Focus: ${topics.join(', ')} (spotlight and key figures from these topics).` : 'Focus: the whole knowledge base.';
}

/** Topics matching the last comma-separated part typed, after the parts already chosen. */
function suggestTopics(input: string, known: readonly string[]): AutocompleteChoice[] {
  const parts = input.split(',').map((part) => part.trim().toLowerCase());
  const typed = parts.pop() ?? '';
  const chosen = parts.filter((part) => known.includes(part));
  return known
    .filter((topic) => !chosen.includes(topic) && topic.includes(typed))
    .slice(0, 25)
    .map((topic) => {
      const value = [...chosen, topic].join(', ');
      return { name: value.slice(0, 100), value: value.slice(0, 100) };
    });
}

function describeNext(next: NextRun, today: string): string {
  const day = next.date === today ? 'today' : next.date;
  return next.overdue ? `${day} at ${next.time}, overdue: it posts as soon as the bot can reach the channel` : `${day} at ${next.time}`;
}

/** Exact name, then names starting with the input, then cities starting with it, then names containing it. */
export function suggestZones(input: string, at: Date): AutocompleteChoice[] {
  const query = input.trim().toLowerCase().replace(/\s+/g, '_');
  const ranked = query
    ? ZONES.map((zone) => ({ zone, tier: zoneTier(zone.toLowerCase(), query) }))
        .filter((entry) => entry.tier < 4)
        .sort((a, b) => a.tier - b.tier || a.zone.localeCompare(b.zone))
        .map((entry) => entry.zone)
    : PINNED_ZONES;
  return ranked.slice(0, 25).map((zone) => ({ name: `${zone} (now ${localDateTime(at, zone).time})`.slice(0, 100), value: zone }));
}

function zoneTier(zone: string, query: string): number {
  if (zone === query) return 0;
  if (zone.startsWith(query)) return 1;
  if (zone.split('/').some((part) => part.startsWith(query))) return 2;
  return zone.includes(query) ? 3 : 4;
}
