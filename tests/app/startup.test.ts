/**
 * Start-up faults a person can fix end with one clear line and a non-zero exit, never a stack
 * trace (issue 9, items 8 and 14): `src/main.ts` in console mode with stdin closed.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { ROOT } from '../fixtures.ts';

const run = promisify(execFile);
const TMP = mkdtempSync(path.join(tmpdir(), 'startup-test-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** `npm start` without Discord settings and with stdin closed: the exit code and both outputs. */
async function start(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts')], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn', DATA_DIR: path.join(TMP, 'data'), ...env },
    timeout: 30_000,
  });
  child.child.stdin!.end();
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (failure) {
    const { code, stdout, stderr } = failure as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

/** One line on stderr, no stack frame, exit 1. */
function expectOneLine(result: { code: number; stderr: string }, pattern: RegExp) {
  expect(result.code).toBe(1);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('start-up with a data folder that cannot be used', () => {
  it('DATA_DIR pointing at a file', async () => {
    const file = path.join(TMP, 'not-a-folder');
    writeFileSync(file, 'x');
    expectOneLine(await start({ DATA_DIR: file }), /^DATA_DIR .*not-a-folder cannot hold the bot's data: .*a file, not a folder/);
    expectOneLine(await start({ DATA_DIR: path.join(file, 'below') }), /a file, not a folder/);
  });

  it('a corrupt bot.sqlite, left as it was', async () => {
    const dir = path.join(TMP, 'corrupt');
    mkdirSync(dir);
    const garbage = Buffer.alloc(8192, 'not a database ');
    writeFileSync(path.join(dir, 'bot.sqlite'), garbage);
    expectOneLine(await start({ DATA_DIR: dir }), /bot\.sqlite cannot be opened as the bot's database \(file is not a database\)\. Move it aside/);
  });

  it('a database from a newer schema version, left untouched', async () => {
    const dir = path.join(TMP, 'newer');
    mkdirSync(dir);
    const db = new Database(path.join(dir, 'bot.sqlite'));
    db.pragma('user_version = 99');
    db.close();
    expectOneLine(await start({ DATA_DIR: dir }), /schema version 99, newer than this code knows .*newer version of the bot/);
    const after = new Database(path.join(dir, 'bot.sqlite'), { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(99);
    after.close();
  });
});

describe('BRIEFING_TIMEZONE', () => {
  // Each passed config and then crashed every start when the store refused it.
  const refused = ['GMT', 'Singapore', 'EST5EDT'];

  it('follows the same rule as /briefing subscribe and the store: refused names fail config', () => {
    for (const zone of refused) {
      expect(() => loadConfig({ BRIEFING_TIMEZONE: zone }), zone).toThrow(ConfigError);
      expect(() => loadConfig({ BRIEFING_TIMEZONE: zone }), zone).toThrow(/BRIEFING_TIMEZONE: must be an IANA time zone/);
    }
    expect(loadConfig({ BRIEFING_TIMEZONE: 'Asia/Singapore' }).briefing.timezone).toBe('Asia/Singapore');
    expect(loadConfig({ BRIEFING_TIMEZONE: 'Etc/GMT+5' }).briefing.timezone).toBe('Etc/GMT+5');
  });

  it.each(refused)('%s ends start-up with the configuration message, not a crash', async (zone) => {
    const result = await start({ BRIEFING_TIMEZONE: zone, BRIEFING_CHANNEL_IDS: '109876543210987655' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/BRIEFING_TIMEZONE: must be an IANA time zone/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a zone that passes config starts, with a channel seeded in it', async () => {
    const result = await start({ BRIEFING_TIMEZONE: 'Asia/Singapore', BRIEFING_CHANNEL_IDS: '109876543210987655', DATA_DIR: path.join(TMP, 'sg') });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/console mode/);
  });
});

describe('DISCORD_TOKEN', () => {
  const TOKEN = 'MTA5ODc2NTQzMjEwOTg3NjU0Mw.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789ABCD';
  it('is trimmed of surrounding spaces and a trailing newline', () => {
    expect(loadConfig({ DISCORD_TOKEN: `  ${TOKEN}\r\n` }).discord?.token).toBe(TOKEN);
    expect(loadConfig({ DISCORD_TOKEN: `\t${TOKEN} ` }).discord?.token).toBe(TOKEN);
  });
});
