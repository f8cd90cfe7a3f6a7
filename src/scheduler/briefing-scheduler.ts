import { setTimeout as delay } from 'node:timers/promises';
import cron from 'node-cron';
import type { Logger } from 'pino';
import type { BriefingSource } from '../briefing/compose.ts';
import { addDays, localDateTime } from '../briefing/local-time.ts';
import type { BriefingRunStore } from '../store/briefing-runs.ts';
import type { Subscription, SubscriptionStore } from '../store/subscriptions.ts';
import { deliverBriefing, type DeliveryDeps, type DeliveryOutcome } from './deliver.ts';
import type { BriefingTransport } from './transport.ts';

/** The slice of node-cron the scheduler uses; tests pass a clock-driven fake. */
export interface CronScheduler {
  schedule(expression: string, task: () => Promise<void>, options: { timezone: string; name: string }): { destroy(): void | Promise<void> };
}

export const nodeCron: CronScheduler = { schedule: (expression, task, options) => cron.schedule(expression, task, options) };

/** A timer may fire a hair before the minute it was set for; that still counts as the minute. */
const EARLY_FIRE_TOLERANCE_MS = 5_000;

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
}

export interface NextRun {
  /** Local date and time in the subscription's zone. */
  date: string;
  time: string;
  /** Its time has passed and it is not posted yet (the bot is offline, or retrying). */
  overdue: boolean;
}

/**
 * Turns subscriptions into posts. One cron job per subscription, in its own zone, fires
 * at HH:MM and again at HH+1:MM: node-cron skips a local time that does not exist, so on
 * spring-forward day a 02:30 briefing is posted by the 03:30 firing; on other days the
 * second firing finds the run done and does nothing (and gives a run left uncertain a
 * retry). Either firing, start-up and `catchUp()` all post the same way: only if the
 * day's time has passed and the (channel, local date) run is not done, which also keeps
 * a fall-back repeat of 01:30 from posting twice.
 *
 * `stop()` ends all of that for good: no trigger posts after it, a catch-up stops between
 * channels, a wait between retries is cut short, and a briefing already being sent finishes
 * and records its outcome before `stop()` resolves (so the database can be closed then).
 */
export class BriefingScheduler {
  private readonly jobs = new Map<string, { signature: string; destroy: () => void | Promise<void> }>();
  private readonly inFlight = new Map<string, Promise<DeliveryOutcome | 'not-due'>>();
  private readonly now: () => Date;
  private readonly cron: CronScheduler;
  private readonly delivery: DeliveryDeps;
  /** Set first thing in `stop()`: from then on nothing new is started. */
  private stopped = false;
  private readonly stopping = new AbortController();

  constructor(private readonly options: BriefingSchedulerOptions) {
    this.now = options.now ?? (() => new Date());
    this.cron = options.cron ?? nodeCron;
    this.delivery = {
      subscriptions: options.subscriptions,
      runs: options.runs,
      transport: options.transport,
      index: options.index,
      logger: options.logger,
      sleep: options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal })),
      signal: this.stopping.signal,
    };
  }

  /** Schedule every active subscription and catch up on today's missed briefings. */
  async start(): Promise<void> {
    this.refresh();
    await this.catchUp();
  }

  /**
   * Stop for good (before the database closes): no new delivery starts, a catch-up stops
   * between channels, a backoff wait ends at once, and a delivery under way settles and
   * records its outcome before this resolves. Safe to call twice.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    const jobs = [...this.jobs];
    this.jobs.clear();
    await Promise.all(jobs.map(([channelId, job]) => this.destroyJob(channelId, job)));
    await Promise.allSettled(this.inFlight.values());
  }

  /** Bring the jobs in line with the store: call after a subscription is added, changed or removed. */
  refresh(): void {
    if (this.stopped) return;
    const active = new Map(this.options.subscriptions.active().map((subscription) => [subscription.channelId, subscription]));
    for (const [channelId, job] of this.jobs) {
      const subscription = active.get(channelId);
      if (!subscription || signature(subscription) !== job.signature) {
        void this.destroyJob(channelId, job);
        this.jobs.delete(channelId);
      }
    }
    for (const subscription of active.values()) {
      if (this.jobs.has(subscription.channelId)) continue;
      const task = this.cron.schedule(cronExpression(subscription.time), () => this.runGuarded(subscription.channelId), {
        timezone: subscription.timezone,
        name: `briefing:${subscription.channelId}`,
      });
      this.jobs.set(subscription.channelId, { signature: signature(subscription), destroy: () => task.destroy() });
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
    for (const subscription of this.options.subscriptions.active()) {
      if (this.stopped) break;
      await this.runGuarded(subscription.channelId);
    }
  }

  /** Post a channel's briefing for its current local date, if its time has come and it is not done. */
  runDue(channelId: string): Promise<DeliveryOutcome | 'not-due'> {
    if (this.stopped) return Promise.resolve('not-due');
    // Concurrent triggers for one channel (cron firing during a catch-up) share one delivery.
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

  private async deliverIfDue(channelId: string): Promise<DeliveryOutcome | 'not-due'> {
    if (this.stopped) return 'not-due';
    const subscription = this.options.subscriptions.get(channelId);
    if (!subscription?.active) return 'not-due';
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

  /** Stop a cron job; a failure is logged, never thrown (nor left as an unhandled rejection). */
  private async destroyJob(channelId: string, job: { destroy: () => void | Promise<void> }): Promise<void> {
    try {
      await job.destroy();
    } catch (error) {
      this.options.logger.error({ channelId, err: error }, 'briefing: could not stop a schedule job');
    }
  }

  private async runGuarded(channelId: string): Promise<void> {
    try {
      await this.runDue(channelId);
    } catch (error) {
      this.options.logger.error({ channelId, err: error }, 'briefing: delivery crashed');
    }
  }
}

/** Whether the subscription's briefing for the day `local.date` is due when its clock shows `local.time`. */
function isDue(subscription: Subscription, local: { date: string; time: string }): boolean {
  // Zero-padded HH:MM compares correctly as text. After a spring-forward gap the clock reads past the time, so it is due.
  if (local.time < subscription.time) return false;
  // A schedule set after today's time starts tomorrow, rather than posting the moment it is created.
  const set = localDateTime(subscription.scheduleSetAt, subscription.timezone);
  return !(set.date === local.date && set.time >= subscription.time);
}

/** Minute HH:MM and HH+1:MM every day (see the class comment for the second firing). */
export function cronExpression(time: string): string {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return `${minute} ${hour},${(hour + 1) % 24} * * *`;
}

function signature(subscription: Subscription): string {
  return `${subscription.time} ${subscription.timezone}`;
}
