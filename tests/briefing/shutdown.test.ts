/**
 * Shutdown: `app.close()` stops the scheduler, then closes the database. Nothing may touch the
 * store (or post) after `stop()` resolves, and `stop()` must not wait out a retry's backoff.
 */
import { performance } from 'node:perf_hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BriefingSendError } from '../../src/scheduler/transport.ts';
import { ADMIN, CHANNEL_A, CHANNEL_B, CHANNEL_C, FakeClock, FakeDiscord, GUILD, startProcess, tempDir, type BotProcess } from './harness.ts';

const TODAY = '2025-04-02';
/** 07:30 in New York: the 07:00 briefings are due. */
const DUE = '2025-04-02T11:30:00Z';
const ERROR = 50;

let data: ReturnType<typeof tempDir>;
let clock: FakeClock;
let discord: FakeDiscord;
let bot: BotProcess;

beforeEach(() => {
  data = tempDir();
  clock = new FakeClock(new Date('2025-04-01T12:00:00Z'));
  discord = new FakeDiscord(clock.now);
  bot = startProcess(data.dir, clock, discord);
});

afterEach(async () => {
  await bot.scheduler.stop();
  bot.db.close();
  data.remove();
});

function subscribe(...channelIds: string[]): void {
  for (const channelId of channelIds) bot.subscriptions.subscribe({ channelId, guildId: GUILD, time: '07:00', timezone: 'America/New_York', createdBy: ADMIN });
  bot.scheduler.refresh();
}

/** Let every pending callback and timer of this turn run (a delivery that kept going would show up). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1_000; i += 1) {
    if (condition()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const totalSends = () => [...discord.sendCalls.values()].reduce((sum, calls) => sum + calls, 0);
const errors = () => bot.logs.filter((line) => line.level >= ERROR);

/**
 * Three channels due, a catch-up under way, and stop() called while Discord is still answering
 * the first channel's send (which it then answers). Resolves once stop() has, with the catch-up
 * still to be awaited (wrapped, or awaiting the helper would await it too).
 */
async function stopDuringFirstSend(): Promise<{ catchingUp: Promise<void> }> {
  subscribe(CHANNEL_A, CHANNEL_B, CHANNEL_C);
  clock.set(DUE);
  let release = () => {};
  discord.holds.set(CHANNEL_A, new Promise<void>((resolve) => (release = resolve)));
  const catchingUp = bot.scheduler.catchUp();
  await until(() => discord.sendCalls.get(CHANNEL_A) === 1, 'the first channel’s send');
  const stopping = bot.scheduler.stop();
  release(); // Discord answers the send already under way
  await stopping;
  return { catchingUp };
}

describe('stopping the scheduler', () => {
  it('stops a catch-up between channels: the briefing being sent is recorded, no other is sent, and closing the database breaks nothing', async () => {
    const { catchingUp } = await stopDuringFirstSend();
    // The send in progress finished and was recorded before stop() resolved.
    expect(bot.runs.get({ channelId: CHANNEL_A, localDate: TODAY })?.status).toBe('sent');
    expect(discord.posts(CHANNEL_A)).toHaveLength(1);
    const sendsAtStop = totalSends();
    bot.db.close(); // what app.close() does next

    await catchingUp;
    // A gateway resume or a server joined while the client is being destroyed.
    await bot.scheduler.catchUp();
    await expect(bot.scheduler.runDue(CHANNEL_B)).resolves.toBe('not-due');
    await bot.cron.tick(clock.now());
    await settle();

    expect(totalSends()).toBe(sendsAtStop);
    expect(discord.sendCalls.has(CHANNEL_B)).toBe(false);
    expect(discord.sendCalls.has(CHANNEL_C)).toBe(false);
    expect(errors()).toEqual([]);
  });

  it('leaves the channels it did not reach for the next start, which posts them once', async () => {
    const { catchingUp } = await stopDuringFirstSend();
    await catchingUp;
    expect(bot.runs.get({ channelId: CHANNEL_B, localDate: TODAY })).toBeUndefined();
    expect(bot.runs.get({ channelId: CHANNEL_C, localDate: TODAY })).toBeUndefined();

    bot.db.close();
    bot = startProcess(data.dir, clock, discord);
    await bot.scheduler.start();
    for (const channelId of [CHANNEL_A, CHANNEL_B, CHANNEL_C]) {
      expect(discord.posts(channelId)).toHaveLength(1);
      expect(bot.runs.get({ channelId, localDate: TODAY })?.status).toBe('sent');
    }
    expect(errors()).toEqual([]);
  });

  it('returns promptly from a retry’s backoff, leaving the run pending with the real reason for the next start', async () => {
    bot.db.close();
    bot = startProcess(data.dir, clock, discord, { sleep: undefined }); // the real, timer-based backoff: 2 s, 4 s, 8 s
    subscribe(CHANNEL_A);
    clock.set(DUE);
    discord.failNext.set(CHANNEL_A, [new BriefingSendError('Service Unavailable', 503)]);
    const delivery = bot.scheduler.runDue(CHANNEL_A);
    await until(() => discord.sendCalls.get(CHANNEL_A) === 1, 'the first send');
    await settle(); // now waiting out the backoff

    const started = performance.now();
    await bot.scheduler.stop();
    expect(performance.now() - started).toBeLessThan(500);
    await expect(delivery).resolves.toBe('uncertain');
    expect(discord.sendCalls.get(CHANNEL_A)).toBe(1);
    expect(discord.posts(CHANNEL_A)).toHaveLength(0);
    const run = bot.runs.get({ channelId: CHANNEL_A, localDate: TODAY });
    expect(run).toMatchObject({ status: 'pending', error: expect.stringMatching(/503/) });
    expect(bot.subscriptions.get(CHANNEL_A)?.lastError).toMatch(/503.*will retry/);
    expect(errors()).toEqual([]);

    bot.db.close();
    bot = startProcess(data.dir, clock, discord);
    await bot.scheduler.start();
    expect(discord.posts(CHANNEL_A)).toHaveLength(1);
    expect(bot.runs.get({ channelId: CHANNEL_A, localDate: TODAY })?.status).toBe('sent');
  });

  it('logs a cron job that fails to stop, on refresh and on stop, and still stops', async () => {
    subscribe(CHANNEL_A, CHANNEL_B);
    bot.cron.destroyError = new Error('timer already gone');
    // The last subscription gone: the minute job goes too.
    bot.subscriptions.unsubscribe(CHANNEL_A);
    bot.subscriptions.unsubscribe(CHANNEL_B);
    bot.scheduler.refresh();
    await settle();
    expect(errors()).toMatchObject([{ msg: 'briefing: could not stop the schedule job', err: { message: 'timer already gone' } }]);
    expect(bot.cron.size).toBe(0);

    subscribe(CHANNEL_A);
    await expect(bot.scheduler.stop()).resolves.toBeUndefined();
    expect(errors()).toMatchObject([{ msg: 'briefing: could not stop the schedule job' }, { msg: 'briefing: could not stop the schedule job' }]);
    expect(bot.cron.size).toBe(0);
  });
});
