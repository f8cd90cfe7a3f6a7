/**
 * Briefings under sharding end to end (issue 14, item 2): with SHARD_COUNT=2 over the loopback
 * Discord, guild A on shard 0 and guild B on shard 1 each have a briefing due. Each is POSTed
 * exactly once (POSTs counted at the emulator, not messages), by the shard that holds its guild;
 * each shard schedules only its own guild's subscriptions; and a channel seeded by id alone
 * (BRIEFING_CHANNEL_IDS, server not known yet) is posted once, by the shard that can see it,
 * which records its server.
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
  let data: ReturnType<typeof tempDataDir>;

  const posts = (channel: string) => emu.requests.filter((request) => request.method === 'POST' && request.path === `/channels/${channel}/messages`);
  const shardLines = (shard: number, msg: string) => manager.logs.lines.filter((line: LogLine) => line['shard'] === shard && line['role'] === undefined && line.msg === msg);

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
    manager = runScript('src/main.ts', botEnv(emu, data.dir, { SHARD_COUNT: '2' }));
    await manager.logs.waitFor((line) => line.msg === 'every shard is ready', 'both shards ready', { timeoutMs: 90_000 });
    const posted = (channel: string) => manager.logs.waitFor((line) => line.msg === 'briefing: posted' && line['channelId'] === channel, `the briefing posted in ${channel}`, { timeoutMs: 30_000 });
    await Promise.all([posted(CHANNEL_A), posted(CHANNEL_B), posted(SEEDED_B)]);
    // Both shards have caught up (each did on ready); give a second POST time to show.
    await sleep(3_000);
  }, 150_000);

  afterAll(async () => {
    await manager?.stop('SIGTERM', 20_000);
    await emu?.stop();
    data?.cleanup();
  }, 30_000);

  it('POSTs each due briefing exactly once', () => {
    for (const channel of [CHANNEL_A, CHANNEL_B, SEEDED_B]) expect(posts(channel).map((request) => request.status)).toEqual([200]);
    expect(manager.logs.lines.filter((line) => /^briefing: (not posted|outcome unknown|another process)/.test(String(line.msg)))).toEqual([]);
  });

  it('posts each from the shard that holds its guild', () => {
    expect(shardLines(0, 'briefing: posted').map((line) => line['channelId'])).toEqual([CHANNEL_A]);
    expect(shardLines(1, 'briefing: posted').map((line) => line['channelId']).sort()).toEqual([CHANNEL_B, SEEDED_B]);
  });

  it('has each shard schedule only its own guild’s subscriptions', () => {
    // Shard 0 never counts guild B's channels, the seeded one included (it cannot see it).
    const counts = (shard: number) => shardLines(shard, 'briefing: catching up').map((line) => line['channels']);
    expect(counts(0).length).toBeGreaterThan(0);
    expect(new Set(counts(0))).toEqual(new Set([1]));
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
