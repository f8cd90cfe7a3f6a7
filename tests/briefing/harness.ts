import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import cron, { type ScheduledTask } from 'node-cron';
import pino from 'pino';
import type { Reply } from '../../src/shared/reply.ts';
import { BriefingScheduler, type BriefingSchedulerOptions, type CronScheduler } from '../../src/scheduler/briefing-scheduler.ts';
import type { BriefingSendError, BriefingTransport, PostedMessage } from '../../src/scheduler/transport.ts';
import { BriefingRunStore } from '../../src/store/briefing-runs.ts';
import { openDatabase, type Db } from '../../src/store/database.ts';
import { SubscriptionStore } from '../../src/store/subscriptions.ts';
import { buildIndex } from './fixtures.ts';

export const GUILD = '100000000000000001';
export const CHANNEL_A = '200000000000000001';
export const CHANNEL_B = '200000000000000002';
export const CHANNEL_C = '200000000000000003';
export const ADMIN = '300000000000000001';

/** Discord keeps a nonce for "a few minutes"; the fake keeps it for five. */
const NONCE_WINDOW_MS = 5 * 60_000;

export class FakeClock {
  constructor(private current: Date) {}
  now = (): Date => new Date(this.current);
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

interface StoredMessage {
  id: string;
  nonce: string;
  reply: Reply;
  at: Date;
}

/** A Discord stand-in for briefings: stores posts per channel, honours nonces for five minutes, fails on request. */
export class FakeDiscord implements BriefingTransport {
  ready = true;
  /** Channels that answer every call with this error (a deleted channel, a missing permission). */
  readonly broken = new Map<string, BriefingSendError>();
  /** Errors the next sends to a channel throw, one per send. */
  readonly failNext = new Map<string, BriefingSendError[]>();
  /** The process "crashes" mid-send: the call never returns, before or after Discord stored the post. */
  stall: 'before-storing' | 'after-storing' | null = null;
  /** What the client's channel cache knows: channel → server. Empty until a test "connects". */
  readonly guilds = new Map<string, string>();
  /** A send to one of these channels waits for its promise before going on (a slow Discord). */
  readonly holds = new Map<string, Promise<void>>();
  /** Every send call per channel, including refused and repeated ones. */
  readonly sendCalls = new Map<string, number>();
  private readonly posted = new Map<string, StoredMessage[]>();
  private nextId = 900_000_000_000_000_000n;

  constructor(private readonly now: () => Date) {}

  isReady(): boolean {
    return this.ready;
  }

  async send(channelId: string, reply: Reply, { nonce }: { nonce: string; marker: string }): Promise<PostedMessage> {
    this.sendCalls.set(channelId, (this.sendCalls.get(channelId) ?? 0) + 1);
    await this.holds.get(channelId);
    if (this.stall === 'before-storing') return new Promise<never>(() => {});
    const broken = this.broken.get(channelId);
    if (broken) throw broken;
    const failure = this.failNext.get(channelId)?.shift();
    if (failure) throw failure;
    const messages = this.posted.get(channelId) ?? [];
    this.posted.set(channelId, messages);
    const repeat = messages.find((message) => message.nonce === nonce && this.now().getTime() - message.at.getTime() < NONCE_WINDOW_MS);
    if (repeat) return { messageId: repeat.id, guildId: GUILD };
    const message = { id: String((this.nextId += 1n)), nonce, reply, at: this.now() };
    messages.push(message);
    if (this.stall === 'after-storing') return new Promise<never>(() => {});
    return { messageId: message.id, guildId: GUILD };
  }

  async findPosted(channelId: string, marker: string, since: Date): Promise<string | null> {
    const broken = this.broken.get(channelId);
    if (broken) throw broken;
    const found = (this.posted.get(channelId) ?? []).find(
      (message) => message.at >= since && (message.reply.cards ?? []).some((card) => card.footer?.includes(marker)),
    );
    return found?.id ?? null;
  }

  guildOf(channelId: string): string | null {
    return this.guilds.get(channelId) ?? null;
  }

  posts(channelId: string): StoredMessage[] {
    return this.posted.get(channelId) ?? [];
  }
}

/** The same fake without `findPosted`: only the nonce protects against a repeat. */
export function nonceOnly(discord: FakeDiscord): BriefingTransport {
  return { isReady: () => discord.isReady(), send: (channelId, reply, run) => discord.send(channelId, reply, run) };
}

/**
 * node-cron's own matcher, driven by the test's clock instead of timers: `tick(at)` runs
 * the jobs whose expression matches that instant in their zone, as node-cron would.
 */
export class FakeCron implements CronScheduler {
  private readonly jobs = new Set<{ expression: string; matcher: ScheduledTask; task: () => Promise<void> }>();
  /** When set, stopping a job rejects with it (after removing the job). */
  destroyError: Error | null = null;

  schedule(expression: string, task: () => Promise<void>, options: { timezone: string; name: string }) {
    const matcher = cron.createTask(expression, () => {}, options);
    const job = { expression, matcher, task };
    this.jobs.add(job);
    return {
      destroy: async () => {
        this.jobs.delete(job);
        await matcher.destroy();
        if (this.destroyError) throw this.destroyError;
      },
    };
  }

  async tick(at: Date): Promise<void> {
    for (const job of [...this.jobs]) if (job.matcher.match(at)) await job.task();
  }

  expressions(): string[] {
    return [...this.jobs].map((job) => job.expression);
  }

  get size(): number {
    return this.jobs.size;
  }
}

/** A bot process: its own database connection, stores and scheduler over a shared data folder. */
export interface BotProcess {
  db: Db;
  subscriptions: SubscriptionStore;
  runs: BriefingRunStore;
  scheduler: BriefingScheduler;
  cron: FakeCron;
  sleeps: number[];
  /** What the scheduler logged (info and up), as pino's JSON lines. */
  logs: LogLine[];
}

export interface LogLine {
  level: number;
  msg: string;
  err?: { message: string };
  [field: string]: unknown;
}

/** `overrides` replace the scheduler's options (e.g. a `sleep` that really waits). */
export function startProcess(
  dataDir: string,
  clock: FakeClock,
  transport: BriefingTransport,
  overrides: Partial<BriefingSchedulerOptions> = {},
): BotProcess {
  const db = openDatabase(dataDir);
  const subscriptions = new SubscriptionStore(db, clock.now);
  const runs = new BriefingRunStore(db, clock.now);
  const fakeCron = new FakeCron();
  const sleeps: number[] = [];
  const logs: LogLine[] = [];
  const index = buildIndex();
  const scheduler = new BriefingScheduler({
    subscriptions,
    runs,
    transport,
    index: () => index,
    logger: pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) }),
    now: clock.now,
    sleep: async (ms) => void sleeps.push(ms),
    cron: fakeCron,
    ...overrides,
  });
  return { db, subscriptions, runs, scheduler, cron: fakeCron, sleeps, logs };
}

export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'briefing-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Step the clock a minute at a time from `from` to `to` (UTC instants), firing cron jobs as node-cron would. */
export async function runMinutes(bot: BotProcess, clock: FakeClock, from: string, to: string): Promise<void> {
  for (let at = Date.parse(from); at <= Date.parse(to); at += 60_000) {
    clock.set(new Date(at));
    await bot.cron.tick(new Date(at));
  }
}
