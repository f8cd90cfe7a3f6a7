import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BriefingRunStore } from '../../src/store/briefing-runs.ts';
import { DATABASE_FILE, migrate, openDatabase, type Db } from '../../src/store/database.ts';
import { migrations } from '../../src/store/migrations.ts';
import { SubscriptionStore } from '../../src/store/subscriptions.ts';
import { ADMIN, CHANNEL_A, CHANNEL_B, GUILD, tempDir } from '../briefing/harness.ts';

let data: ReturnType<typeof tempDir>;
let db: Db;

beforeEach(() => {
  data = tempDir();
  db = openDatabase(path.join(data.dir, 'nested'));
});

afterEach(() => {
  if (db.open) db.close();
  data.remove();
});

function reopen(): void {
  db.close();
  db = openDatabase(path.join(data.dir, 'nested'));
}

const attempt = { nonce: 'b123', shownPassageIds: ['doc#1', 'doc#2'], knownDocIds: ['doc'] };

describe('the database', () => {
  it('is created in the data folder, in WAL mode with foreign keys, at the latest schema version', () => {
    expect(existsSync(path.join(data.dir, 'nested', DATABASE_FILE))).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
  });

  it('applies only migrations appended since the last start, keeping the data', () => {
    new SubscriptionStore(db).subscribe({ channelId: CHANNEL_A, guildId: GUILD, time: '07:00', timezone: 'UTC', createdBy: ADMIN });
    const appended = [...migrations, { version: migrations.length + 1, description: 'reload audit', up: (target: Db) => target.exec('CREATE TABLE reloads (id INTEGER PRIMARY KEY)') }];
    migrate(db, appended);
    migrate(db, appended); // a second start applies nothing
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length + 1);
    expect(new SubscriptionStore(db).get(CHANNEL_A)?.time).toBe('07:00');
  });

  it('rolls back a migration that fails, leaving the version where it was', () => {
    const broken = [...migrations, { version: migrations.length + 1, description: 'broken', up: (target: Db) => target.exec('CREATE TABLE half (id INTEGER); SELECT * FROM missing') }];
    expect(() => migrate(db, broken)).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
  });

  it('refuses a database written by a newer version of the code', () => {
    db.pragma(`user_version = ${migrations.length + 1}`);
    db.close();
    expect(() => openDatabase(path.join(data.dir, 'nested'))).toThrow(/newer than this code/);
  });
});

describe('subscriptions', () => {
  it('survive a restart with their schedule, failure and activity', () => {
    const store = new SubscriptionStore(db);
    store.subscribe({ channelId: CHANNEL_A, guildId: GUILD, time: '7:30', timezone: 'america/new_york', createdBy: ADMIN });
    store.recordFailure(CHANNEL_A, 'Missing Access');
    reopen();
    expect(new SubscriptionStore(db).get(CHANNEL_A)).toMatchObject({
      channelId: CHANNEL_A,
      guildId: GUILD,
      time: '07:30',
      timezone: 'America/New_York',
      createdBy: ADMIN,
      active: true,
      lastError: 'Missing Access',
    });
  });

  it('are seeded from the configuration once, never overriding a command’s change or an unsubscribe', () => {
    const store = new SubscriptionStore(db);
    const defaults = { channelIds: [CHANNEL_A, CHANNEL_B], time: '08:00', timezone: 'UTC' };
    expect(store.seed(defaults)).toEqual([CHANNEL_A, CHANNEL_B]);
    store.subscribe({ channelId: CHANNEL_A, guildId: GUILD, time: '06:15', timezone: 'America/Phoenix', createdBy: ADMIN });
    store.unsubscribe(CHANNEL_B);
    reopen();
    const again = new SubscriptionStore(db);
    expect(again.seed(defaults)).toEqual([]);
    expect(again.get(CHANNEL_A)).toMatchObject({ time: '06:15', timezone: 'America/Phoenix', active: true });
    expect(again.get(CHANNEL_B)).toMatchObject({ active: false, createdBy: 'config', guildId: null });
    expect(again.active().map((subscription) => subscription.channelId)).toEqual([CHANNEL_A]);
  });

  it('learn the server of a seeded channel from its first post, and clear the failure', () => {
    const store = new SubscriptionStore(db);
    store.seed({ channelIds: [CHANNEL_A], time: '08:00', timezone: 'UTC' });
    expect(store.forGuild(GUILD)).toEqual([]);
    store.recordFailure(CHANNEL_A, 'boom');
    store.recordSuccess(CHANNEL_A, GUILD);
    expect(store.forGuild(GUILD)).toMatchObject([{ channelId: CHANNEL_A, lastError: null }]);
  });

  it('record the server of a seeded channel before any post, never replacing one on record', () => {
    const store = new SubscriptionStore(db);
    store.seed({ channelIds: [CHANNEL_A], time: '08:00', timezone: 'UTC' });
    store.recordGuild(CHANNEL_A, GUILD);
    expect(store.forGuild(GUILD)).toMatchObject([{ channelId: CHANNEL_A, createdBy: 'config' }]);
    store.recordGuild(CHANNEL_A, '100000000000000099');
    expect(store.get(CHANNEL_A)?.guildId).toBe(GUILD);
  });

  it('refuse an invalid time or zone, changing nothing', () => {
    const store = new SubscriptionStore(db);
    expect(() => store.subscribe({ channelId: CHANNEL_A, guildId: GUILD, time: '25:00', timezone: 'UTC', createdBy: ADMIN })).toThrow();
    expect(() => store.subscribe({ channelId: CHANNEL_A, guildId: GUILD, time: '07:00', timezone: 'Mars/Olympus', createdBy: ADMIN })).toThrow();
    expect(store.get(CHANNEL_A)).toBeUndefined();
  });

  it('fail loudly on a corrupted row instead of scheduling garbage', () => {
    const store = new SubscriptionStore(db);
    store.subscribe({ channelId: CHANNEL_A, guildId: GUILD, time: '07:00', timezone: 'UTC', createdBy: ADMIN });
    db.prepare("UPDATE subscriptions SET time = '25:99'").run();
    expect(() => store.get(CHANNEL_A)).toThrow(/24-hour time/);
  });
});

describe('briefing runs', () => {
  const key = { channelId: CHANNEL_A, localDate: '2025-04-02' };

  beforeEach(() => {
    new SubscriptionStore(db).subscribe({ channelId: CHANNEL_A, guildId: GUILD, time: '07:00', timezone: 'UTC', createdBy: ADMIN });
  });

  it('are one row per channel and local date, counting attempts until sent, and survive a restart', () => {
    const runs = new BriefingRunStore(db);
    runs.begin(key, attempt);
    runs.recordUncertain(key, 'HTTP 503');
    runs.begin(key, attempt);
    runs.complete(key, '555000000000000001');
    runs.begin(key, attempt); // a late trigger cannot reopen a sent run
    reopen();
    expect(new BriefingRunStore(db).get(key)).toMatchObject({ status: 'sent', attempts: 2, messageId: '555000000000000001', error: null, nonce: 'b123' });
  });

  it('give rotation the passages of sent briefings before the date, oldest first', () => {
    const runs = new BriefingRunStore(db);
    const day = (localDate: string, shown: string[], status: 'sent' | 'failed') => {
      runs.begin({ channelId: CHANNEL_A, localDate }, { nonce: `b${localDate}`, shownPassageIds: shown, knownDocIds: ['a', localDate] });
      if (status === 'sent') runs.complete({ channelId: CHANNEL_A, localDate }, '1');
      else runs.fail({ channelId: CHANNEL_A, localDate }, 'Missing Access');
    };
    day('2025-04-02', ['x#2'], 'sent');
    day('2025-04-01', ['x#1'], 'sent');
    day('2025-04-03', ['x#3'], 'failed');
    day('2025-04-04', ['x#4'], 'sent');
    expect(runs.history(CHANNEL_A, '2025-04-04')).toEqual({
      shownPassageIds: ['x#1', 'x#2'],
      knownDocIds: ['a', '2025-04-01', '2025-04-02'],
      lastBriefingDate: '2025-04-02',
    });
    expect(runs.lastSent(CHANNEL_A)?.localDate).toBe('2025-04-04');
    expect(runs.history(CHANNEL_B, '2025-04-04')).toEqual({ shownPassageIds: [], knownDocIds: [], lastBriefingDate: null });
  });
});
