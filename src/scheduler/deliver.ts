import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import { briefingMarker, renderBriefing } from '../briefing/render.ts';
import type { Briefing } from '../briefing/types.ts';
import type { ComposeRequest } from './compose-cache.ts';
import type { BriefingRun, BriefingRunStore, Claim, RunKey } from '../store/briefing-runs.ts';
import { isDatabaseBusy as isBusy } from '../store/database.ts';
import type { Subscription, SubscriptionStore } from '../store/subscriptions.ts';
import { classifyFailure, describeFailure, type BriefingTransport, type PostedMessage } from './transport.ts';

/** Sends of one attempt, for 429/5xx/no answer, before the run is left pending for a later trigger. */
const SEND_TRIES = 4;
const BACKOFF_BASE_MS = 2_000;
/** Attempts (triggers that tried to send) per run before the day is given up. */
const MAX_ATTEMPTS = 5;
/** A post cannot predate its run record, but clocks of two machines differ: look a little earlier. */
const LOOKBACK_MARGIN_MS = 60_000;
/**
 * How long a claim on a run holds without being renewed. It is renewed before every send and
 * wait, so it only runs out when its process died (or froze) mid-run; then another process may
 * resolve the run as a crash is resolved (look for the post, then send with the same nonce).
 */
export const CLAIM_LEASE_MS = 2 * 60_000;
/** Writes refused because another process holds the database's write lock: tries, and the wait between them. */
const BUSY_TRIES = 10;
const BUSY_WAIT_MS = 250;

export interface DeliveryDeps {
  subscriptions: SubscriptionStore;
  runs: BriefingRunStore;
  transport: BriefingTransport;
  /**
   * Reads what composing needs, in slices that let the event loop turn (a knowledge base's
   * first digest reads all of it). Awaited once the run is claimed, so a process that finds the
   * run claimed elsewhere does not do this work, nor leave the claim to be raced for meanwhile.
   */
  prepare?: () => Promise<void>;
  /** The day's digest for a channel with this history (the scheduler shares one per identical input). */
  compose: (request: ComposeRequest) => Briefing;
  /** This process, as recorded in the runs it claims. */
  owner: string;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Waits between sends; ends early (resolves or rejects) once `signal` aborts. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Aborted when the scheduler stops: no new send starts, a backoff wait ends, and the run is left for the next start. */
  signal: AbortSignal;
}

/**
 * - `sent`: posted now, or found already posted.
 * - `done`: the day's run had already ended (sent or failed).
 * - `not-ready`: the transport is down, or the scheduler is stopping; nothing was recorded.
 * - `taken`: another process has claimed the run and is sending it; this one did nothing.
 * - `uncertain`: the post may or may not exist; the run stays pending for the next trigger.
 * - `failed`: not posted today; the subscription shows why.
 */
export type DeliveryOutcome = 'sent' | 'done' | 'not-ready' | 'taken' | 'uncertain' | 'failed';

/** One run's nonce: the same for every attempt, at most 25 characters as Discord requires. */
function runNonce(key: RunKey): string {
  return `b${createHash('sha256').update(`${key.channelId}:${key.localDate}`).digest('hex').slice(0, 24)}`;
}

/**
 * Post a subscription's briefing for a local date, exactly once.
 *
 * 1. Claim the run in the store *before* anything is sent: one transaction records it as
 *    pending (with its nonce) and as this process's, with a lease. Another process holding a
 *    live claim means it is being sent elsewhere: do nothing.
 * 2. Send with that nonce and `enforce_nonce`: a repeat within Discord's few-minute
 *    window (a retry after a 5xx or timeout that did post) returns the first message.
 * 3. Mark the run sent with the message id.
 *
 * A run found pending means an earlier attempt's outcome is unknown (crash, timeout). The
 * nonce cannot be trusted for it (the restart may come hours later), so the channel is
 * searched for the bot's own post carrying the run's marker, from the run's creation on;
 * only when none is found is it sent again, with the same nonce.
 */
export async function deliverBriefing(deps: DeliveryDeps, subscription: Subscription, localDate: string): Promise<DeliveryOutcome> {
  const { runs, subscriptions, transport, logger } = deps;
  const key: RunKey = { channelId: subscription.channelId, localDate };
  const before = runs.get(key);
  if (before && before.status !== 'pending') return 'done';
  if (deps.signal.aborted || !transport.isReady()) return 'not-ready';
  const log = { channelId: key.channelId, localDate };
  let claim: Claim;
  try {
    claim = runs.claim(key, deps.owner, CLAIM_LEASE_MS, runNonce(key));
  } catch (error) {
    if (!isBusy(error)) throw error;
    logger.warn({ ...log, err: error }, 'briefing: the database is busy (another process is writing); will try again');
    return 'not-ready';
  }
  if (claim.kind === 'done') return 'done';
  if (claim.kind === 'taken') {
    logger.info({ ...log, claimedBy: claim.by, until: claim.until.toISOString() }, 'briefing: another process is sending this run; leaving it');
    return 'taken';
  }
  try {
    if (claim.kind === 'resume') {
      const existing = claim.run;
      const found = await findEarlierPost(transport, existing);
      if (found) {
        logger.info({ ...log, messageId: found }, 'briefing: an earlier attempt had posted; recorded it');
        return await succeed(deps, key, { messageId: found, guildId: null });
      }
      if (existing.attempts >= MAX_ATTEMPTS) {
        const reason = `gave up after ${existing.attempts} attempts: ${existing.error ?? 'unknown error'}`;
        runs.fail(key, reason);
        subscriptions.recordFailure(key.channelId, reason);
        logger.error(log, `briefing: ${reason}`);
        return 'failed';
      }
    }
    await deps.prepare?.();
    // Stopped while searching or reading: leave the run as it is (pending, or not begun) for the next start.
    if (deps.signal.aborted) return 'not-ready';
    const briefing = deps.compose({ date: localDate, history: runs.history(key.channelId, localDate), channel: key.channelId, focus: subscription.topics });
    const run = runs.begin(key, { nonce: runNonce(key), shownPassageIds: briefing.shownPassageIds, knownDocIds: briefing.knownDocIds });
    const posted = await sendWithBackoff(deps, key, () => transport.send(key.channelId, renderBriefing(briefing), { nonce: run.nonce, marker: briefingMarker(localDate) }));
    logger.info({ ...log, messageId: posted.messageId }, 'briefing: posted');
    return await succeed(deps, key, posted);
  } catch (error) {
    if (isBusy(error)) {
      // Another process holds the database's write lock: the run stays as it is, for the next minute.
      logger.warn({ ...log, err: error }, 'briefing: the database is busy (another process is writing); will try again');
      return 'uncertain';
    }
    const reason = describeFailure(error);
    if (classifyFailure(error) === 'retry') {
      // Possibly posted: leave pending, so the next trigger looks before sending again.
      await whenWritable(deps, () => runs.recordUncertain(key, reason));
      subscriptions.recordFailure(key.channelId, `${reason} (will retry)`);
      logger.warn({ ...log, err: error }, 'briefing: outcome unknown, will retry');
      return 'uncertain';
    }
    await whenWritable(deps, () => runs.fail(key, reason));
    subscriptions.recordFailure(key.channelId, reason);
    logger.error({ ...log, err: error }, `briefing: not posted: ${reason}`);
    return 'failed';
  }
}


/**
 * A write that must land (what was posted): retried after short asynchronous waits while the
 * database is busy, rather than blocking the event loop in SQLite's own busy wait.
 */
async function whenWritable(deps: DeliveryDeps, write: () => void): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      write();
      return;
    } catch (error) {
      if (!isBusy(error) || attempt >= BUSY_TRIES) throw error;
      await delay(BUSY_WAIT_MS);
    }
  }
}

async function succeed(deps: DeliveryDeps, key: RunKey, posted: PostedMessage): Promise<DeliveryOutcome> {
  await whenWritable(deps, () => deps.runs.complete(key, posted.messageId));
  await whenWritable(deps, () => deps.subscriptions.recordSuccess(key.channelId, posted.guildId));
  return 'sent';
}

async function findEarlierPost(transport: BriefingTransport, run: BriefingRun): Promise<string | null> {
  if (!transport.findPosted) return null;
  return transport.findPosted(run.channelId, briefingMarker(run.localDate), new Date(run.createdAt.getTime() - LOOKBACK_MARGIN_MS));
}

/**
 * Retry what may succeed later (429, 5xx, no answer) with exponential backoff, or Discord's
 * retry-after. When the scheduler stops, the wait ends and the last send's error is thrown,
 * so the run is left pending (uncertain) with the real reason, for the next start to resolve.
 */
async function sendWithBackoff(deps: DeliveryDeps, key: RunKey, send: () => Promise<PostedMessage>): Promise<PostedMessage> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      deps.runs.extendLease(key, deps.owner, CLAIM_LEASE_MS);
      return await send();
    } catch (error) {
      if (attempt >= SEND_TRIES || classifyFailure(error) !== 'retry' || deps.signal.aborted) throw error;
      const retryAfter = (error as { retryAfterMs?: number | null }).retryAfterMs;
      const wait = retryAfter ?? BACKOFF_BASE_MS * 2 ** (attempt - 1);
      deps.runs.extendLease(key, deps.owner, wait + CLAIM_LEASE_MS);
      try {
        await deps.sleep(wait, deps.signal);
      } catch (interrupted) {
        if (deps.signal.aborted) throw error;
        throw interrupted;
      }
      if (deps.signal.aborted) throw error;
    }
  }
}
