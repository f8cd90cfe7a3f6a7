import { z } from 'zod';
import type { Db } from './database.ts';

const CandidateStatus = z.enum(['pending', 'off-topic', 'approved', 'rejected']);
export type CandidateStatus = z.infer<typeof CandidateStatus>;

const FeedRow = z
  .object({
    url: z.string(),
    added_by_id: z.string().nullable(),
    added_by_name: z.string(),
    added_at: z.string(),
    etag: z.string().nullable(),
    last_modified: z.string().nullable(),
    last_polled_at: z.string().nullable(),
    last_error: z.string().nullable(),
  })
  .transform((row) => ({
    url: row.url,
    addedBy: { id: row.added_by_id, name: row.added_by_name },
    addedAt: new Date(row.added_at),
    etag: row.etag,
    lastModified: row.last_modified,
    lastPolledAt: row.last_polled_at ? new Date(row.last_polled_at) : null,
    lastError: row.last_error,
  }));
export type Feed = z.output<typeof FeedRow>;

const CandidateRow = z
  .object({
    id: z.number().int(),
    url: z.string(),
    feed_url: z.string(),
    doc_id: z.string(),
    title: z.string(),
    publisher: z.string().nullable(),
    published: z.string().nullable(),
    relevance: z.number(),
    status: CandidateStatus,
    source: z.string(),
    body_hash: z.string(),
    removed_lines: z.number().int(),
    created_at: z.string(),
    decided_at: z.string().nullable(),
    decided_by_id: z.string().nullable(),
    decided_by_name: z.string().nullable(),
  })
  .transform((row) => ({
    id: row.id,
    url: row.url,
    feedUrl: row.feed_url,
    docId: row.doc_id,
    title: row.title,
    publisher: row.publisher,
    published: row.published,
    relevance: row.relevance,
    status: row.status,
    source: row.source,
    bodyHash: row.body_hash,
    removedLines: row.removed_lines,
    createdAt: new Date(row.created_at),
    decidedAt: row.decided_at ? new Date(row.decided_at) : null,
    decidedBy: row.decided_by_name === null ? null : { id: row.decided_by_id, name: row.decided_by_name },
  }));
export type Candidate = z.output<typeof CandidateRow>;

export interface CandidateInput {
  url: string;
  feedUrl: string;
  docId: string;
  title: string;
  publisher: string | null;
  published: string | null;
  relevance: number;
  status: 'pending' | 'off-topic';
  source: string;
  bodyHash: string;
  removedLines: number;
}

export interface ReviewEvent {
  id: number;
  at: Date;
  candidateId: number;
  action: 'approve' | 'reject';
  by: { id: string | null; name: string };
  outcome: 'ok' | 'refused';
  message: string | null;
}

interface Actor {
  id: string | null;
  name: string;
}

/** Feeds to poll, the candidates they brought, and who approved or rejected what, when. */
export class FeedStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** False when the feed was already there. */
  addFeed(url: string, by: Actor): boolean {
    const { changes } = this.db
      .prepare('INSERT OR IGNORE INTO feeds (url, added_by_id, added_by_name, added_at) VALUES (?, ?, ?, ?)')
      .run(url, by.id, by.name, this.now().toISOString());
    return changes > 0;
  }

  /** False when there was no such feed. Its candidates stay (and keep their decisions). */
  removeFeed(url: string): boolean {
    return this.db.prepare('DELETE FROM feeds WHERE url = ?').run(url).changes > 0;
  }

  feeds(): Feed[] {
    return this.db
      .prepare('SELECT * FROM feeds ORDER BY added_at, url')
      .all()
      .map((row) => FeedRow.parse(row));
  }

  /** After a poll: the validators to send next time (kept when the answer was 304), and the error if any. */
  recordPoll(url: string, result: { etag?: string | null; lastModified?: string | null; error?: string | null }): void {
    this.db
      .prepare(
        `UPDATE feeds SET last_polled_at = @at, last_error = @error,
           etag = CASE WHEN @keep THEN etag ELSE @etag END,
           last_modified = CASE WHEN @keep THEN last_modified ELSE @lastModified END
         WHERE url = @url`,
      )
      .run({ url, at: this.now().toISOString(), error: result.error ?? null, keep: result.etag === undefined ? 1 : 0, etag: result.etag ?? null, lastModified: result.lastModified ?? null });
  }

  /** A candidate with this address or this text, whatever its status (a rejected one included: rejected is for good). */
  known(url: string, bodyHash?: string): Candidate | undefined {
    const row = bodyHash
      ? this.db.prepare('SELECT * FROM feed_candidates WHERE url = ? OR body_hash = ? LIMIT 1').get(url, bodyHash)
      : this.db.prepare('SELECT * FROM feed_candidates WHERE url = ? LIMIT 1').get(url);
    return row === undefined ? undefined : CandidateRow.parse(row);
  }

  addCandidate(input: CandidateInput): Candidate {
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO feed_candidates (url, feed_url, doc_id, title, publisher, published, relevance, status, source, body_hash, removed_lines, created_at)
         VALUES (@url, @feedUrl, @docId, @title, @publisher, @published, @relevance, @status, @source, @bodyHash, @removedLines, @at)`,
      )
      .run({ ...input, at: this.now().toISOString() });
    return this.candidate(Number(lastInsertRowid))!;
  }

  candidate(id: number): Candidate | undefined {
    const row = this.db.prepare('SELECT * FROM feed_candidates WHERE id = ?').get(id);
    return row === undefined ? undefined : CandidateRow.parse(row);
  }

  /** Waiting candidates, most relevant first; off-topic ones after every on-topic one, and only when asked for. */
  queue(options: { includeOffTopic?: boolean } = {}): Candidate[] {
    const statuses = options.includeOffTopic ? ['pending', 'off-topic'] : ['pending'];
    return this.db
      .prepare(
        `SELECT * FROM feed_candidates WHERE status IN (${statuses.map(() => '?').join(', ')})
         ORDER BY CASE status WHEN 'pending' THEN 0 ELSE 1 END, relevance DESC, id`,
      )
      .all(...statuses)
      .map((row) => CandidateRow.parse(row));
  }

  /** Record a decision and its audit event together; false when the candidate was no longer waiting. */
  decide(id: number, decision: 'approved' | 'rejected', by: Actor, docId?: string): boolean {
    return this.db.transaction(() => {
      const at = this.now().toISOString();
      const { changes } = this.db
        .prepare(
          `UPDATE feed_candidates SET status = ?, decided_at = ?, decided_by_id = ?, decided_by_name = ?, doc_id = COALESCE(?, doc_id)
           WHERE id = ? AND status IN ('pending', 'off-topic')`,
        )
        .run(decision, at, by.id, by.name, docId ?? null, id);
      if (changes > 0) this.logReview(id, decision === 'approved' ? 'approve' : 'reject', by, 'ok', null);
      return changes > 0;
    })();
  }

  logReview(candidateId: number, action: 'approve' | 'reject', by: Actor, outcome: 'ok' | 'refused', message: string | null): void {
    this.db
      .prepare('INSERT INTO feed_review_events (at, candidate_id, action, actor_id, actor_name, outcome, message) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(this.now().toISOString(), candidateId, action, by.id, by.name, outcome, message);
  }

  /** Most recent first. */
  reviewEvents(limit = 20): ReviewEvent[] {
    const rows = this.db.prepare('SELECT * FROM feed_review_events ORDER BY id DESC LIMIT ?').all(limit) as {
      id: number;
      at: string;
      candidate_id: number;
      action: 'approve' | 'reject';
      actor_id: string | null;
      actor_name: string;
      outcome: 'ok' | 'refused';
      message: string | null;
    }[];
    return rows.map((row) => ({
      id: row.id,
      at: new Date(row.at),
      candidateId: row.candidate_id,
      action: row.action,
      by: { id: row.actor_id, name: row.actor_name },
      outcome: row.outcome,
      message: row.message,
    }));
  }
}
