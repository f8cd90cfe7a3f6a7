import { mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrations, type Migration } from './migrations.ts';

export type Db = Database.Database;



/** The database file inside the data folder. */
export const DATABASE_FILE = 'bot.sqlite';

/** The store cannot be opened: one line a person can act on (the bot prints it and exits). */
export class DatabaseOpenError extends Error {
  override name = 'DatabaseOpenError';
}

const reasonOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Create the data folder if needed; a path that is a file (or unwritable) is a DatabaseOpenError. */
export function prepareDataDir(dataDir: string): void {
  try {
    mkdirSync(dataDir, { recursive: true });
    if (!statSync(dataDir).isDirectory()) throw new Error('it is a file, not a folder');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'EEXIST' || code === 'ENOTDIR' ? 'it (or a folder above it) is a file, not a folder' : reasonOf(error);
    throw new DatabaseOpenError(`DATA_DIR ${dataDir} cannot hold the bot's data: ${reason}. Point DATA_DIR at a folder.`);
  }
}

/** Open (creating if needed) `<dataDir>/bot.sqlite` and bring its schema up to date. */
export function openDatabase(dataDir: string): Db {
  prepareDataDir(dataDir);
  const file = path.join(dataDir, DATABASE_FILE);
  let db: Db | undefined;
  try {
    db = new Database(file);
    // WAL lets readers (status commands) run while the scheduler writes; NORMAL is durable at every checkpoint in WAL mode.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Start-up may wait for another process's write; past it, SQLite's busy wait blocks the event loop.
    db.pragma('busy_timeout = 5000');
    db.pragma('user_version');
  } catch (error) {
    db?.close();
    throw new DatabaseOpenError(
      `${file} cannot be opened as the bot's database (${reasonOf(error)}). Move it aside to start with an empty store, or restore a backup.`,
    );
  }
  try {
    migrate(db);
  } catch (error) {
    db.close();
    throw error instanceof DatabaseOpenError ? error : new DatabaseOpenError(`${file}: updating its schema failed (${reasonOf(error)}).`);
  }
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  return db;
}

/**
 * How long a write waits for another process's lock once the bot runs. SQLite's wait is
 * synchronous (nothing else runs meanwhile), so it stays short: an interaction answers "busy,
 * try again" and the scheduler tries again at its next minute rather than freezing the bot.
 */
const BUSY_TIMEOUT_MS = 150;

/** Whether an error is SQLite refusing a write because another connection holds the lock. */
export function isDatabaseBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && (code === 'SQLITE_LOCKED' || code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_'));
}

export function migrate(db: Db, list: readonly Migration[] = migrations): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  if (applied > list.length) {
    throw new DatabaseOpenError(
      `The database ${db.name} has schema version ${applied}, newer than this code knows (${list.length}): it was written by a newer version of the bot. Run that version, or point DATA_DIR elsewhere; it was not touched.`,
    );
  }
  list.slice(applied).forEach((migration, offset) => {
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${applied + offset + 1}`);
    })();
  });
}
