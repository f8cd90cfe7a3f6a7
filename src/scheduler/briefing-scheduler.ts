import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as delay } from 'node:timers/promises';
import cron from 'node-cron';
import type { Logger } from 'pino';
import { prepareBriefing, type BriefingSource } from '../briefing/compose.ts';
import { addDays, localDateTime } from '../shared/local-time.ts';
import type { BriefingRunStore } from '../store/briefing-runs.ts';
import type { Subscription, SubscriptionStore } from '../store/subscriptions.ts';
import { ComposeCache } from './compose-cache.ts';
import { isDatabaseBusy } from '../store/database.ts';
import { deliverBriefing, type DeliveryDeps, type DeliveryOutcome } from './deliver.ts';
import type { BriefingTransport } from './transport.ts';

/** The slice of node-cron the scheduler uses; tests pass a clock-driven fake. */
export interface CronScheduler {
  schedule(
    expression: string,
    task: () => Promise<void>,
    options: { timezone: string; name: string; onMissed?: (at: Date) => void },
  ): { destroy(): void | Promise<void> };
}

const nodeCron: CronScheduler = {
  schedule(expression, task, { onMissed, ...options }) {
    const job = cron.schedule(expression, task, options);
    // With a listener node-cron reports a firing it dropped (started over a second late) here, not on stdout.
    if (onMissed) job.on('execution:missed', (context) => onMissed(context.date));
    return job;
  },
};

/** The one job: every minute, find what is due. */
export const MINUTE_JOB = '* * * * *';
/** A timer may fire a hair before the minute it was set for; that still counts as the minute. */
const EARLY_FIRE_TOLERANCE_MS = 5_000;
/** A run left uncertain (5xx, timeout) is tried again this long after its last attempt (or at once on a reconnect). */
const RETRY_UNCERTAIN_AFTER_MS = 15 * 60_000;

export interface BriefingSchedulerOptions {
  subscriptions: SubscriptionStore;
  runs: BriefingRunStore;
  transport: BriefingTransport;
  /** The live knowledge base, read once per briefing (a reload may swap it at any time). */
  index: () => BriefingSource;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  now?: () => Date;
  /** The wait between retries of a send; it must end early (resolve or reject) once `signal` aborts, which `stop()` does. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  cron?: CronScheduler;
  /** Which subscriptions this process posts (see `setOwnership`); all by default. */
  owns?: (subscription: Subscription) => boolean;
  /** This process in the runs it claims; unique per scheduler by default. */
  owner?: string;
  /** Longest wait in `stop()` for a briefing being sent; past it the run is left pending for the next start. */
  stopTimeoutMs?: number;
}

export interface NextRun {
  /** Local date and time in the subscription's zone. */
  date: string;
  time: string;
  /** Its time has passed and it is not posted yet (the bot is offline, or retrying). */
  overdue: boolean;
}

/** What `stop()` waits for a briefing being sent before it gives up on it. */
const STOP_TIMEOUT_MS = 10_000;

/**
 * Turns subscriptions into posts. One node-cron job fires every minute and only queues the
 * channels whose briefing is due (local time reached in the channel's zone, the day's run not
 * done); a worker then composes and posts them one at a time, yielding to the event loop
 * between channels so interactions and the gateway keep flowing. The cron callback does no
 * work of its own, so however many channels share a minute and however long composing takes,
 * no firing is dropped for starting late; and if one is (a blocked event loop), it is logged
 * and the next minute finds the same channels still due. A time in a spring-forward gap is due
 * from the first minute after it; a fall-back repeat finds the run done.
 *
 * Start-up and `catchUp()` (the client ready again) queue every subscription the same way. A
 * run left uncertain is retried by the minute job some time after its last attempt, and at
 * once by a catch-up. Before sending, each run is claimed in the store (see `deliverBriefing`),
 * so several processes over one data folder post it once.
 *
 * `stop()` ends all of that for good: no trigger posts after it, the queue is dropped, a wait
 * between retries is cut short, and a briefing already being sent is given a bounded time to
 * finish and record its outcome before `stop()` resolves (so the database can be closed then);
 * past it, the run stays pending and the claim is released for the next start.
 */
export class BriefingScheduler {
  private job: { destroy: () => void | Promise<void> } | null = null;
  private readonly inFlight = new Map<string, Promise<DeliveryOutcome | 'not-due'>>();
  private readonly queue: { channelId: string; done: () => void }[] = [];
  private readonly queued = new Map<string, Promise<void>>();
  private working = false;
  private readonly now: () => Date;
  private readonly cron: CronScheduler;
  private readonly delivery: DeliveryDeps;
  private owns: (subscription: Subscription) => boolean;
  /** Set first thing in `stop()`: from then on nothing new is started. */
  private stopped = false;
  private readonly stopping = new AbortController();

  constructor(private readonly options: BriefingSchedulerOptions) {
    this.now = options.now ?? (() => new Date());
    this.cron = options.cron ?? nodeCron;
    this.owns = options.owns ?? (() => true);
    const composer = new ComposeCache(options.index);
    this.delivery = {
      subscriptions: options.subscriptions,
      runs: options.runs,
      transport: options.transport,
      // A knowledge base's first digest reads all of it: in slices, so the event loop keeps turning.
      prepare: () => prepareBriefing(options.index()),
      compose: (request) => composer.compose(request),
      owner: options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`,
      logger: options.logger,
      sleep: options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal })),
      signal: this.stopping.signal,
    };
  }

  /** Schedule the minute job and catch up on today's missed briefings. */
  async start(): Promise<void> {
    this.refresh();
    await this.catchUp();
  }

  /**
   * Tell the scheduler which subscriptions this process posts (e.g. those of the guilds its
   * shard holds); the others are left to the processes that own them. Takes effect at once.
   */
  setOwnership(owns: (subscription: Subscription) => boolean): void {
    this.owns = owns;
    this.refresh();
  }

  /**
   * Stop for good (before the database closes): no new delivery starts, the queue is dropped,
   * a backoff wait ends at once, and a delivery under way is given `stopTimeoutMs` to settle and
   * record its outcome before this resolves; past that its run stays pending, and the claims
   * this process holds are released so the next start resolves them at once. Safe to call twice.
   */
  async stop(): Promise<void> {
    const first = !this.stopped;
    this.stopped = true;
    this.stopping.abort();
    for (const entry of this.queue.splice(0)) entry.done();
    this.queued.clear();
    const job = this.job;
    this.job = null;
    if (job) await this.destroyJob(job);
    const settled = Promise.allSettled(this.inFlight.values()).then(() => true);
    const timeout = new Promise<false>((resolve) => setTimeout(resolve, this.options.stopTimeoutMs ?? STOP_TIMEOUT_MS, false).unref());
    const finished = await Promise.race([settled, timeout]);
    if (!first) return;
    if (!finished) this.options.logger.warn({ channels: [...this.inFlight.keys()] }, 'briefing: stopped while a briefing was still being sent; it stays pending for the next start');
    try {
      this.options.runs.releaseClaims(this.delivery.owner);
    } catch (error) {
      this.options.logger.warn({ err: error }, 'briefing: could not release this process\'s claims; they run out by themselves');
    }
  }

  /** Bring the minute job in line with the store: call after a subscription is added, changed or removed. */
  refresh(): void {
    if (this.stopped) return;
    const wanted = this.owned().length > 0;
    if (wanted && !this.job) {
      this.job = this.cron.schedule(MINUTE_JOB, () => this.onMinute(), {
        timezone: 'UTC',
        name: 'briefing:due',
        onMissed: (at) =>
          this.options.logger.warn({ minute: at.toISOString() }, 'briefing: the minute check fired late and was skipped (event loop busy); due briefings are picked up at the next minute'),
      });
    } else if (!wanted && this.job) {
      const job = this.job;
      this.job = null;
      void this.destroyJob(job);
    }
  }

  /**
   * Post every briefing whose time has passed today and that is not done: on start-up,
   * when the client becomes ready, and after a reconnect. One channel's failure does not
   * keep the others from posting. On the way, a seeded channel's server is recorded as soon
   * as the transport knows it, so `/briefing status` lists the channel even if it never posts.
   */
  async catchUp(): Promise<void> {
    if (this.stopped) return;
    const owned = this.owned();
    // How many channels this process looks after: with shards, how the subscriptions are split.
    this.options.logger.info({ channels: owned.length }, 'briefing: catching up');
    await this.enqueueAll(owned.map((subscription) => subscription.channelId));
  }

  /** Post a channel's briefing for its current local date, if its time has come and it is not done. */
  runDue(channelId: string): Promise<DeliveryOutcome | 'not-due'> {
    if (this.stopped) return Promise.resolve('not-due');
    // Concurrent triggers for one channel (the minute job during a catch-up) share one delivery.
    const running = this.inFlight.get(channelId);
    if (running) return running;
    const delivery = this.deliverIfDue(channelId).finally(() => this.inFlight.delete(channelId));
    this.inFlight.set(channelId, delivery);
    return delivery;
  }

  /** When the subscription's next briefing is due, in its own zone. */
  nextRun(subscription: Subscription): NextRun {
    const local = localDateTime(this.now(), subscription.timezone);
    const run = this.options.runs.get({ channelId: subscription.channelId, localDate: local.date });
    const doneToday = run !== undefined && run.status !== 'pending';
    if (doneToday || (local.time >= subscription.time && !isDue(subscription, local))) {
      return { date: addDays(local.date, 1), time: subscription.time, overdue: false };
    }
    return { date: local.date, time: subscription.time, overdue: local.time >= subscription.time };
  }

  /**
   * The minute job: queue what is due, and return at once to node-cron (the returned promise,
   * which settles once the queued channels are worked through, is for tests). The store being
   * busy only postpones the check to the next minute.
   */
  private onMinute(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    let due: string[];
    try {
      due = this.owned()
        .filter((subscription) => this.wantsAttempt(subscription))
        .map((subscription) => subscription.channelId);
    } catch (error) {
      this.options.logger.warn({ err: error }, 'briefing: could not read the schedule; trying again next minute');
      return Promise.resolve();
    }
    return this.enqueueAll(due);
  }

  /** Due and not done; a run left uncertain only once its retry time has come (a catch-up does not wait). */
  private wantsAttempt(subscription: Subscription): boolean {
    const now = this.now();
    const local = localDateTime(new Date(now.getTime() + EARLY_FIRE_TOLERANCE_MS), subscription.timezone);
    if (!isDue(subscription, local)) return false;
    const run = this.options.runs.get({ channelId: subscription.channelId, localDate: local.date });
    if (!run) return true;
    if (run.status !== 'pending') return false;
    return run.attempts === 0 || now.getTime() - run.updatedAt.getTime() >= RETRY_UNCERTAIN_AFTER_MS;
  }

  private owned(): Subscription[] {
    return this.options.subscriptions.active().filter((subscription) => this.owns(subscription));
  }

  private enqueueAll(channelIds: readonly string[]): Promise<void> {
    return Promise.all(channelIds.map((channelId) => this.enqueue(channelId))).then(() => undefined);
  }

  /** Queue a channel (once: a channel already waiting keeps its place); resolves after its turn. */
  private enqueue(channelId: string): Promise<void> {
    const waiting = this.queued.get(channelId);
    if (waiting) return waiting;
    const turn = new Promise<void>((done) => this.queue.push({ channelId, done }));
    this.queued.set(channelId, turn);
    void this.work();
    return turn;
  }

  /** One channel at a time, in queue order, with a turn of the event loop before each. */
  private async work(): Promise<void> {
    if (this.working) return;
    this.working = true;
    try {
      for (let entry = this.queue.shift(); entry; entry = this.queue.shift()) {
        this.queued.delete(entry.channelId);
        // Interactions and gateway traffic waiting since the last channel go first.
        await yieldToEventLoop();
        if (!this.stopped) await this.runGuarded(entry.channelId);
        entry.done();
      }
    } finally {
      this.working = false;
    }
  }

  private async deliverIfDue(channelId: string): Promise<DeliveryOutcome | 'not-due'> {
    if (this.stopped) return 'not-due';
    const subscription = this.options.subscriptions.get(channelId);
    if (!subscription?.active || !this.owns(subscription)) return 'not-due';
    this.learnGuild(subscription);
    const local = localDateTime(new Date(this.now().getTime() + EARLY_FIRE_TOLERANCE_MS), subscription.timezone);
    if (!isDue(subscription, local)) return 'not-due';
    return deliverBriefing(this.delivery, subscription, local.date);
  }

  /** A channel seeded by id alone: record its server once the transport can tell (whether or not it is due). */
  private learnGuild(subscription: Subscription): void {
    if (subscription.guildId !== null) return;
    const guildId = this.options.transport.guildOf?.(subscription.channelId) ?? null;
    if (guildId === null) return;
    this.options.subscriptions.recordGuild(subscription.channelId, guildId);
    this.options.logger.info({ channelId: subscription.channelId, guildId }, 'briefing: learned the server of a seeded channel');
  }

  /** Stop the cron job; a failure is logged, never thrown (nor left as an unhandled rejection). */
  private async destroyJob(job: { destroy: () => void | Promise<void> }): Promise<void> {
    try {
      await job.destroy();
    } catch (error) {
      this.options.logger.error({ err: error }, 'briefing: could not stop the schedule job');
    }
  }

  private async runGuarded(channelId: string): Promise<void> {
    try {
      await this.runDue(channelId);
    } catch (error) {
      if (isDatabaseBusy(error)) this.options.logger.warn({ channelId, err: error }, 'briefing: the database is busy (another process is writing); will try again');
      else this.options.logger.error({ channelId, err: error }, 'briefing: delivery crashed');
    }
  }
}

/** Whether the subscription's briefing for the day `local.date` is due when its clock shows `local.time`. */
/** One turn of the event loop (the global setImmediate, which fake timers in tests can drive). */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function isDue(subscription: Subscription, local: { date: string; time: string }): boolean {
  // Zero-padded HH:MM compares correctly as text. After a spring-forward gap the clock reads past the time, so it is due.
  if (local.time < subscription.time) return false;
  // A schedule set after today's time starts tomorrow, rather than posting the moment it is created.
  const set = localDateTime(subscription.scheduleSetAt, subscription.timezone);
  return !(set.date === local.date && set.time >= subscription.time);
}
