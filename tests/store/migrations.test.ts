import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, migrate, openDatabase, type Db } from '../../src/store/database.ts';
import { migrations } from '../../src/store/migrations.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'migrations-'));
  dirs.push(dir);
  return dir;
}

/** Tables, columns and indexes as SQLite stores them, in a stable order. */
const schemaOf = (db: Db) => db.prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name").all();

describe('the migrations list', () => {
  it('keeps the shipped history in its order: a database counts what it has applied by user_version', () => {
    expect(migrations.map(({ version, description }) => `${version} ${description}`)).toEqual([
      '1 briefing subscriptions and runs',
      '2 knowledge-base audit trail (reloads and adds)',
      '3 briefing run claims (claiming process and lease expiry)',
      '4 briefing subscription topics (per-channel focus)',
      '5 feeds, their review queue of candidate articles, and the review audit trail',
    ]);
  });

  it('brings a database left at any earlier version to the schema of a new one', () => {
    const fresh = openDatabase(dataDir());
    const expected = schemaOf(fresh);
    fresh.close();
    for (let version = 0; version <= migrations.length; version += 1) {
      const dir = dataDir();
      const old = new Database(path.join(dir, DATABASE_FILE));
      migrate(old, migrations.slice(0, version));
      expect(old.pragma('user_version', { simple: true })).toBe(version);
      old.close();
      const upgraded = openDatabase(dir);
      expect(upgraded.pragma('user_version', { simple: true }), `from version ${version}`).toBe(migrations.length);
      expect(schemaOf(upgraded), `from version ${version}`).toEqual(expected);
      upgraded.close();
    }
  });
});
