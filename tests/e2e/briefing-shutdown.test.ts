/**
 * SIGTERM while a briefing waits out a long rate limit (issue 9, item 11): discord.js used to
 * wait the 90 seconds inside `send()`, so the process lingered after "shutting down" and then
 * posted. Now it stops within seconds, posts nothing, leaves the run pending, and the next
 * start posts the briefing once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { localDateTime } from '../../src/shared/local-time.ts';
import { BriefingRunStore } from '../../src/store/briefing-runs.ts';
import { openDatabase } from '../../src/store/database.ts';
import { SubscriptionStore } from '../../src/store/subscriptions.ts';
import { startDiscordEmulator, type DiscordEmulator } from './emulator/index.ts';
import { botEnv, startBotProcess, tempDataDir, within, type ChildRun } from './bot-harness.ts';

const ZONE = 'UTC';
const CHANNEL = '200000000000000002';

let emu: DiscordEmulator;
let data: ReturnType<typeof tempDataDir>;
let bot: ChildRun | undefined;

beforeAll(async () => {
  emu = await startDiscordEmulator({ guilds: [{ channels: [{ id: CHANNEL, name: 'briefings' }] }] });
  data = tempDataDir('briefing-stop-');
  // Subscribed yesterday at 00:00: today's briefing is due as soon as the bot is up.
  const db = openDatabase(data.dir);
  new SubscriptionStore(db, () => new Date(Date.now() - 24 * 3600_000)).subscribe({ channelId: CHANNEL, guildId: emu.guildId, time: '00:00', timezone: ZONE, createdBy: emu.adminUser.id });
  db.close();
});

afterAll(async () => {
  await bot?.stop('SIGKILL');
  await emu?.stop();
  data?.cleanup();
});

const posts = (status?: number) =>
  emu.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${CHANNEL}/messages` && (status === undefined || request.status === status));

it('stops within seconds during a 90-second rate limit, posts nothing, and leaves the run for the next start', async () => {
  emu.failNext({ method: 'POST', path: `/channels/${CHANNEL}/messages`, status: 429, retryAfter: 90 });
  bot = await startBotProcess(botEnv(emu, data.dir));
  await emu.waitForRequest({ method: 'POST', path: `/channels/${CHANNEL}/messages`, status: 429 }, { timeoutMs: 20_000 });
  await new Promise((resolve) => setTimeout(resolve, 500)); // into the wait

  const started = Date.now();
  const { code } = await within(30_000, 'the bot to stop', bot.stop('SIGTERM', 30_000));
  expect(code).toBe(0);
  expect(Date.now() - started).toBeLessThan(15_000);
  const shuttingDown = bot.logs.lines.findIndex((line) => line.msg === 'shutting down');
  expect(shuttingDown).toBeGreaterThanOrEqual(0);
  expect(bot.logs.lines.filter((line) => line.msg === 'briefing: posted')).toEqual([]);
  expect(posts(200)).toEqual([]);
  expect(emu.channelMessages(CHANNEL)).toEqual([]);

  const db = openDatabase(data.dir);
  try {
    const run = new BriefingRunStore(db).get({ channelId: CHANNEL, localDate: localDateTime(new Date(), ZONE).date });
    expect(run?.status).toBe('pending');
    // Released on the way out: the next start need not wait for the lease to run out.
    expect(run!.leaseExpiresAt!.getTime()).toBeLessThanOrEqual(Date.now());
  } finally {
    db.close();
  }
}, 60_000);

it('posts the pending briefing once at the next start', async () => {
  bot = await startBotProcess(botEnv(emu, data.dir));
  await emu.waitForRequest({ method: 'POST', path: `/channels/${CHANNEL}/messages`, status: 200 }, { timeoutMs: 20_000 });
  await bot.logs.waitFor((line) => line.msg === 'briefing: posted', 'briefing: posted');
  expect(posts(200)).toHaveLength(1);
  expect(emu.channelMessages(CHANNEL)).toHaveLength(1);
}, 60_000);
