/**
 * `startDiscordApp` opens the database before anything can fail; whatever fails before the bot
 * is up (here, the schedule's start) must close it again rather than leak it.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { startDiscordApp, type App } from '../../src/app.ts';
import type { Config } from '../../src/config.ts';
import { Library } from '../../src/library.ts';
import { DATABASE_FILE } from '../../src/store/database.ts';
import { knowledgeFile } from '../kb/helpers.ts';
import { tempDir } from './harness.ts';

let data: ReturnType<typeof tempDir>;

beforeEach(() => {
  data = tempDir();
});

afterEach(() => {
  data.remove();
});

it('closes the database when the schedule fails to start, and rethrows', async () => {
  const knowledgeDir = path.join(data.dir, 'knowledge');
  const dataDir = path.join(data.dir, 'data');
  mkdirSync(knowledgeDir);
  writeFileSync(path.join(knowledgeDir, 'fixture.md'), knowledgeFile('fixture', ['Officers seized pills at the port of entry.']));
  const library = await Library.open(knowledgeDir);
  const setAudit = vi.spyOn(library, 'setAudit');
  const config: Config = {
    // Never reached: the schedule fails before the login.
    discord: { token: 'not.a.token', applicationId: undefined, guildId: undefined, apiBaseUrl: 'http://127.0.0.1:9/api' },
    logLevel: 'silent',
    knowledgeDir,
    dataDir,
    queryCooldownSeconds: 0,
    briefing: { channelIds: [], time: '07:00', timezone: 'UTC' },
    adminRoleIds: [], kbAdminGuildIds: [],
    kbWatch: false,
  };
  let started: App | undefined;
  const failing = startDiscordApp({
    config,
    library,
    logger: pino({ level: 'silent' }),
    adjust: (app) => {
      started = app;
      app.scheduler.start = () => Promise.reject(new Error('the schedule could not start'));
    },
  });

  await expect(failing).rejects.toThrow('the schedule could not start');
  expect(started).toBeDefined();
  // Closed: the app let go of the library's audit trail, and SQLite removed the write-ahead log on close.
  expect(setAudit).toHaveBeenLastCalledWith(undefined);
  expect(existsSync(path.join(dataDir, DATABASE_FILE))).toBe(true);
  expect(existsSync(path.join(dataDir, `${DATABASE_FILE}-wal`))).toBe(false);
});
