/**
 * Exactly once across processes (issue 14, item 2): bot processes (`src/main.ts`, as
 * `npm start` runs it) sharing one DATA_DIR claim each briefing run in the store before sending,
 * so one due briefing is POSTed once: by two processes started together, and through a restart
 * that overlaps the old process while it is still sending. POSTs are counted at the emulator
 * (the nonce would hide a second POST from the channel's message list).
 */
import { afterEach, beforeAll, afterAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { SubscriptionStore } from '../../src/store/subscriptions.ts';
import { startDiscordEmulator, type DiscordEmulator } from './emulator/index.ts';
import { botEnv, sleep, startBotProcess, tempDataDir, type ChildRun } from './bot-harness.ts';

const TOGETHER = '200000000000000002';
const OVERLAP = '200000000000000003';

let emu: DiscordEmulator;
let running: ChildRun[] = [];
let folders: ReturnType<typeof tempDataDir>[] = [];

beforeAll(async () => {
  emu = await startDiscordEmulator({ guilds: [{ channels: [{ id: TOGETHER, name: 'together' }, { id: OVERLAP, name: 'overlap' }] }] });
});

afterEach(async () => {
  await Promise.all(running.map((bot) => bot.stop('SIGKILL')));
  running = [];
  for (const folder of folders) folder.cleanup();
  folders = [];
});

afterAll(async () => {
  await emu?.stop();
});

/** A data folder where `channel` was subscribed yesterday at 00:00 UTC: today's briefing is due at start-up. */
function dataFolderWithDueChannel(channel: string): string {
  const folder = tempDataDir('two-processes-');
  folders.push(folder);
  const db = openDatabase(folder.dir);
  new SubscriptionStore(db, () => new Date(Date.now() - 24 * 3600_000)).subscribe({ channelId: channel, guildId: emu.guildId, time: '00:00', timezone: 'UTC', createdBy: emu.adminUser.id });
  db.close();
  return folder.dir;
}

async function start(dataDir: string): Promise<ChildRun> {
  const bot = await startBotProcess(botEnv(emu, dataDir), { readyTimeoutMs: 40_000 });
  running.push(bot);
  return bot;
}

const posts = (channel: string) => emu.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${channel}/messages`);

it('posts one briefing when two processes on one data folder start together', async () => {
  const dataDir = dataFolderWithDueChannel(TOGETHER);
  const [first, second] = await Promise.all([start(dataDir), start(dataDir)]);
  await emu.waitForRequest({ method: 'POST', path: `/channels/${TOGETHER}/messages`, status: 200 }, { timeoutMs: 20_000 });
  // Both have caught up (a ready handler runs right after "connected"); give a second POST time to show.
  await sleep(3_000);
  expect(posts(TOGETHER)).toHaveLength(1);
  expect(emu.channelMessages(TOGETHER)).toHaveLength(1);
  const posted = [first!, second!].filter((bot) => bot.logs.lines.some((line) => line.msg === 'briefing: posted'));
  expect(posted).toHaveLength(1);
}, 90_000);

it('posts one briefing through a restart that overlaps the old process while it is still sending', async () => {
  const dataDir = dataFolderWithDueChannel(OVERLAP);
  // The old process's first POST is rate limited for 15 s: it holds the claim and waits.
  emu.failNext({ method: 'POST', path: `/channels/${OVERLAP}/messages`, status: 429, retryAfter: 15 });
  const old = await start(dataDir);
  await emu.waitForRequest({ method: 'POST', path: `/channels/${OVERLAP}/messages`, status: 429 }, { timeoutMs: 20_000 });

  const replacement = await start(dataDir);
  await replacement.logs.waitFor((line) => line.msg === 'briefing: another process is sending this run; leaving it', 'the new process leaving the run to the old one', { timeoutMs: 20_000 });
  await old.logs.waitFor((line) => line.msg === 'briefing: posted', 'the old process posting', { timeoutMs: 40_000 });
  expect((await old.stop('SIGTERM')).code).toBe(0);
  await sleep(2_000);

  expect(posts(OVERLAP).map((request) => request.status)).toEqual([429, 200]);
  expect(emu.channelMessages(OVERLAP)).toHaveLength(1);
  expect(replacement.logs.lines.filter((line) => line.msg === 'briefing: posted')).toEqual([]);
}, 120_000);
