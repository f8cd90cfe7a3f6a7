/**
 * The morning digest end to end (issue 4): `src/main.ts` as a child process posts the day's
 * briefing to a subscribed channel on start-up (catch-up), with mentions disabled and an enforced
 * nonce; a channel that answers 50001 Missing Access does not stop another channel's briefing and
 * shows up in `/briefing status`; a restart does not post again; `/briefing subscribe` refuses a
 * voice channel and a member without Manage Server.
 *
 * The subscriptions are put in the store as they would be after yesterday's start-up: a schedule
 * set today after its time starts tomorrow (by design), so a subscription seeded this very start
 * would not be due yet.
 */
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateTime } from '../../src/shared/local-time.ts';
import { briefingMarker } from '../../src/briefing/render.ts';
import { openDatabase } from '../../src/store/database.ts';
import { SubscriptionStore } from '../../src/store/subscriptions.ts';
import { startDiscordEmulator, type DiscordEmulator, type RecordedCallback } from './emulator/index.ts';
import { LEVEL, botEnv, registerCommands, sleep, startBotProcess, tempDataDir, within, type ChildRun } from './bot-harness.ts';

const ZONE = 'America/Mexico_City';
/** Always earlier than now, in any zone: today's briefing is due as soon as the bot is up. */
const TIME = '00:00';
/** Sorted first (the scheduler goes by channel id), so its failure comes before the other channel's post. */
const LOCKED = '200000000000000001';
const GENERAL = '200000000000000002';
const BRIEFINGS = '200000000000000003';
const VOICE = '200000000000000004';
/** Seeded from BRIEFING_CHANNEL_IDS, and the bot may not view it: it never posts, so its server comes from the client's cache. */
const LOCKED_SEEDED = '200000000000000005';

const ephemeral = (callback: RecordedCallback) => (Number(callback.data?.['flags'] ?? 0) & 64) === 64;
const description = (callback: RecordedCallback) => ((callback.data?.['embeds'] as { description?: string }[] | undefined)?.[0]?.description ?? '');
const channelPosts = (emu: DiscordEmulator, since = 0) => emu.requests.slice(since).filter((request) => request.method === 'POST' && /^\/channels\/\d+\/messages$/.test(request.path));

describe('the morning digest, posted by the bot over the wire', () => {
  let emu: DiscordEmulator;
  let data: ReturnType<typeof tempDataDir>;
  let bot: ChildRun;
  let env: Record<string, string>;
  let today: string;

  const run = async (subcommand: string, options: { name: string; type: number; value: string }[] = [], user = emu.adminUser) => {
    const itx = emu.dispatchChatInput({ name: 'briefing', user, options: [{ name: subcommand, type: 1, options }] });
    return itx.callback();
  };
  const subscribeOptions = (channel: string, time = '07:30') => [
    { name: 'channel', type: 7, value: channel },
    { name: 'time', type: 3, value: time },
    { name: 'timezone', type: 3, value: ZONE },
  ];

  beforeAll(async () => {
    emu = await startDiscordEmulator({
      guilds: [
        {
          channels: [
            { id: GENERAL, name: 'general' },
            { id: BRIEFINGS, name: 'briefings' },
            { id: LOCKED, name: 'locked', botDeny: PermissionFlagsBits.ViewChannel },
            { id: VOICE, name: 'Lounge', type: 'voice' },
            { id: LOCKED_SEEDED, name: 'locked-too', botDeny: PermissionFlagsBits.ViewChannel },
          ],
        },
      ],
    });
    await registerCommands(emu, emu.guildId);
    data = tempDataDir('briefing-e2e-');
    today = localDateTime(new Date(), ZONE).date;
    // As yesterday: #general and #locked-too seeded from BRIEFING_CHANNEL_IDS (server unknown until
    // their first post), #locked subscribed by an admin (the bot lost access to both since).
    const yesterday = new Date(Date.now() - 24 * 3600_000);
    const db = openDatabase(data.dir);
    const store = new SubscriptionStore(db, () => yesterday);
    store.seed({ channelIds: [GENERAL, LOCKED_SEEDED], time: TIME, timezone: ZONE });
    store.subscribe({ channelId: LOCKED, guildId: emu.guildId, time: TIME, timezone: ZONE, createdBy: emu.adminUser.id });
    db.close();
    env = botEnv(emu, data.dir, { BRIEFING_CHANNEL_IDS: `${GENERAL},${LOCKED},${LOCKED_SEEDED}`, BRIEFING_TIME: TIME, BRIEFING_TIMEZONE: ZONE });
    bot = await startBotProcess(env);
  });

  afterAll(async () => {
    await bot?.stop('SIGKILL');
    await emu?.stop();
    data?.cleanup();
  });

  it('posts today\'s digest on start-up with mentions disabled and an enforced nonce', async () => {
    const post = await emu.waitForRequest({ method: 'POST', path: `/channels/${GENERAL}/messages`, status: 200 }, { timeoutMs: 15_000 });
    const body = post.body as Record<string, unknown>;
    expect(body['allowed_mentions']).toEqual({ parse: [] });
    expect(body['enforce_nonce']).toBe(true);
    expect(body['nonce']).toEqual(expect.any(String));
    expect(String(body['nonce']).length).toBeLessThanOrEqual(25);
    expect(body['flags'] ?? 0).toBe(0);

    const [message, ...others] = emu.channelMessages(GENERAL);
    expect(others).toHaveLength(0);
    expect(message?.author.id).toBe(emu.applicationId);
    expect(message?.emu_allowed_mentions).toEqual({ parse: [] });
    expect(message?.mentions).toEqual([]);
    expect(message?.mention_everyone).toBe(false);
    expect(message?.embeds.length).toBeGreaterThan(0);
    const embeds = message!.embeds;
    expect(embeds.at(-1)?.footer?.text).toContain(briefingMarker(today));
    const size = embeds.reduce((sum, embed) => sum + (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0), 0);
    expect(size).toBeLessThanOrEqual(6000);
    await bot.logs.waitFor((line) => line.msg === 'briefing: posted' && line['channelId'] === GENERAL, 'briefing: posted');
  });

  it('does not let a channel that answers 50001 stop the other channel, and records why', async () => {
    // The locked channel was tried first (it sorts first) and refused with Missing Access.
    const refused = emu.requests.findIndex((request) => request.path.startsWith(`/channels/${LOCKED}`) && request.status === 403);
    const posted = emu.requests.findIndex((request) => request.method === 'POST' && request.path === `/channels/${GENERAL}/messages`);
    expect(refused).toBeGreaterThanOrEqual(0);
    expect(emu.requests[refused]?.response).toMatchObject({ code: 50001 });
    expect(refused).toBeLessThan(posted);
    expect(emu.channelMessages(LOCKED)).toHaveLength(0);
    const error = await bot.logs.waitFor((line) => line['channelId'] === LOCKED && line.level === LEVEL.error, 'the failed briefing');
    expect(error.msg).toMatch(/50001 Missing Access/);
    const seeded = await bot.logs.waitFor((line) => line['channelId'] === LOCKED_SEEDED && line.level === LEVEL.error, 'the seeded channel\'s failure');
    expect(seeded.msg).toMatch(/50001 Missing Access/);

    const status = await run('status');
    expect(ephemeral(status)).toBe(true);
    const text = description(status);
    const [locked, general] = text.split('\n\n');
    expect(locked).toContain(`<#${LOCKED}>`);
    expect(locked).toMatch(/Last error: the bot cannot view this channel \(Discord 50001 Missing Access\)/);
    expect(general).toContain(`<#${GENERAL}>`);
    expect(general).toContain(`Last post: ${today} — https://discord.com/channels/${emu.guildId}/${GENERAL}/${emu.channelMessages(GENERAL)[0]?.id}`);
    expect(general).not.toMatch(/Last error/);
  });

  // A channel seeded from BRIEFING_CHANNEL_IDS is stored by id alone (no server); the bot records its
  // server from the client's channel cache once connected, so it is listed even though it never posted.
  it('shows a seeded channel that never posted, with its error, in /briefing status', async () => {
    const text = description(await run('status'));
    const seeded = text.split('\n\n').find((block) => block.includes(`<#${LOCKED_SEEDED}>`));
    expect(seeded).toBeDefined();
    expect(seeded).toContain('Last post: none yet');
    expect(seeded).toMatch(/Last error: the bot cannot view this channel \(Discord 50001 Missing Access\)/);
    const db = openDatabase(data.dir);
    try {
      expect(new SubscriptionStore(db).get(LOCKED_SEEDED)?.guildId).toBe(emu.guildId);
    } finally {
      db.close();
    }
  });

  it('refuses /briefing subscribe for a voice channel and for a member without Manage Server, changing nothing', async () => {
    const voice = await run('subscribe', subscribeOptions(VOICE));
    expect(voice.type).toBe(4);
    expect(ephemeral(voice)).toBe(true);
    expect(voice.data?.['content']).toMatch(/can’t post the briefing in <#\d+>: it is not a text or announcement channel/);

    const member = await run('subscribe', subscribeOptions(BRIEFINGS), emu.memberUser);
    expect(ephemeral(member)).toBe(true);
    expect(member.data?.['content']).toMatch(/needs the Manage Server permission/);

    const badTime = await run('subscribe', subscribeOptions(BRIEFINGS, '25:00'));
    expect(ephemeral(badTime)).toBe(true);
    expect(badTime.data?.['content']).toMatch(/`time` “25:00”/);

    const status = description(await run('status'));
    expect(status).not.toContain(`<#${VOICE}>`);
    expect(status).not.toContain(`<#${BRIEFINGS}>`);
    expect(channelPosts(emu).filter((request) => request.path !== `/channels/${GENERAL}/messages`).filter((request) => request.status === 200)).toEqual([]);
  });

  it('subscribes a text channel for tomorrow when today\'s time has passed, and previews to anyone', async () => {
    const before = channelPosts(emu).length;
    const subscribed = await run('subscribe', subscribeOptions(BRIEFINGS, TIME));
    expect(ephemeral(subscribed)).toBe(true);
    expect(description(subscribed)).toMatch(new RegExp(`<#${BRIEFINGS}> gets the morning briefing every day at \\*\\*${TIME}\\*\\* \\(${ZONE}\\)`));
    expect(description(subscribed)).not.toContain('Next: today');

    // The preview is acknowledged (privately) before it composes, then edited in.
    const itx = emu.dispatchChatInput({ name: 'briefing', user: emu.memberUser, options: [{ name: 'preview', type: 1, options: [] }] });
    const preview = await itx.callback();
    expect(preview.type).toBe(5);
    expect(ephemeral(preview)).toBe(true);
    const original = await itx.original({ where: (message) => message.embeds.length > 0, timeoutMs: 10_000 });
    expect(original.embeds.length).toBeGreaterThan(0);
    await sleep(300);
    expect(channelPosts(emu).length).toBe(before);
  });

  it('does not post again after a restart', async () => {
    const { code } = await within(15_000, 'the bot to stop', bot.stop('SIGTERM'));
    expect(code).toBe(0);
    const since = emu.requests.length;
    bot = await startBotProcess(env);
    // Once a command is answered, the ready handler's catch-up has long run.
    const status = await run('status');
    await sleep(500);
    expect(description(status)).toContain(`Last post: ${today}`);
    expect(channelPosts(emu, since)).toEqual([]);
    expect(emu.requests.slice(since).filter((request) => request.path.startsWith(`/channels/${LOCKED}`) || request.path.startsWith(`/channels/${LOCKED_SEEDED}`))).toEqual([]);
    expect(emu.channelMessages(GENERAL)).toHaveLength(1);
    expect(emu.channelMessages(BRIEFINGS)).toHaveLength(0);
    expect(bot.logs.lines.filter((line) => (line.level ?? 0) >= LEVEL.error)).toEqual([]);
  });
});
