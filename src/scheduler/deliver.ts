import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { composeBriefing, type BriefingSource } from '../briefing/compose.ts';
import { briefingMarker, renderBriefing } from '../briefing/render.ts';
import type { BriefingRun, BriefingRunStore, RunKey } from '../store/briefing-runs.ts';
import type { Subscription, SubscriptionStore } from '../store/subscriptions.ts';
import { classifyFailure, describeFailure, type BriefingTransport, type PostedMessage } from './transport.ts';

/** Sends of one attempt, for 429/5xx/no answer, before the run is left pending for a later trigger. */
export const SEND_TRIES = 4;
const BACKOFF_BASE_MS = 2_000;
/** Attempts (triggers that tried to send) per run before the day is given up. */
export const MAX_ATTEMPTS = 5;
/** A post cannot predate its run record, but clocks of two machines differ: look a little earlier. */
const LOOKBACK_MARGIN_MS = 60_000;

export interface DeliveryDeps {
  subscriptions: SubscriptionStore;
  runs: BriefingRunStore;
  transport: BriefingTransport;
  index: () => BriefingSource;
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
 * - `uncertain`: the post may or may not exist; the run stays pending for the next trigger.
 * - `failed`: not posted today; the subscription shows why.
 */
export type DeliveryOutcome = 'sent' | 'done' | 'not-ready' | 'uncertain' | 'failed';

/** One run's nonce: the same for every attempt, at most 25 characters as Discord requires. */
export function runNonce(key: RunKey): string {
  return `b${createHash('sha256').update(`${key.channelId}:${key.localDate}`).digest('hex').slice(0, 24)}`;
}

/**
 * Post a subscription's briefing for a local date, exactly once.
 *
 * 1. Record the run as pending *before* sending (with its nonce and what it shows).
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
  const existing = runs.get(key);
  if (existing && existing.status !== 'pending') return 'done';
  if (deps.signal.aborted || !transport.isReady()) return 'not-ready';
  const log = { channelId: key.channelId, localDate };
  try {
    if (existing) {
      const found = await findEarlierPost(transport, existing);
      if (found) {
        logger.info({ ...log, messageId: found }, 'briefing: an earlier attempt had posted; recorded it');
        return succeed(deps, key, { messageId: found, guildId: null });
      }
      if (existing.attempts >= MAX_ATTEMPTS) {
        const reason = `gave up after ${existing.attempts} attempts: ${existing.error ?? 'unknown error'}`;
        runs.fail(key, reason);
        subscriptions.recordFailure(key.channelId, reason);
        logger.error(log, `briefing: ${reason}`);
        return 'failed';
      }
    }
    // Stopped while searching: leave the run as it is (pending, or not begun) for the next start.
    if (deps.signal.aborted) return 'not-ready';
    const briefing = composeBriefing({ index: deps.index(), date: localDate, history: runs.history(key.channelId, localDate), channel: key.channelId, focus: subscription.topics });
    const run = runs.begin(key, { nonce: runNonce(key), shownPassageIds: briefing.shownPassageIds, knownDocIds: briefing.knownDocIds });
    const posted = await sendWithBackoff(deps, () => transport.send(key.channelId, renderBriefing(briefing), run.nonce));
    logger.info({ ...log, messageId: posted.messageId }, 'briefing: posted');
    return succeed(deps, key, posted);
  } catch (error) {
    const reason = describeFailure(error);
    if (classifyFailure(error) === 'retry') {
      // Possibly posted: leave pending, so the next trigger looks before sending again.
      if (runs.get(key)) runs.recordUncertain(key, reason);
      subscriptions.recordFailure(key.channelId, `${reason} (will retry)`);
      logger.warn({ ...log, err: error }, 'briefing: outcome unknown, will retry');
      return 'uncertain';
    }
    if (runs.get(key)) runs.fail(key, reason);
    subscriptions.recordFailure(key.channelId, reason);
    logger.error({ ...log, err: error }, `briefing: not posted: ${reason}`);
    return 'failed';
  }
}

function succeed(deps: DeliveryDeps, key: RunKey, posted: PostedMessage): DeliveryOutcome {
  deps.runs.complete(key, posted.messageId);
  deps.subscriptions.recordSuccess(key.channelId, posted.guildId);
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
async function sendWithBackoff(deps: DeliveryDeps, send: () => Promise<PostedMessage>): Promise<PostedMessage> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await send();
    } catch (error) {
      if (attempt >= SEND_TRIES || classifyFailure(error) !== 'retry' || deps.signal.aborted) throw error;
      const retryAfter = (error as { retryAfterMs?: number | null }).retryAfterMs;
      try {
        await deps.sleep(retryAfter ?? BACKOFF_BASE_MS * 2 ** (attempt - 1), deps.signal);
      } catch (interrupted) {
        if (deps.signal.aborted) throw error;
        throw interrupted;
      }
      if (deps.signal.aborted) throw error;
    }
  }
}
