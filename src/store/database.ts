import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { feedsMigration } from './feeds.ts';
import { kbAuditMigration } from './kb-audit.ts';

export type Db = Database.Database;

/** One schema change. Applied in order, once, inside a transaction; never edit a shipped one, append a new one. */
export interface Migration {
  description: string;
  up(db: Db): void;
}

/**
 * The schema's history. `PRAGMA user_version` holds how many of these a database has
 * applied, so a restart applies only the new ones.
 */
export const migrations: readonly Migration[] = [
  {
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
  kbAuditMigration,
  feedsMigration,
];

/** The database file inside the data folder. */
export const DATABASE_FILE = 'bot.sqlite';

/** Open (creating if needed) `<dataDir>/bot.sqlite` and bring its schema up to date. */
export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, DATABASE_FILE));
  // WAL lets readers (status commands) run while the scheduler writes; NORMAL is durable at every checkpoint in WAL mode.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: Db, list: readonly Migration[] = migrations): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  if (applied > list.length) {
    throw new Error(`The database has schema version ${applied}, newer than this code knows (${list.length}); refusing to touch it.`);
  }
  list.slice(applied).forEach((migration, offset) => {
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${applied + offset + 1}`);
    })();
  });
}
