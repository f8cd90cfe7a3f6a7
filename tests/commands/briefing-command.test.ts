import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBriefingCommand, suggestZones } from '../../src/commands/briefing.ts';
import { UserError } from '../../src/shared/reply.ts';
import { runCommand } from '../../src/commands/registry.ts';
import type { Command, Invoker } from '../../src/commands/types.ts';
import { BriefingSendError } from '../../src/scheduler/transport.ts';
import { ADMIN, CHANNEL_A, CHANNEL_B, FakeClock, FakeDiscord, GUILD, startProcess, tempDir, type BotProcess } from '../briefing/harness.ts';
import { buildIndex } from '../briefing/fixtures.ts';

const VOICE = '200000000000000009';
const admin: Invoker = { userId: ADMIN, userName: 'admin', guildId: GUILD, channelId: CHANNEL_A, permissions: PermissionFlagsBits.ManageGuild, roleIds: [] };
const member: Invoker = { ...admin, userId: '300000000000000002', userName: 'member', permissions: PermissionFlagsBits.SendMessages };

let data: ReturnType<typeof tempDir>;
let clock: FakeClock;
let discord: FakeDiscord;
let bot: BotProcess;
let command: Command;

beforeEach(() => {
  data = tempDir();
  clock = new FakeClock(new Date('2025-04-02T10:00:00Z')); // 06:00 in New York
  discord = new FakeDiscord(clock.now);
  bot = startProcess(data.dir, clock, discord);
  const index = buildIndex();
  command = createBriefingCommand({
    subscriptions: bot.subscriptions,
    runs: bot.runs,
    scheduler: bot.scheduler,
    index: () => index,
    canPost: async (channelId) => (channelId === VOICE ? 'it is not a text or announcement channel.' : true),
    defaultTimezone: 'UTC',
    now: clock.now,
  });
});

afterEach(async () => {
  await bot.scheduler.stop();
  bot.db.close();
  data.remove();
});

const text = (reply: Awaited<ReturnType<Command['run']>>) => [reply.content, ...(reply.cards ?? []).map((card) => card.description)].join('\n');

describe('/briefing definition', () => {
  it('is for server managers, in servers, and offers only text and announcement channels', () => {
    const { definition } = command;
    expect(definition.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    const subscribe = definition.options!.find((option) => option.name === 'subscribe') as { options: { name: string; channel_types?: number[]; autocomplete?: boolean }[] };
    expect(subscribe.options.find((option) => option.name === 'channel')?.channel_types).toEqual([ChannelType.GuildText, ChannelType.GuildAnnouncement]);
    expect(subscribe.options.find((option) => option.name === 'timezone')?.autocomplete).toBe(true);
  });
});

describe('/briefing subscribe', () => {
  it('subscribes a channel, schedules it and says when the first briefing comes', async () => {
    const reply = await runCommand(command, admin, { channel: CHANNEL_A, time: '7:00', timezone: 'America/New_York' }, 'subscribe');
    expect(reply.ephemeral).toBe(true);
    expect(text(reply)).toContain(`<#${CHANNEL_A}> gets the morning briefing every day at **07:00** (America/New_York).`);
    expect(text(reply)).toContain('Next: today at 07:00');
    expect(bot.subscriptions.get(CHANNEL_A)).toMatchObject({ guildId: GUILD, time: '07:00', timezone: 'America/New_York', createdBy: ADMIN, active: true });
    expect(bot.cron.size).toBe(1);
  });

  it('changes an existing schedule and says what it was', async () => {
    await runCommand(command, admin, { channel: CHANNEL_A, time: '07:00', timezone: 'America/New_York' }, 'subscribe');
    const reply = await runCommand(command, admin, { channel: CHANNEL_A, time: '09:15', timezone: 'Europe/Berlin' }, 'subscribe');
    expect(reply.cards![0]!.title).toBe('Briefing schedule changed');
    expect(text(reply)).toContain('It was 07:00 (America/New_York).');
    expect(bot.cron.size).toBe(1);
  });

  it.each([
    [{ channel: CHANNEL_A, time: '25:00', timezone: 'UTC' }, /`time` “25:00”: must be a 24-hour time/],
    // The value is quoted as typed, its Markdown escaped (Discord shows `Olympus_Mons`).
    [{ channel: CHANNEL_A, time: '07:00', timezone: 'Mars/Olympus_Mons' }, /`timezone` “Mars\/Olympus\\_Mons”: is not a time zone/],
    [{ channel: CHANNEL_A, time: '07:00', timezone: '+05:00' }, /must be an IANA time zone/],
    [{ channel: VOICE, time: '07:00', timezone: 'UTC' }, /can’t post the briefing in <#200000000000000009>: it is not a text or announcement channel/],
    [{ channel: 'general', time: '07:00', timezone: 'UTC' }, /`channel` “general”: Pick a channel/],
  ])('refuses bad input %j clearly and changes nothing', async (options, message) => {
    await expect(runCommand(command, admin, options, 'subscribe')).rejects.toThrow(message);
    await expect(runCommand(command, admin, options, 'subscribe')).rejects.toBeInstanceOf(UserError);
    expect(bot.subscriptions.active()).toEqual([]);
    expect(bot.cron.size).toBe(0);
  });

  it('is refused to members without Manage Server, even if the command was shown to them', async () => {
    await expect(runCommand(command, member, { channel: CHANNEL_A, time: '07:00', timezone: 'UTC' }, 'subscribe')).rejects.toThrow(/Manage Server/);
    await expect(runCommand(command, member, {}, 'status')).rejects.toThrow(/Manage Server/);
    expect(bot.subscriptions.active()).toEqual([]);
  });

  it('accepts administrators, who hold every permission', async () => {
    await runCommand(command, { ...admin, permissions: PermissionFlagsBits.Administrator }, { channel: CHANNEL_A, time: '07:00', timezone: 'UTC' }, 'subscribe');
    expect(bot.subscriptions.get(CHANNEL_A)?.active).toBe(true);
  });
});

describe('/briefing unsubscribe', () => {
  it('stops a channel’s briefing', async () => {
    await runCommand(command, admin, { channel: CHANNEL_A, time: '07:00', timezone: 'UTC' }, 'subscribe');
    const reply = await runCommand(command, admin, { channel: CHANNEL_A }, 'unsubscribe');
    expect(reply.content).toContain('will no longer get the morning briefing');
    expect(bot.subscriptions.active()).toEqual([]);
    expect(bot.cron.size).toBe(0);
  });

  it('says so when the channel had no subscription', async () => {
    await expect(runCommand(command, admin, { channel: CHANNEL_B }, 'unsubscribe')).rejects.toThrow(`<#${CHANNEL_B}> has no briefing subscription.`);
  });

  it('does not touch another server’s subscription', async () => {
    bot.subscriptions.subscribe({ channelId: CHANNEL_B, guildId: '100000000000000099', time: '07:00', timezone: 'UTC', createdBy: ADMIN });
    await expect(runCommand(command, admin, { channel: CHANNEL_B }, 'unsubscribe')).rejects.toThrow(/no briefing subscription/);
    expect(bot.subscriptions.get(CHANNEL_B)?.active).toBe(true);
  });
});

describe('/briefing status', () => {
  it('lists the server’s channels with next run, last post and last error', async () => {
    await runCommand(command, admin, { channel: CHANNEL_A, time: '07:00', timezone: 'America/New_York' }, 'subscribe');
    await runCommand(command, admin, { channel: CHANNEL_B, time: '07:00', timezone: 'America/New_York' }, 'subscribe');
    discord.broken.set(CHANNEL_B, new BriefingSendError('Missing Permissions', 403, 50013));
    clock.set('2025-04-02T11:00:00Z');
    await bot.scheduler.catchUp();
    const reply = await runCommand(command, admin, {}, 'status');
    const [a, b] = text(reply).split('\n\n').filter((block) => block.includes('daily at'));
    const messageId = discord.posts(CHANNEL_A)[0]!.id;
    expect(a).toContain(`**<#${CHANNEL_A}>** · daily at 07:00 (America/New_York)`);
    expect(a).toContain('Next: 2025-04-03 at 07:00');
    expect(a).toContain(`Last post: 2025-04-02 — https://discord.com/channels/${GUILD}/${CHANNEL_A}/${messageId}`);
    expect(a).not.toContain('Last error');
    expect(b).toContain('Last post: none yet');
    expect(b).toContain('Last error: the bot lacks permission to post here');
  });

  it('points to subscribe when the server has none', async () => {
    expect((await runCommand(command, admin, {}, 'status')).content).toMatch(/\/briefing subscribe/);
  });
});

describe('/briefing preview', () => {
  it('shows anyone today’s digest for the channel, privately, without posting or recording anything', async () => {
    await runCommand(command, admin, { channel: CHANNEL_A, time: '07:00', timezone: 'America/New_York' }, 'subscribe');
    const reply = await runCommand(command, member, {}, 'preview');
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toContain('Wednesday, April 2, 2025');
    expect(reply.cards!.some((card) => /^(Key figure|Spotlight)/.test(card.title ?? ''))).toBe(true);
    expect(discord.posts(CHANNEL_A)).toHaveLength(0);
    expect(bot.runs.get({ channelId: CHANNEL_A, localDate: '2025-04-02' })).toBeUndefined();
  });

  it('matches what the channel is posted that day', async () => {
    await runCommand(command, admin, { channel: CHANNEL_A, time: '07:00', timezone: 'America/New_York' }, 'subscribe');
    const preview = await runCommand(command, member, {}, 'preview');
    clock.set('2025-04-02T11:00:00Z');
    await bot.scheduler.catchUp();
    expect(discord.posts(CHANNEL_A)[0]!.reply.cards).toEqual(preview.cards);
  });
});

describe('time zone autocomplete', () => {
  it('ranks the typed name first and offers common zones on empty input, within Discord’s limits', () => {
    const at = new Date('2025-04-02T11:00:00Z');
    expect(suggestZones('new_y', at)[0]).toEqual({ name: 'America/New_York (now 07:00)', value: 'America/New_York' });
    expect(suggestZones('mexico city', at)[0]?.value).toBe('America/Mexico_City');
    expect(suggestZones('berlin', at)[0]?.value).toBe('Europe/Berlin');
    expect(suggestZones('utc', at)[0]?.value).toBe('UTC');
    expect(suggestZones('', at).map((choice) => choice.value)).toContain('America/Mexico_City');
    for (const query of ['', 'a', 'america']) {
      const choices = suggestZones(query, at);
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const choice of choices) expect(choice.name.length).toBeLessThanOrEqual(100);
    }
  });

  it('is wired to the timezone option', async () => {
    expect(await command.autocomplete!(admin, { name: 'timezone', value: 'phoenix' }, 'subscribe')).toEqual([{ name: expect.stringMatching(/^America\/Phoenix/), value: 'America/Phoenix' }]);
  });
});

describe('/briefing focus (issue 11)', () => {
  it('subscribes with topics of the knowledge base, shows them in status and preview, and refuses unknown ones', async () => {
    const reply = await runCommand(command, admin, { channel: CHANNEL_A, time: '07:00', timezone: 'UTC', topics: 'China,  Diplomacy' }, 'subscribe');
    expect(text(reply)).toContain('Focus: china, diplomacy');
    expect(bot.subscriptions.get(CHANNEL_A)!.topics).toEqual(['china', 'diplomacy']);
    expect(text(await runCommand(command, admin, {}, 'status'))).toContain('Focus: china, diplomacy');
    const preview = await runCommand(command, admin, {}, 'preview');
    expect(preview.content).toContain('Focus: china, diplomacy');
    // A spotlight from the topics, or a footer saying this tiny knowledge base had to top it up.
    const spotlight = preview.cards!.find((card) => card.title?.startsWith('Spotlight: '))?.title ?? '';
    expect(/^Spotlight: (china|diplomacy)$/.test(spotlight) || preview.cards!.at(-1)!.footer!.includes('topped up')).toBe(true);
    await expect(runCommand(command, admin, { channel: CHANNEL_B, time: '07:00', timezone: 'UTC', topics: 'china, cooking' }, 'subscribe')).rejects.toThrow(/“cooking” is not a topic/);
    expect(bot.subscriptions.get(CHANNEL_B)).toBeUndefined();
  });

  it('suggests topics for the part being typed after those already chosen', async () => {
    const choices = await command.autocomplete!(admin, { name: 'topics', value: 'china, dip' });
    expect(choices).toEqual([{ name: 'china, diplomacy', value: 'china, diplomacy' }]);
  });
});
