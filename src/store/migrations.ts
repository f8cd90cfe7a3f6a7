import type { Db } from './database.ts';

/** One schema change. Applied in order, once, inside a transaction; never edit a shipped one, append a new one. */
export interface Migration {
  /** Its place in the list, from 1: a database with `PRAGMA user_version` = n has applied 1..n. */
  version: number;
  description: string;
  up(db: Db): void;
}

/**
 * The schema's history, every step in one place. `PRAGMA user_version` holds how many of these a
 * database has applied, so a restart applies only the new ones. Append with the next number.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'briefing subscriptions and runs',
    up(db) {
      db.exec(`
        CREATE TABLE subscriptions (
          channel_id  TEXT PRIMARY KEY,
          guild_id    TEXT,
          time        TEXT NOT NULL,
          timezone    TEXT NOT NULL,
          created_by  TEXT NOT NULL,
          active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
          last_error  TEXT,
          -- When the current time and zone were set: a schedule set after today's time starts tomorrow.
          schedule_set_at TEXT NOT NULL,
          created_at  TEXT NOT NULL,
          updated_at  TEXT NOT NULL
        );
        CREATE INDEX subscriptions_by_guild ON subscriptions (guild_id);

        CREATE TABLE briefing_runs (
          channel_id          TEXT NOT NULL REFERENCES subscriptions (channel_id) ON DELETE CASCADE,
          local_date          TEXT NOT NULL,
          status              TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
          nonce               TEXT NOT NULL,
          message_id          TEXT,
          attempts            INTEGER NOT NULL DEFAULT 0,
          error               TEXT,
          shown_passage_ids   TEXT NOT NULL DEFAULT '[]',
          known_doc_ids       TEXT NOT NULL DEFAULT '[]',
          created_at          TEXT NOT NULL,
          updated_at          TEXT NOT NULL,
          PRIMARY KEY (channel_id, local_date)
        );
      `);
    },
  },
  {
    version: 2,
    description: 'knowledge-base audit trail (reloads and adds)',
    up(db) {
      db.exec(`
        CREATE TABLE kb_events (
          id                INTEGER PRIMARY KEY AUTOINCREMENT,
          at                TEXT NOT NULL,
          action            TEXT NOT NULL CHECK (action IN ('reload', 'add')),
          trigger           TEXT NOT NULL,
          actor_id          TEXT,
          actor_name        TEXT NOT NULL,
          outcome           TEXT NOT NULL CHECK (outcome IN ('ok', 'invalid', 'refused', 'failed')),
          documents_before  INTEGER,
          passages_before   INTEGER,
          documents_after   INTEGER,
          passages_after    INTEGER,
          duration_ms       REAL NOT NULL,
          doc_id            TEXT,
          changes           TEXT NOT NULL DEFAULT '{"added":[],"removed":[],"changed":[]}',
          problems          TEXT NOT NULL DEFAULT '[]',
          message           TEXT
        );
        CREATE INDEX kb_events_by_action ON kb_events (action, id);
      `);
    },
  },
  /**
   * Who is sending a run: a process claims the (channel, local date) run in the store before it
   * sends anything, so two processes on one data folder (an overlapping restart, two instances)
   * never both send it. The claim is a lease: a process that dies holding it blocks the run only
   * until the lease runs out.
   */
  {
    version: 3,
    description: 'briefing run claims (claiming process and lease expiry)',
    up(db) {
      db.exec(`
        ALTER TABLE briefing_runs ADD COLUMN claimed_by TEXT;
        ALTER TABLE briefing_runs ADD COLUMN lease_expires_at TEXT;
      `);
    },
  },
  /** The topics a channel follows (its digest's focus); an empty list means the whole knowledge base. */
  {
    version: 4,
    description: 'briefing subscription topics (per-channel focus)',
    up(db) {
      db.exec(`ALTER TABLE subscriptions ADD COLUMN topics TEXT NOT NULL DEFAULT '[]'`);
    },
  },
  /** Appended to the store's migrations list (src/store/database.ts). Self-contained: no other table is referenced. */
  {
    version: 5,
    description: 'feeds, their review queue of candidate articles, and the review audit trail',
    up(db) {
      db.exec(`
        CREATE TABLE feeds (
          url             TEXT PRIMARY KEY,
          added_by_id     TEXT,
          added_by_name   TEXT NOT NULL,
          added_at        TEXT NOT NULL,
          -- Validators of the last answer, sent back for a conditional GET.
          etag            TEXT,
          last_modified   TEXT,
          last_polled_at  TEXT,
          last_error      TEXT
        );
        CREATE TABLE feed_candidates (
          id              INTEGER PRIMARY KEY AUTOINCREMENT,
          url             TEXT NOT NULL UNIQUE,
          feed_url        TEXT NOT NULL,
          doc_id          TEXT NOT NULL,
          title           TEXT NOT NULL,
          publisher       TEXT,
          published       TEXT,
          relevance       REAL NOT NULL,
          status          TEXT NOT NULL CHECK (status IN ('pending', 'off-topic', 'approved', 'rejected')),
          -- The knowledge file the candidate becomes when approved: front matter and paragraphs.
          source          TEXT NOT NULL,
          body_hash       TEXT NOT NULL,
          removed_lines   INTEGER NOT NULL DEFAULT 0,
          created_at      TEXT NOT NULL,
          decided_at      TEXT,
          decided_by_id   TEXT,
          decided_by_name TEXT
        );
        CREATE INDEX feed_candidates_by_status ON feed_candidates (status, relevance DESC);
        CREATE INDEX feed_candidates_by_hash ON feed_candidates (body_hash);
        CREATE TABLE feed_review_events (
          id              INTEGER PRIMARY KEY AUTOINCREMENT,
          at              TEXT NOT NULL,
          candidate_id    INTEGER NOT NULL,
          action          TEXT NOT NULL CHECK (action IN ('approve', 'reject')),
          actor_id        TEXT,
          actor_name      TEXT NOT NULL,
          outcome         TEXT NOT NULL CHECK (outcome IN ('ok', 'refused')),
          message         TEXT
        );
      `);
    },
  },
];

for (const [index, migration] of migrations.entries()) {
  if (migration.version !== index + 1) throw new Error(`store/migrations.ts: migration ${index + 1} is numbered ${migration.version}`);
}
