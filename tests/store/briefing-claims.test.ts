/**
 * Runs are claimed in the store before anything is sent (issue 14, item 2): a second process
 * over the same data folder that finds a live claim does nothing; a claim whose process died is
 * taken over once its lease runs out and resolved as a crash is (look, then send with the same
 * nonce); and a process is told which subscriptions it owns.
 */
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CLAIM_LEASE_MS } from '../../src/scheduler/deliver.ts';
import { BriefingSendError } from '../../src/scheduler/transport.ts';
import { ADMIN, CHANNEL_A, CHANNEL_B, FakeClock, FakeDiscord, GUILD, startProcess, tempDir, type BotProcess } from '../briefing/harness.ts';

const TODAY = { channelId: CHANNEL_A, localDate: '2025-04-02' };
let data: ReturnType<typeof tempDir>;
let clock: FakeClock;
let discord: FakeDiscord;
let first: BotProcess;
let second: BotProcess;

beforeEach(() => {
  data = tempDir();
  clock = new FakeClock(new Date('2025-04-01T12:00:00Z'));
  discord = new FakeDiscord(clock.now);
  first = startProcess(data.dir, clock, discord, { owner: 'first', stopTimeoutMs: 200 });
  second = startProcess(data.dir, clock, discord, { owner: 'second', stopTimeoutMs: 200 });
  for (const channelId of [CHANNEL_A, CHANNEL_B]) first.subscriptions.subscribe({ channelId, guildId: GUILD, time: '07:00', timezone: 'America/New_York', createdBy: ADMIN });
  clock.set('2025-04-02T11:00:00Z');
});

afterEach(async () => {
  for (const bot of [first, second]) {
    await bot.scheduler.stop();
    bot.db.close();
  }
  data.remove();
});

it('leaves a run another process has claimed and is sending', async () => {
  let release!: () => void;
  discord.holds.set(CHANNEL_A, new Promise<void>((resolve) => (release = resolve)));
  const sending = first.scheduler.runDue(CHANNEL_A);
  await new Promise((resolve) => setImmediate(resolve));
  expect(await second.scheduler.runDue(CHANNEL_A)).toBe('taken');
  release();
  expect(await sending).toBe('sent');
  expect(discord.sendCalls.get(CHANNEL_A)).toBe(1);
  expect(first.runs.get(TODAY)).toMatchObject({ status: 'sent', claimedBy: 'first' });
});

it('takes over a claim whose process died once its lease has run out, and posts once', async () => {
  discord.stall = 'before-storing'; // the first process dies mid-send, holding the claim
  void first.scheduler.runDue(CHANNEL_A);
  await new Promise((resolve) => setImmediate(resolve));
  discord.stall = null;
  expect(await second.scheduler.runDue(CHANNEL_A)).toBe('taken');

  clock.advance(CLAIM_LEASE_MS + 1_000);
  expect(await second.scheduler.runDue(CHANNEL_A)).toBe('sent');
  expect(discord.posts(CHANNEL_A)).toHaveLength(1);
  expect(second.runs.get(TODAY)).toMatchObject({ status: 'sent', claimedBy: 'second' });
});

it('releases its claims when it stops, so the next process resolves the run at once', async () => {
  discord.failNext.set(CHANNEL_A, Array.from({ length: 4 }, () => new BriefingSendError('no answer', null)));
  expect(await first.scheduler.runDue(CHANNEL_A)).toBe('uncertain');
  expect(first.runs.get(TODAY)?.status).toBe('pending');
  expect(await second.scheduler.runDue(CHANNEL_A)).toBe('taken');
  await first.scheduler.stop();
  expect(await second.scheduler.runDue(CHANNEL_A)).toBe('sent');
  expect(discord.posts(CHANNEL_A)).toHaveLength(1);
});

it('posts only the subscriptions the process is told it owns', async () => {
  first.scheduler.setOwnership((subscription) => subscription.channelId === CHANNEL_A);
  second.scheduler.setOwnership((subscription) => subscription.channelId === CHANNEL_B);
  await first.scheduler.catchUp();
  expect(discord.sendCalls.get(CHANNEL_A)).toBe(1);
  expect(discord.sendCalls.has(CHANNEL_B)).toBe(false);
  expect(await first.scheduler.runDue(CHANNEL_B)).toBe('not-due');
  await second.cron.tick(clock.now());
  expect(discord.sendCalls.get(CHANNEL_B)).toBe(1);
  expect(discord.posts(CHANNEL_A)).toHaveLength(1);
});
