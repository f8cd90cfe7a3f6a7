import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { IpcPeer, type Channel } from '../../src/shard-ipc.ts';
import { ownsGuild, ownsSubscription, shardOfGuild } from '../../src/shard-ownership.ts';

const TOKEN = 'MTA5ODc2NTQzMjEwOTg3NjU0Mw.GaBcDe.abcdefghijklmnopqrstuvwxyz0123456789ABCD';

/** Two connected ends, delivering asynchronously like an IPC channel. */
function pipe(): [Channel, Channel] {
  const sides = [new EventEmitter(), new EventEmitter()];
  const end = (mine: EventEmitter, theirs: EventEmitter): Channel => ({
    send: async (message) => void setImmediate(() => theirs.emit('message', structuredClone(message))),
    subscribe: (listener) => (mine.on('message', listener), () => mine.off('message', listener)),
  });
  return [end(sides[0]!, sides[1]!), end(sides[1]!, sides[0]!)];
}

const outcome = { shard: 1, ok: true, before: { documents: 1, passages: 2 }, after: { documents: 1, passages: 2 }, problems: 0, detail: 'reloaded' };

describe('the shard IPC', () => {
  it('asks and answers, checking both sides with their schemas', async () => {
    const [a, b] = pipe();
    const asked: unknown[] = [];
    new IpcPeer(b, { 'kb-reload': async (request) => (asked.push(request), outcome) });
    const peer = new IpcPeer(a, {});
    await expect(peer.ask('kb-reload', { trigger: 'signal', by: { id: null, name: 'SIGHUP' }, fresh: true }, 1000)).resolves.toEqual(outcome);
    expect(asked).toEqual([{ trigger: 'signal', by: { id: null, name: 'SIGHUP' }, fresh: true }]);
  });

  it('rejects with one line for a question the other side does not answer, a handler that throws, a malformed answer, or silence', async () => {
    const [a, b] = pipe();
    new IpcPeer(b, {
      health: async () => {
        throw new Error('database is closed');
      },
      'kb-reload': async () => ({ shard: -1 }) as never,
    });
    const peer = new IpcPeer(a, {});
    await expect(peer.ask('metrics', null, 1000)).rejects.toThrow('this process does not answer metrics');
    await expect(peer.ask('health', null, 1000)).rejects.toThrow('database is closed');
    await expect(peer.ask('kb-reload', { trigger: 'command', by: { id: '1', name: 'x' } }, 1000)).rejects.toThrow(/^malformed answer to kb-reload/);
    const [lonely] = pipe();
    await expect(new IpcPeer(lonely, {}).ask('health', null, 50)).rejects.toThrow('no answer within 0 s');
  });

  it('ignores messages that are not its own (discord.js shares the channel)', async () => {
    const [a, b] = pipe();
    let calls = 0;
    new IpcPeer(b, { health: async () => (calls++, { ok: true, gateway: [], knowledgeBase: { ok: true, documents: 1, passages: 1 }, database: { ok: true } }) });
    await a.send({ _eval: 'process.exit()' });
    await a.send({ t: 'fbb:ask', id: 'x', what: 'evil', payload: null });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(calls).toBe(0);
  });
});

describe('guild ownership', () => {
  it('follows Discord’s rule, (guild_id >> 22) % shard_count', () => {
    // 175928847299117063 >> 22 = 41944705796; even → shard 0 of 2, 41944705796 % 3 = 2.
    expect(shardOfGuild('175928847299117063', 2)).toBe(0);
    expect(shardOfGuild('175928847299117063', 3)).toBe(2);
    expect(ownsGuild(0, 2)('175928847299117063')).toBe(true);
    expect(ownsGuild(1, 2)('175928847299117063')).toBe(false);
    expect(ownsGuild(0, 1)('175928847299117063')).toBe(true);
  });

  it('keeps all 64 bits of a snowflake (a Number would round it into the next shard)', () => {
    // 400000000000 << 22 | 0x3FFFFF: as a Number it rounds up to 400000000001 << 22, the odd shard.
    const guild = '1677721600004194303';
    expect(shardOfGuild(guild, 2)).toBe(0);
    expect(shardOfGuild(guild, 3)).toBe(1);
    expect(ownsGuild(0, 2)(guild)).toBe(true);
    expect(ownsGuild(1, 2)(guild)).toBe(false);
    // The largest snowflake: (2^64 - 1) >> 22 = 2^42 - 1, odd.
    expect(shardOfGuild('18446744073709551615', 2)).toBe(1);
  });

  it('refuses what is not a guild id, with its value, rather than a bare SyntaxError', () => {
    expect(() => shardOfGuild('12ab', 2)).toThrow('not a Discord guild id: "12ab"');
    expect(() => shardOfGuild('-4194304', 2)).toThrow(RangeError);
    expect(() => shardOfGuild('175928847299117063', 0)).toThrow('not a shard count: 0');
  });

  it('gives a subscription to the shard of its guild; one seeded by channel id to the shard that can see the channel', () => {
    const guildA = '175928847299117063'; // shard 0 of 2
    const guildB = '1677721600004194303'; // shard 0 of 2
    const odd = '175928847303180295'; // (41944705797 << 22) | 7: shard 1 of 2
    expect(shardOfGuild(odd, 2)).toBe(1);
    // Shard 1 has guild `odd` in its cache, with channel 9; it knows nothing of channel 8.
    const cache = new Map([['9', odd]]);
    const shard1 = ownsSubscription(1, 2, (channel) => cache.get(channel) ?? null);
    expect(shard1({ channelId: '1', guildId: odd })).toBe(true);
    expect(shard1({ channelId: '2', guildId: guildA })).toBe(false);
    expect(shard1({ channelId: '3', guildId: guildB })).toBe(false);
    expect(shard1({ channelId: '9', guildId: null })).toBe(true);
    // A channel no cache knows is no shard's to try: trying would fetch a channel of another shard's guild.
    expect(shard1({ channelId: '8', guildId: null })).toBe(false);
    const shard0 = ownsSubscription(0, 2, () => null);
    expect(shard0({ channelId: '9', guildId: null })).toBe(false);
    // One shard: every subscription, whether or not its guild is known.
    expect(ownsSubscription(0, 1, () => null)({ channelId: '8', guildId: null })).toBe(true);
  });
});

describe('sharding configuration', () => {
  const base = { DISCORD_TOKEN: TOKEN };
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it('runs one process by default, and in console mode whatever SHARD_COUNT says', () => {
    expect(loadConfig(base).sharding).toEqual({ role: 'single' });
    expect(loadConfig({ SHARD_COUNT: '4' }).sharding).toEqual({ role: 'single' });
    expect(loadConfig(base).health).toBeNull();
  });

  it('makes a manager of SHARD_COUNT, with SHARD_IDS for this host’s part', () => {
    expect(loadConfig({ ...base, SHARD_COUNT: 'auto' }).sharding).toEqual({ role: 'manager', count: 'auto', ids: null });
    expect(loadConfig({ ...base, SHARD_COUNT: '4', SHARD_IDS: '3, 1,1' }).sharding).toEqual({ role: 'manager', count: 4, ids: [1, 3] });
  });

  it('makes a shard of a process its manager started (discord.js sets SHARDING_MANAGER, SHARDS, SHARD_COUNT)', () => {
    expect(loadConfig({ ...base, SHARDING_MANAGER: 'true', SHARDS: '1', SHARD_COUNT: '2', SHARD_IDS: '1' }).sharding).toEqual({ role: 'shard', id: 1, count: 2 });
  });

  it('refuses combinations that would shard wrongly, one line each', () => {
    expect(problems({ ...base, SHARD_IDS: '0' })).toEqual(['SHARD_IDS: needs SHARD_COUNT (the total number of shards across all hosts)']);
    expect(problems({ ...base, SHARD_COUNT: 'auto', SHARD_IDS: '0' })[0]).toMatch(/^SHARD_IDS: needs a fixed SHARD_COUNT/);
    expect(problems({ ...base, SHARD_COUNT: '2', SHARD_IDS: '2' })[0]).toMatch(/^SHARD_IDS: every id must be below SHARD_COUNT/);
    expect(problems({ ...base, SHARDS: '0' })[0]).toMatch(/^SHARDS: is set by the shard manager/);
    expect(problems({ ...base, SHARD_COUNT: '0' })[0]).toMatch(/^SHARD_COUNT: must be auto or at least 1/);
    expect(problems({ ...base, SHARD_COUNT: 'many' })[0]).toMatch(/^SHARD_COUNT:/);
    expect(problems({ ...base, HEALTH_PORT: '70000' })[0]).toMatch(/^HEALTH_PORT:/);
  });

  it('serves health on loopback unless HEALTH_HOST says otherwise', () => {
    expect(loadConfig({ HEALTH_PORT: '9464' }).health).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadConfig({ HEALTH_PORT: '9464', HEALTH_HOST: '0.0.0.0' }).health).toEqual({ host: '0.0.0.0', port: 9464 });
  });
});
