/**
 * Another process holds the database's write lock (issue 9, item 10). better-sqlite3's busy
 * wait is synchronous, so a 5-second busy timeout froze the whole bot for 5 seconds and then
 * answered with a generic error. Now an interaction answers "busy, try again" at once, and the
 * scheduler leaves the briefing for its next minute.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import pino from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createBriefingCommand } from '../../src/commands/briefing.ts';
import { CommandRegistry } from '../../src/commands/registry.ts';
import type { Invoker } from '../../src/commands/types.ts';
import { DATABASE_FILE } from '../../src/store/database.ts';
import { ADMIN, CHANNEL_A, FakeClock, FakeDiscord, GUILD, startProcess, tempDir, type BotProcess } from './harness.ts';
import { buildIndex } from './fixtures.ts';

const admin: Invoker = { userId: ADMIN, userName: 'admin', guildId: GUILD, channelId: CHANNEL_A, permissions: 1n << 5n, roleIds: [] };

let data: ReturnType<typeof tempDir>;
let clock: FakeClock;
let discord: FakeDiscord;
let bot: BotProcess;
/** The other process: a second connection to the same file, holding the write lock. */
let other: Database.Database;

beforeEach(() => {
  data = tempDir();
  clock = new FakeClock(new Date('2025-04-02T10:00:00Z')); // 06:00 in New York
  discord = new FakeDiscord(clock.now);
  bot = startProcess(data.dir, clock, discord);
  other = new Database(path.join(data.dir, DATABASE_FILE));
});

afterEach(async () => {
  if (other.inTransaction) other.exec('ROLLBACK');
  other.close();
  await bot.scheduler.stop();
  bot.db.close();
  data.remove();
});

it('answers an interaction that must write with "busy, try again" at once, and changes nothing', async () => {
  const index = buildIndex();
  const logs: string[] = [];
  const registry = new CommandRegistry(
    [
      createBriefingCommand({
        subscriptions: bot.subscriptions,
        runs: bot.runs,
        scheduler: bot.scheduler,
        index: () => index,
        canPost: async () => true,
        defaultTimezone: 'UTC',
        now: clock.now,
      }),
    ],
    pino({ level: 'info' }, { write: (line: string) => void logs.push(line) }),
  );
  other.exec('BEGIN IMMEDIATE');
  const started = performance.now();
  const reply = await registry.execute('briefing', admin, { channel: CHANNEL_A, time: '07:00', timezone: 'America/New_York' }, 'subscribe');
  const blockedMs = performance.now() - started;
  expect(reply).toMatchObject({ ephemeral: true, content: expect.stringMatching(/database is busy .* try again/) });
  expect(blockedMs).toBeLessThan(2_000); // SQLite's wait is synchronous: it was 5 s
  other.exec('ROLLBACK');
  expect(bot.subscriptions.get(CHANNEL_A)).toBeUndefined();

  const again = await registry.execute('briefing', admin, { channel: CHANNEL_A, time: '07:00', timezone: 'America/New_York' }, 'subscribe');
  expect(again.cards?.[0]?.title).toBe('Briefing subscribed');
});

it('leaves a due briefing for the next minute while the database is locked, then posts it once', async () => {
  bot.subscriptions.subscribe({ channelId: CHANNEL_A, guildId: GUILD, time: '07:00', timezone: 'America/New_York', createdBy: ADMIN });
  bot.scheduler.refresh();
  other.exec('BEGIN IMMEDIATE');
  clock.set('2025-04-02T11:00:00Z');
  const started = performance.now();
  await bot.cron.tick(clock.now());
  expect(performance.now() - started).toBeLessThan(2_000);
  expect(discord.sendCalls.size).toBe(0);
  expect(bot.logs.filter((line) => line.level === 40).map((line) => line.msg)).toContain('briefing: the database is busy (another process is writing); will try again');
  expect(bot.logs.filter((line) => line.level >= 50)).toEqual([]);

  other.exec('ROLLBACK');
  clock.set('2025-04-02T11:01:00Z');
  await bot.cron.tick(clock.now());
  clock.set('2025-04-02T11:02:00Z');
  await bot.cron.tick(clock.now());
  expect(discord.posts(CHANNEL_A)).toHaveLength(1);
});
