import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localDateTime } from '../../src/shared/local-time.ts';
import { briefingMarker } from '../../src/briefing/render.ts';
import { MINUTE_JOB } from '../../src/scheduler/briefing-scheduler.ts';
import { BriefingSendError } from '../../src/scheduler/transport.ts';
import {
  ADMIN,
  CHANNEL_A,
  CHANNEL_B,
  CHANNEL_C,
  FakeClock,
  FakeDiscord,
  GUILD,
  nonceOnly,
  runMinutes,
  startProcess,
  tempDir,
  type BotProcess,
} from '../briefing/harness.ts';

let data: ReturnType<typeof tempDir>;
let clock: FakeClock;
let discord: FakeDiscord;
let bot: BotProcess;

beforeEach(() => {
  data = tempDir();
  clock = new FakeClock(new Date('2025-03-01T12:00:00Z'));
  discord = new FakeDiscord(clock.now);
  bot = startProcess(data.dir, clock, discord);
});

afterEach(async () => {
  await bot.scheduler.stop();
  bot.db.close();
  data.remove();
});

function subscribe(channelId: string, time: string, timezone: string): void {
  bot.subscriptions.subscribe({ channelId, guildId: GUILD, time, timezone, createdBy: ADMIN });
  bot.scheduler.refresh();
}

/** Each post of a channel as the local date and time it appeared at in `zone`. */
function postedAt(channelId: string, zone: string): string[] {
  return discord.posts(channelId).map((post) => {
    const local = localDateTime(post.at, zone);
    return `${local.date} ${local.time}`;
  });
}

/** A new process over the same data folder, as after a crash or a deploy. */
function restart(transport = discord as Parameters<typeof startProcess>[2]): void {
  bot.db.close();
  bot = startProcess(data.dir, clock, transport);
}

describe('the daily schedule', () => {
  it('runs one minute job however many channels are subscribed, and none without any', () => {
    expect(bot.cron.size).toBe(0);
    subscribe(CHANNEL_A, '07:00', 'America/New_York');
    subscribe(CHANNEL_B, '07:00', 'America/New_York');
    subscribe(CHANNEL_C, '08:15', 'Europe/Berlin');
    expect(bot.cron.size).toBe(1);
    expect(bot.cron.expressions()).toEqual([MINUTE_JOB]);
  });

  it('posts once a day at local time in New York and Phoenix across spring-forward, 02:30 included', async () => {
    clock.set('2025-03-08T00:00:00Z');
    subscribe(CHANNEL_A, '02:30', 'America/New_York');
    subscribe(CHANNEL_B, '02:30', 'America/Phoenix');
    await runMinutes(bot, clock, '2025-03-08T00:00:00Z', '2025-03-11T12:00:00Z');
    // 02:30 does not exist in New York on 9 March (02:00 → 03:00): that day's briefing comes at 03:00, the first minute after it.
    expect(postedAt(CHANNEL_A, 'America/New_York')).toEqual(['2025-03-08 02:30', '2025-03-09 03:00', '2025-03-10 02:30', '2025-03-11 02:30']);
    // Phoenix keeps standard time all year.
    expect(postedAt(CHANNEL_B, 'America/Phoenix')).toEqual(['2025-03-08 02:30', '2025-03-09 02:30', '2025-03-10 02:30', '2025-03-11 02:30']);
  }, 60_000);

  it('posts once on fall-back day although 01:30 happens twice in New York', async () => {
    clock.set('2025-11-01T00:00:00Z');
    subscribe(CHANNEL_A, '01:30', 'America/New_York');
    subscribe(CHANNEL_B, '01:30', 'America/Phoenix');
    await runMinutes(bot, clock, '2025-11-01T00:00:00Z', '2025-11-03T12:00:00Z');
    expect(postedAt(CHANNEL_A, 'America/New_York')).toEqual(['2025-11-01 01:30', '2025-11-02 01:30', '2025-11-03 01:30']);
    expect(postedAt(CHANNEL_B, 'America/Phoenix')).toEqual(['2025-11-01 01:30', '2025-11-02 01:30', '2025-11-03 01:30']);
  }, 60_000);

  it('posts once a day in Berlin through both of its DST changes', async () => {
    subscribe(CHANNEL_C, '02:30', 'Europe/Berlin');
    await runMinutes(bot, clock, '2025-03-29T00:00:00Z', '2025-03-31T06:00:00Z');
    await runMinutes(bot, clock, '2025-10-25T00:00:00Z', '2025-10-27T06:00:00Z');
    expect(postedAt(CHANNEL_C, 'Europe/Berlin')).toEqual([
      '2025-03-29 02:30',
      '2025-03-30 03:00',
      '2025-03-31 02:30',
      '2025-10-25 02:30',
      '2025-10-26 02:30',
      '2025-10-27 02:30',
    ]);
  }, 60_000);

  it('shows the channel different passages on consecutive days', async () => {
    subscribe(CHANNEL_A, '07:00', 'America/Phoenix');
    await runMinutes(bot, clock, '2025-03-08T13:00:00Z', '2025-03-09T15:00:00Z');
    const [first, second] = ['2025-03-08', '2025-03-09'].map((localDate) => bot.runs.get({ channelId: CHANNEL_A, localDate })!);
    expect(first!.shownPassageIds.length).toBeGreaterThan(3);
    expect(second!.shownPassageIds.filter((id) => first!.shownPassageIds.includes(id))).toEqual([]);
  });

  it('does not post today for a schedule set after today’s time; it starts tomorrow', async () => {
    clock.set('2025-04-01T16:00:00Z'); // 09:00 in Phoenix
    subscribe(CHANNEL_A, '07:00', 'America/Phoenix');
    await bot.scheduler.catchUp();
    expect(discord.posts(CHANNEL_A)).toHaveLength(0);
    expect(bot.scheduler.nextRun(bot.subscriptions.get(CHANNEL_A)!)).toEqual({ date: '2025-04-02', time: '07:00', overdue: false });
    await runMinutes(bot, clock, '2025-04-01T16:01:00Z', '2025-04-02T15:00:00Z');
    expect(postedAt(CHANNEL_A, 'America/Phoenix')).toEqual(['2025-04-02 07:00']);
  });

  it('starts a channel seeded after today’s time tomorrow, and records its server once the transport knows it', async () => {
    clock.set('2025-04-01T16:00:00Z'); // 09:00 in Phoenix
    bot.subscriptions.seed({ channelIds: [CHANNEL_A, CHANNEL_B], time: '07:00', timezone: 'America/Phoenix' });
    await bot.scheduler.start(); // before the client is connected: no server known yet
    expect(bot.subscriptions.get(CHANNEL_A)?.guildId).toBeNull();
    discord.guilds.set(CHANNEL_A, GUILD); // connected: the cache has CHANNEL_A, not CHANNEL_B (another server)
    await bot.scheduler.catchUp();
    expect(bot.subscriptions.forGuild(GUILD).map((subscription) => subscription.channelId)).toEqual([CHANNEL_A]);
    expect(bot.subscriptions.get(CHANNEL_B)?.guildId).toBeNull();
    expect(discord.sendCalls.size).toBe(0);
    expect(bot.scheduler.nextRun(bot.subscriptions.get(CHANNEL_A)!)).toEqual({ date: '2025-04-02', time: '07:00', overdue: false });
    await runMinutes(bot, clock, '2025-04-01T16:01:00Z', '2025-04-02T15:00:00Z');
    expect(postedAt(CHANNEL_A, 'America/Phoenix')).toEqual(['2025-04-02 07:00']);
  });

  it('lists a seeded channel that never posted in its server, with the error', async () => {
    clock.set('2025-04-01T13:00:00Z'); // 06:00 in Phoenix: today's 07:00 is still ahead
    bot.subscriptions.seed({ channelIds: [CHANNEL_A], time: '07:00', timezone: 'America/Phoenix' });
    bot.scheduler.refresh();
    discord.guilds.set(CHANNEL_A, GUILD);
    discord.broken.set(CHANNEL_A, new BriefingSendError('Missing Access', 403, 50001));
    await runMinutes(bot, clock, '2025-04-01T13:01:00Z', '2025-04-01T14:30:00Z');
    expect(discord.posts(CHANNEL_A)).toHaveLength(0);
    expect(bot.subscriptions.forGuild(GUILD)).toMatchObject([{ channelId: CHANNEL_A, lastError: expect.stringMatching(/50001/) }]);
  });

  it('stops posting after unsubscribe', async () => {
    subscribe(CHANNEL_A, '07:00', 'America/Phoenix');
    bot.subscriptions.unsubscribe(CHANNEL_A);
    bot.scheduler.refresh();
    expect(bot.cron.size).toBe(0);
    await runMinutes(bot, clock, '2025-04-01T13:00:00Z', '2025-04-01T16:00:00Z');
    expect(discord.posts(CHANNEL_A)).toHaveLength(0);
  });
});

describe('catching up', () => {
  it('after downtime posts today’s missed briefing once at start-up, not the days it was down before', async () => {
    subscribe(CHANNEL_A, '07:00', 'America/New_York');
    await runMinutes(bot, clock, '2025-04-02T10:00:00Z', '2025-04-02T12:00:00Z');
    // Down from 08:00 on 2 April to 10:30 on 5 April, past both firings of that day.
    clock.set('2025-04-05T14:30:00Z');
    restart();
    await bot.scheduler.start();
    await bot.scheduler.catchUp(); // the client's ready event catches up again: still one post
    await runMinutes(bot, clock, '2025-04-05T14:31:00Z', '2025-04-06T12:30:00Z');
    expect(postedAt(CHANNEL_A, 'America/New_York')).toEqual(['2025-04-02 07:00', '2025-04-05 10:30', '2025-04-06 07:00']);
  });

  it('posts nothing (and records nothing) while Discord is not ready, then catches up once it is', async () => {
    subscribe(CHANNEL_A, '07:00', 'America/New_York');
    discord.ready = false;
    await runMinutes(bot, clock, '2025-04-02T10:50:00Z', '2025-04-02T11:20:00Z');
    expect(discord.posts(CHANNEL_A)).toHaveLength(0);
    expect(bot.runs.get({ channelId: CHANNEL_A, localDate: '2025-04-02' })).toBeUndefined();
    expect(bot.scheduler.nextRun(bot.subscriptions.get(CHANNEL_A)!).overdue).toBe(true);
    discord.ready = true;
    await bot.scheduler.catchUp();
    await runMinutes(bot, clock, '2025-04-02T11:21:00Z', '2025-04-02T13:00:00Z');
    expect(postedAt(CHANNEL_A, 'America/New_York')).toEqual(['2025-04-02 07:20']);
  });

  it('shares one delivery between a cron firing and a simultaneous catch-up', async () => {
    subscribe(CHANNEL_A, '07:00', 'America/New_York');
    clock.set('2025-04-02T11:00:00Z');
    await Promise.all([bot.scheduler.catchUp(), bot.cron.tick(clock.now()), bot.scheduler.runDue(CHANNEL_A)]);
    expect(discord.posts(CHANNEL_A)).toHaveLength(1);
  });
});

describe('a crash between recording a run and completing it', () => {
  async function crashMidSend(stall: 'before-storing' | 'after-storing'): Promise<void> {
    subscribe(CHANNEL_A, '07:00', 'America/New_York');
    clock.set('2025-04-02T11:00:00Z');
    discord.stall = stall;
    void bot.scheduler.runDue(CHANNEL_A); // never settles: the process dies here
    await new Promise((resolve) => setImmediate(resolve));
    expect(bot.runs.get({ channelId: CHANNEL_A, localDate: '2025-04-02' })?.status).toBe('pending');
    discord.stall = null;
  }

  it('posts once when the crash came before Discord got the message', async () => {
    await crashMidSend('before-storing');
    clock.set('2025-04-02T13:00:00Z'); // hours later: far outside the nonce window
    restart();
    await bot.scheduler.start();
    expect(discord.posts(CHANNEL_A)).toHaveLength(1);
    expect(bot.runs.get({ channelId: CHANNEL_A, localDate: '2025-04-02' })).toMatchObject({ status: 'sent', messageId: discord.posts(CHANNEL_A)[0]!.id });
  });

  it('posts once when Discord had stored the message: it is found by its marker, not sent again', async () => {
    await crashMidSend('after-storing');
    clock.set('2025-04-02T13:00:00Z');
    restart();
    await bot.scheduler.start();
    await runMinutes(bot, clock, '2025-04-02T13:01:00Z', '2025-04-02T14:00:00Z');
    expect(discord.posts(CHANNEL_A)).toHaveLength(1);
    expect(discord.sendCalls.get(CHANNEL_A)).toBe(1);
    expect(discord.posts(CHANNEL_A)[0]!.reply.cards!.at(-1)!.footer).toContain(briefingMarker('2025-04-02'));
    expect(bot.runs.get({ channelId: CHANNEL_A, localDate: '2025-04-02' })).toMatchObject({ status: 'sent', messageId: discord.posts(CHANNEL_A)[0]!.id });
  });

  it('posts once through a quick restart when only the nonce can tell (no message search)', async () => {
    await crashMidSend('after-storing');
    clock.advance(2 * 60_000);
    restart(nonceOnly(discord));
    await bot.scheduler.start();
    expect(discord.posts(CHANNEL_A)).toHaveLength(1);
    expect(discord.sendCalls.get(CHANNEL_A)).toBe(2);
    expect(bot.runs.get({ channelId: CHANNEL_A, localDate: '2025-04-02' })?.status).toBe('sent');
  });
});

describe('failures', () => {
  it('marks a channel the bot may not post in as failing, and still posts in the others', async () => {
    subscribe(CHANNEL_A, '07:00', 'America/New_York');
    subscribe(CHANNEL_B, '07:00', 'America/New_York');
    discord.broken.set(CHANNEL_A, new BriefingSendError('Missing Access', 403, 50001));
    await runMinutes(bot, clock, '2025-04-02T10:55:00Z', '2025-04-02T12:30:00Z');
    expect(discord.posts(CHANNEL_B)).toHaveLength(1);
    expect(discord.posts(CHANNEL_A)).toHaveLength(0);
    expect(bot.subscriptions.get(CHANNEL_A)?.lastError).toMatch(/cannot view this channel.*50001/);
    // Refused for a reason a retry cannot fix: the 08:00 firing does not try again.
    expect(discord.sendCalls.get(CHANNEL_A)).toBe(1);
    expect(bot.runs.get({ channelId: CHANNEL_A, localDate: '2025-04-02' })?.status).toBe('failed');

    discord.broken.delete(CHANNEL_A); // an admin fixed the permissions
    await runMinutes(bot, clock, '2025-04-03T10:55:00Z', '2025-04-03T11:05:00Z');
    expect(discord.posts(CHANNEL_A)).toHaveLength(1);
    expect(bot.subscriptions.get(CHANNEL_A)?.lastError).toBeNull();
  });

  it('names a deleted channel and missing permissions in the subscription’s error', async () => {
    subscribe(CHANNEL_A, '07:00', 'America/New_York');
    subscribe(CHANNEL_B, '07:00', 'America/New_York');
    discord.broken.set(CHANNEL_A, new BriefingSendError('Unknown Channel', 404, 10003));
    discord.broken.set(CHANNEL_B, new BriefingSendError('Missing Permissions', 403, 50013));
    await runMinutes(bot, clock, '2025-04-02T10:55:00Z', '2025-04-02T11:05:00Z');
    expect(bot.subscriptions.get(CHANNEL_A)?.lastError).toMatch(/no longer exists.*10003/);
    expect(bot.subscriptions.get(CHANNEL_B)?.lastError).toMatch(/Send Messages, Embed Links and Read Message History.*50013/);
  });

  it('retries 5xx with growing waits and 429 after Discord’s retry-after, posting once', async () => {
    subscribe(CHANNEL_A, '07:00', 'America/New_York');
    subscribe(CHANNEL_B, '07:00', 'America/New_York');
    discord.failNext.set(CHANNEL_A, [new BriefingSendError('Bad Gateway', 502), new BriefingSendError('Service Unavailable', 503)]);
    discord.failNext.set(CHANNEL_B, [new BriefingSendError('You are being rate limited', 429, null, 1_500)]);
    await runMinutes(bot, clock, '2025-04-02T10:55:00Z', '2025-04-02T12:30:00Z');
    expect(discord.posts(CHANNEL_A)).toHaveLength(1);
    expect(discord.posts(CHANNEL_B)).toHaveLength(1);
    expect(bot.sleeps).toEqual([2_000, 4_000, 1_500]);
  });

  it('leaves a run that kept failing with 5xx pending, then posts it once when its retry time comes', async () => {
    subscribe(CHANNEL_A, '07:00', 'America/New_York');
    discord.failNext.set(CHANNEL_A, Array.from({ length: 4 }, () => new BriefingSendError('Internal Server Error', 500)));
    await runMinutes(bot, clock, '2025-04-02T10:55:00Z', '2025-04-02T11:05:00Z');
    expect(discord.posts(CHANNEL_A)).toHaveLength(0);
    expect(bot.runs.get({ channelId: CHANNEL_A, localDate: '2025-04-02' })?.status).toBe('pending');
    expect(bot.subscriptions.get(CHANNEL_A)?.lastError).toMatch(/500.*will retry/);
    await runMinutes(bot, clock, '2025-04-02T11:06:00Z', '2025-04-02T12:30:00Z');
    expect(postedAt(CHANNEL_A, 'America/New_York')).toEqual(['2025-04-02 07:15']);
    expect(bot.subscriptions.get(CHANNEL_A)?.lastError).toBeNull();
  });
});

