import pino from 'pino';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { BriefingScheduler } from '../../src/scheduler/briefing-scheduler.ts';
import { BriefingRunStore } from '../../src/store/briefing-runs.ts';
import { openDatabase, type Db } from '../../src/store/database.ts';
import { SubscriptionStore } from '../../src/store/subscriptions.ts';
import { buildIndex } from '../briefing/fixtures.ts';
import { ADMIN, CHANNEL_A, FakeDiscord, GUILD, tempDir } from '../briefing/harness.ts';

let data: ReturnType<typeof tempDir>;
let db: Db;
let scheduler: BriefingScheduler | undefined;

beforeEach(() => {
  // node-cron's own timers, driven by vitest's fake clock.
  vi.useFakeTimers({ now: new Date('2025-04-02T10:50:00Z'), toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  data = tempDir();
  db = openDatabase(data.dir);
});

afterEach(async () => {
  await scheduler?.stop();
  db.close();
  data.remove();
  vi.useRealTimers();
});

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

it('posts through real node-cron jobs at the subscription’s local time, once', async () => {
  const subscriptions = new SubscriptionStore(db);
  const discord = new FakeDiscord(() => new Date());
  const index = buildIndex();
  scheduler = new BriefingScheduler({ subscriptions, runs: new BriefingRunStore(db), transport: discord, index: () => index, logger: pino({ level: 'silent' }) });
  subscriptions.subscribe({ channelId: CHANNEL_A, guildId: GUILD, time: '07:00', timezone: 'America/New_York', createdBy: ADMIN });
  await scheduler.start();
  expect(discord.posts(CHANNEL_A)).toHaveLength(0);

  await vi.advanceTimersByTimeAsync(10 * 60_000); // to 07:00 in New York (11:00Z)
  await settle(); // the queued briefing is composed and sent on the next turns of the (real) event loop
  expect(discord.posts(CHANNEL_A).map((post) => post.at.toISOString())).toEqual(['2025-04-02T11:00:00.000Z']);

  await vi.advanceTimersByTimeAsync(90 * 60_000); // past the 08:00 safety firing
  expect(discord.posts(CHANNEL_A)).toHaveLength(1);
});

it('logs a minute node-cron dropped for firing late, through our logger, and posts at the next minute', async () => {
  const subscriptions = new SubscriptionStore(db);
  const discord = new FakeDiscord(() => new Date());
  const index = buildIndex();
  const logs: { level: number; msg: string; minute?: string }[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as (typeof logs)[number]) });
  const warn = vi.spyOn(console, 'warn');
  scheduler = new BriefingScheduler({ subscriptions, runs: new BriefingRunStore(db), transport: discord, index: () => index, logger });
  subscriptions.subscribe({ channelId: CHANNEL_A, guildId: GUILD, time: '07:00', timezone: 'America/New_York', createdBy: ADMIN });
  await scheduler.start();

  await vi.advanceTimersByTimeAsync(9 * 60_000 + 59_000); // 10:59:59Z
  // The event loop was blocked: the 11:00 timer runs when the clock already reads 11:00:04.
  vi.setSystemTime(new Date('2025-04-02T11:00:04Z'));
  await vi.advanceTimersByTimeAsync(1_000);
  await settle();
  expect(discord.posts(CHANNEL_A)).toHaveLength(0);
  expect(logs.filter((line) => line.level === 40)).toMatchObject([{ msg: expect.stringMatching(/minute check fired late/), minute: '2025-04-02T11:00:00.000Z' }]);
  expect(warn).not.toHaveBeenCalled();

  await vi.advanceTimersByTimeAsync(60_000);
  await settle();
  expect(discord.posts(CHANNEL_A).map((post) => post.at.toISOString().slice(0, 16))).toEqual(['2025-04-02T11:01']);
  warn.mockRestore();
});
