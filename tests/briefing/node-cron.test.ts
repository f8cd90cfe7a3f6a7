import pino from 'pino';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { BriefingScheduler } from '../../src/scheduler/briefing-scheduler.ts';
import { BriefingRunStore } from '../../src/store/briefing-runs.ts';
import { openDatabase, type Db } from '../../src/store/database.ts';
import { SubscriptionStore } from '../../src/store/subscriptions.ts';
import { buildIndex } from './fixtures.ts';
import { ADMIN, CHANNEL_A, FakeDiscord, GUILD, tempDir } from './harness.ts';

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

it('posts through real node-cron jobs at the subscription’s local time, once', async () => {
  const subscriptions = new SubscriptionStore(db);
  const discord = new FakeDiscord(() => new Date());
  const index = buildIndex();
  scheduler = new BriefingScheduler({ subscriptions, runs: new BriefingRunStore(db), transport: discord, index: () => index, logger: pino({ level: 'silent' }) });
  subscriptions.subscribe({ channelId: CHANNEL_A, guildId: GUILD, time: '07:00', timezone: 'America/New_York', createdBy: ADMIN });
  await scheduler.start();
  expect(discord.posts(CHANNEL_A)).toHaveLength(0);

  await vi.advanceTimersByTimeAsync(15 * 60_000); // past 07:00 in New York (11:00Z)
  expect(discord.posts(CHANNEL_A).map((post) => post.at.toISOString())).toEqual(['2025-04-02T11:00:00.000Z']);

  await vi.advanceTimersByTimeAsync(90 * 60_000); // past the 08:00 safety firing
  expect(discord.posts(CHANNEL_A)).toHaveLength(1);
});
