/**
 * The gateway going wrong, over the loopback Discord with `src/main.ts` as a child process
 * (issue 9, items 5 and 6):
 * - a reconnect that cannot resume opens a new session (ShardReady, not ShardResume): briefings
 *   that fell due meanwhile are caught up then, as after a resume;
 * - Discord invalidating the session right after a RESUMED crashed the process inside
 *   discord.js (its RESUMED handler read the sequence of the cleared session); the bot now
 *   identifies again and keeps answering.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { SubscriptionStore } from '../../src/store/subscriptions.ts';
import { startDiscordEmulator, type DiscordEmulator } from './emulator/index.ts';
import { ROOT, botEnv, registerCommands, startBotProcess, tempDataDir, type ChildRun } from './bot-harness.ts';

const CHANNEL = '200000000000000002';

let emu: DiscordEmulator;
let data: ReturnType<typeof tempDataDir>;
let bot: ChildRun;

beforeAll(async () => {
  emu = await startDiscordEmulator({ guilds: [{ channels: [{ id: CHANNEL, name: 'briefings' }] }] });
  await registerCommands(emu, emu.guildId);
  data = tempDataDir('gateway-');
  bot = await startBotProcess(botEnv(emu, data.dir));
});

afterAll(async () => {
  await bot?.stop('SIGKILL');
  await emu?.stop();
  data?.cleanup();
});

it('catches up on briefings when a reconnect opens a new session', async () => {
  // Due since midnight, put in the store behind the running bot's back: with no subscription at
  // start-up there is no minute job, so only a catch-up can post it.
  const db = openDatabase(data.dir);
  new SubscriptionStore(db, () => new Date(Date.now() - 24 * 3600_000)).subscribe({ channelId: CHANNEL, guildId: emu.guildId, time: '00:00', timezone: 'UTC', createdBy: emu.adminUser.id });
  db.close();

  emu.invalidateSession(false); // not resumable: discord.js identifies again
  await emu.waitForIdentify({ count: 2, timeoutMs: 20_000 });
  await bot.logs.waitFor((line) => line.msg === 'gateway session ready (new session)', 'the new session');
  await emu.waitForRequest({ method: 'POST', path: `/channels/${CHANNEL}/messages`, status: 200 }, { timeoutMs: 15_000 });
  expect(emu.channelMessages(CHANNEL)).toHaveLength(1);
}, 60_000);

it('survives a session invalidated right after it resumed, and keeps answering', async () => {
  const identifies = emu.gatewayStats.identifies;
  const since = bot.logs.lines.length;
  emu.requestReconnect();
  await emu.waitForResume({ timeoutMs: 20_000 });
  emu.invalidateSession(false); // on the heels of RESUMED, before discord.js has handled it
  await emu.waitForIdentify({ count: identifies + 1, timeoutMs: 20_000 });
  await bot.logs.waitFor((line) => line.msg === 'gateway session ready (new session)', 'a new session', { since });

  const callback = await emu.dispatchChatInput({ name: 'sources', user: emu.adminUser }).callback();
  expect([4, 5]).toContain(callback.type);
  expect(bot.child.exitCode).toBeNull();
  expect(bot.logs.lines.filter((line) => line.level === 60)).toEqual([]);
}, 60_000);

it('logs an error nothing caught and exits non-zero, so a supervisor restarts the bot', async () => {
  // A rejection no one handles, three seconds in (once the bot is up), from a preloaded module.
  const preload = `data:text/javascript,setTimeout(() => Promise.reject(new Error('unhandled in a dependency')), 3000)`;
  const crashData = tempDataDir('crash-');
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', preload, path.join(ROOT, 'src/main.ts')], {
    cwd: ROOT,
    env: botEnv(emu, crashData.dir),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [code] = (await once(child, 'exit')) as [number | null];
  crashData.cleanup();
  expect(code).toBe(1);
  const fatal = stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string; err?: { message: string } })
    .find((line) => line.level === 60);
  expect(fatal).toMatchObject({ msg: expect.stringMatching(/unexpected error/), err: { message: 'unhandled in a dependency' } });
}, 60_000);
