/**
 * Briefings under sharding end to end (issue 14, item 2): with SHARD_COUNT=2 over the loopback
 * Discord, guild A on shard 0 and guild B on shard 1 each have a briefing due. Each is POSTed
 * exactly once (POSTs counted at the emulator, not messages), by the shard that holds its guild;
 * each shard schedules only its own guild's subscriptions; and a channel seeded by id alone
 * (BRIEFING_CHANNEL_IDS, server not known yet) is posted once, by the shard that can see it,
 * which records its server. A second manager running shard 0 on the same data folder (a restart
 * overlapping the old one, or SHARD_IDS=0 started twice) while the first is still sending guild
 * A's briefing (its first POST rate limited) leaves the run to it: the store's claim.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { SubscriptionStore } from '../../src/store/subscriptions.ts';
import { guildIdOnShard, startDiscordEmulator, type DiscordEmulator } from './emulator/index.ts';
import { botEnv, runScript, sleep, tempDataDir, type ChildRun, type LogLine } from './bot-harness.ts';

const guildA = guildIdOnShard(0, 2);
const guildB = guildIdOnShard(1, 2);
const CHANNEL_A = '300000000000000001';
const CHANNEL_B = '300000000000000002';
/** In guild B, known to the store by id alone. */
const SEEDED_B = '300000000000000003';

describe('SHARD_COUNT=2: a briefing due in each guild', () => {
  let emu: DiscordEmulator;
  let manager: ChildRun;
  /** SHARD_IDS=0 on the same data folder, started while `manager`'s shard 0 holds guild A's run. */
  let overlap: ChildRun;
  let data: ReturnType<typeof tempDataDir>;

  const posts = (channel: string) => emu.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${channel}/messages`);
  const shardLines = (shard: number, msg: string, run = manager) => run.logs.lines.filter((line: LogLine) => line['shard'] === shard && line['role'] === undefined && line.msg === msg);

  beforeAll(async () => {
    emu = await startDiscordEmulator({
      guilds: [
        { id: guildA, name: 'A', channels: [{ id: CHANNEL_A, name: 'briefings-a' }] },
        { id: guildB, name: 'B', channels: [{ id: CHANNEL_B, name: 'briefings-b' }, { id: SEEDED_B, name: 'seeded-b' }] },
      ],
    });
    data = tempDataDir('shard-briefing-');
    // As after yesterday's start-up: today's briefings are due as soon as the shards are up.
    const db = openDatabase(data.dir);
    const store = new SubscriptionStore(db, () => new Date(Date.now() - 24 * 3600_000));
    store.subscribe({ channelId: CHANNEL_A, guildId: guildA, time: '00:00', timezone: 'UTC', createdBy: emu.adminUser.id });
    store.subscribe({ channelId: CHANNEL_B, guildId: guildB, time: '00:00', timezone: 'UTC', createdBy: emu.adminUser.id });
    store.seed({ channelIds: [SEEDED_B], time: '00:00', timezone: 'UTC' });
    db.close();
    // Shard 0's first POST to guild A's channel is rate limited for 20 s: it holds the run's claim and waits.
    emu.failNext({ method: 'POST', path: `/channels/${CHANNEL_A}/messages`, status: 429, retryAfter: 20 });
    manager = runScript('src/main.ts', botEnv(emu, data.dir, { SHARD_COUNT: '2' }));
    await emu.waitForRequest({ method: 'POST', path: `/channels/${CHANNEL_A}/messages`, status: 429 }, { timeoutMs: 60_000 });
    overlap = runScript('src/main.ts', botEnv(emu, data.dir, { SHARD_COUNT: '2', SHARD_IDS: '0' }));
    await overlap.logs.waitFor((line) => line.msg === 'briefing: another process is sending this run; leaving it', 'the overlapping shard 0 leaving the run', { timeoutMs: 30_000 });
    await manager.logs.waitFor((line) => line.msg === 'every shard is ready', 'both shards ready', { timeoutMs: 90_000 });
    const posted = (channel: string) => manager.logs.waitFor((line) => line.msg === 'briefing: posted' && line['channelId'] === channel, `the briefing posted in ${channel}`, { timeoutMs: 40_000 });
    await Promise.all([posted(CHANNEL_A), posted(CHANNEL_B), posted(SEEDED_B)]);
    // Every shard has caught up (each did on ready); give a second POST time to show.
    await sleep(3_000);
  }, 150_000);

  afterAll(async () => {
    await Promise.all([overlap?.stop('SIGTERM', 20_000), manager?.stop('SIGTERM', 20_000)]);
    await emu?.stop();
    data?.cleanup();
  }, 30_000);

  it('POSTs each due briefing exactly once', () => {
    // Guild A's: the rate-limited POST, then the one that posted; nothing from the overlapping shard 0.
    expect(posts(CHANNEL_A).map((request) => request.status)).toEqual([429, 200]);
    for (const channel of [CHANNEL_B, SEEDED_B]) expect(posts(channel).map((request) => request.status)).toEqual([200]);
    expect(emu.channelMessages(CHANNEL_A)).toHaveLength(1);
    expect(manager.logs.lines.filter((line) => /^briefing: (not posted|outcome unknown|another process)/.test(String(line.msg)))).toEqual([]);
  });

  it('posts each from the shard that holds its guild', () => {
    expect(shardLines(0, 'briefing: posted').map((line) => line['channelId'])).toEqual([CHANNEL_A]);
    expect(shardLines(1, 'briefing: posted').map((line) => line['channelId']).sort()).toEqual([CHANNEL_B, SEEDED_B]);
    // The overlapping shard 0 left guild A's run to the shard holding its claim, and posted nothing.
    expect(shardLines(0, 'briefing: another process is sending this run; leaving it', overlap).map((line) => line['channelId'])).toEqual([CHANNEL_A]);
    expect(overlap.logs.lines.filter((line) => line.msg === 'briefing: posted')).toEqual([]);
  });

  it('has each shard schedule only its own guild’s subscriptions', () => {
    // Shard 0 never counts guild B's channels, the seeded one included (it cannot see it).
    const counts = (shard: number, run = manager) => shardLines(shard, 'briefing: catching up', run).map((line) => line['channels']);
    expect(counts(0).length).toBeGreaterThan(0);
    expect(new Set(counts(0))).toEqual(new Set([1]));
    expect(new Set(counts(0, overlap))).toEqual(new Set([1]));
    expect(overlap.logs.lines.some((line) => line['shard'] === 1)).toBe(false);
    // Shard 1 sees the seeded channel once its guild has arrived.
    expect(counts(1).at(-1)).toBe(2);
  });

  it('records the seeded channel’s server', () => {
    const db = openDatabase(data.dir);
    try {
      expect(new SubscriptionStore(db).get(SEEDED_B)?.guildId).toBe(guildB);
    } finally {
      db.close();
    }
  });
});
