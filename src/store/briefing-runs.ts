import { z } from 'zod';
import { jsonColumn } from './json-column.ts';
import type { BriefingHistory } from '../briefing/types.ts';
import type { Db } from './database.ts';

/**
 * - `pending`: recorded before sending; the post may or may not exist (a crash, a timeout,
 *   a 5xx after Discord stored it). Resolve it by looking before sending again.
 * - `sent`: posted, `message_id` known. Final.
 * - `failed`: known not posted (Discord refused it, or attempts ran out). Final for that day.
 */
const RunStatus = z.enum(['pending', 'sent', 'failed']);
export type RunStatus = z.infer<typeof RunStatus>;

const IdList = jsonColumn(z.array(z.string()));

const RunRow = z
  .object({
    channel_id: z.string(),
    local_date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    status: RunStatus,
    nonce: z.string().min(1).max(25),
    message_id: z.string().nullable(),
    attempts: z.number().int().nonnegative(),
    error: z.string().nullable(),
    shown_passage_ids: IdList,
    known_doc_ids: IdList,
    created_at: z.iso.datetime(),
    updated_at: z.iso.datetime(),
    claimed_by: z.string().nullable(),
    lease_expires_at: z.iso.datetime().nullable(),
  })
  .transform((row) => ({
    channelId: row.channel_id,
    localDate: row.local_date,
    status: row.status,
    nonce: row.nonce,
    messageId: row.message_id,
    attempts: row.attempts,
    error: row.error,
    shownPassageIds: row.shown_passage_ids,
    knownDocIds: row.known_doc_ids,
    /** When the run was first recorded: a post it made cannot be older than this. */
    createdAt: new Date(row.created_at),
    /** The last change (an attempt, its outcome): a run left uncertain is retried some time after it. */
    updatedAt: new Date(row.updated_at),
    /** The process that claimed the run to send it, and until when its claim holds. */
    claimedBy: row.claimed_by,
    leaseExpiresAt: row.lease_expires_at === null ? null : new Date(row.lease_expires_at),
  }));

export type BriefingRun = z.output<typeof RunRow>;

export interface RunKey {
  channelId: string;
  localDate: string;
}

/**
 * - `new`: the run did not exist; it is now recorded as pending and claimed by the caller.
 * - `resume`: the run was pending (an earlier attempt's outcome is unknown) and is now the caller's.
 * - `done`: the day's run has ended (sent or failed); nothing to do.
 * - `taken`: another process holds a live claim on it; the caller does nothing.
 */
export type Claim = { kind: 'new'; run: BriefingRun } | { kind: 'resume'; run: BriefingRun } | { kind: 'done' } | { kind: 'taken'; by: string; until: Date };

export class BriefingRunStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get({ channelId, localDate }: RunKey): BriefingRun | undefined {
    const row = this.db.prepare('SELECT * FROM briefing_runs WHERE channel_id = ? AND local_date = ?').get(channelId, localDate);
    return row === undefined ? undefined : RunRow.parse(row);
  }

  /**
   * Claim a run for `owner` until `leaseMs` from now, in one transaction that takes the write
   * lock first (so two processes cannot both read "unclaimed"). A missing run is created as
   * pending with its nonce; a pending run whose claim is the caller's or has run out changes hands.
   */
  claim(key: RunKey, owner: string, leaseMs: number, nonce: string): Claim {
    const now = this.now();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    return this.db
      .transaction((): Claim => {
        const run = this.get(key);
        if (!run) {
          this.db
            .prepare(
              `INSERT INTO briefing_runs (channel_id, local_date, status, nonce, attempts, created_at, updated_at, claimed_by, lease_expires_at)
               VALUES (@channelId, @localDate, 'pending', @nonce, 0, @at, @at, @owner, @until)`,
            )
            .run({ ...key, nonce, at: now.toISOString(), owner, until });
          return { kind: 'new', run: this.get(key)! };
        }
        if (run.status !== 'pending') return { kind: 'done' };
        if (run.claimedBy !== null && run.claimedBy !== owner && run.leaseExpiresAt !== null && run.leaseExpiresAt > now) {
          return { kind: 'taken', by: run.claimedBy, until: run.leaseExpiresAt };
        }
        this.db.prepare('UPDATE briefing_runs SET claimed_by = ?, lease_expires_at = ? WHERE channel_id = ? AND local_date = ?').run(owner, until, key.channelId, key.localDate);
        return { kind: 'resume', run };
      })
      .immediate();
  }

  /** Keep holding a claim (before a long wait or another send). */
  extendLease(key: RunKey, owner: string, leaseMs: number): void {
    this.db
      .prepare("UPDATE briefing_runs SET lease_expires_at = ? WHERE channel_id = ? AND local_date = ? AND claimed_by = ? AND status = 'pending'")
      .run(new Date(this.now().getTime() + leaseMs).toISOString(), key.channelId, key.localDate, owner);
  }

  /** Let go of every pending run `owner` holds (on shutdown), so the next start need not wait for the leases to run out. */
  releaseClaims(owner: string): void {
    this.db
      .prepare("UPDATE briefing_runs SET lease_expires_at = ? WHERE claimed_by = ? AND status = 'pending'")
      .run(this.now().toISOString(), owner);
  }

  /**
   * Record an attempt before it is made: creates the run as pending, or counts one more
   * attempt of a pending run. The (channel, local date) key is what makes a day's briefing
   * one row however often the scheduler fires.
   */
  begin(key: RunKey, attempt: { nonce: string; shownPassageIds: string[]; knownDocIds: string[] }): BriefingRun {
    const at = this.now().toISOString();
    this.db
      .prepare(
        `INSERT INTO briefing_runs (channel_id, local_date, status, nonce, attempts, shown_passage_ids, known_doc_ids, created_at, updated_at)
         VALUES (@channelId, @localDate, 'pending', @nonce, 1, @shown, @known, @at, @at)
         ON CONFLICT (channel_id, local_date) DO UPDATE SET
           attempts = attempts + 1, shown_passage_ids = excluded.shown_passage_ids,
           known_doc_ids = excluded.known_doc_ids, updated_at = excluded.updated_at
         WHERE status = 'pending'`,
      )
      .run({ ...key, nonce: attempt.nonce, shown: JSON.stringify(attempt.shownPassageIds), known: JSON.stringify(attempt.knownDocIds), at });
    return this.get(key)!;
  }

  complete(key: RunKey, messageId: string): void {
    this.update(key, "status = 'sent', message_id = @messageId, error = NULL", { messageId });
  }

  /** The attempt failed in a way that may still have posted (5xx, timeout): stays pending, to be resolved later. */
  recordUncertain(key: RunKey, error: string): void {
    this.update(key, 'error = @error', { error });
  }

  fail(key: RunKey, error: string): void {
    this.update(key, "status = 'failed', error = @error", { error });
  }

  /** What the channel's sent briefings before `beforeDate` showed, for rotation. */
  history(channelId: string, beforeDate: string): BriefingHistory {
    const runs = this.db
      .prepare("SELECT * FROM briefing_runs WHERE channel_id = ? AND status = 'sent' AND local_date < ? ORDER BY local_date")
      .all(channelId, beforeDate)
      .map((row) => RunRow.parse(row));
    return {
      shownPassageIds: runs.flatMap((run) => run.shownPassageIds),
      knownDocIds: [...new Set(runs.flatMap((run) => run.knownDocIds))],
      lastBriefingDate: runs.at(-1)?.localDate ?? null,
    };
  }

  /** The channel's most recent sent briefing. */
  lastSent(channelId: string): BriefingRun | undefined {
    const row = this.db.prepare("SELECT * FROM briefing_runs WHERE channel_id = ? AND status = 'sent' ORDER BY local_date DESC LIMIT 1").get(channelId);
    return row === undefined ? undefined : RunRow.parse(row);
  }

  private update(key: RunKey, assignments: string, values: Record<string, string>): void {
    this.db
      .prepare(`UPDATE briefing_runs SET ${assignments}, updated_at = @at WHERE channel_id = @channelId AND local_date = @localDate`)
      .run({ ...values, ...key, at: this.now().toISOString() });
  }
}
