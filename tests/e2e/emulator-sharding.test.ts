/**
 * The emulator shards as Discord does, seen from raw discord.js clients (no bot code): GET
 * /gateway/bot recommends a shard count, each IDENTIFY names [shard_id, shard_count], and each
 * guild (and its interactions) reaches only the session of the shard `(guild_id >> 22) % count`.
 */
import { once } from 'node:events';
import { Client, Events, GatewayIntentBits, type Interaction } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { within } from './bot-harness.ts';
import { guildIdOnShard, shardOfGuild, startDiscordEmulator, type DiscordEmulator } from './emulator/index.ts';

describe('a sharded gateway', () => {
  let emu: DiscordEmulator;
  const clients: Client[] = [];
  const guildA = guildIdOnShard(0, 2);
  const guildB = guildIdOnShard(1, 2);
  const heard: [number, Interaction][] = [];

  beforeAll(async () => {
    emu = await startDiscordEmulator({ recommendedShards: 2, guilds: [{ id: guildA, name: 'A' }, { id: guildB, name: 'B' }] });
    for (const shard of [0, 1]) {
      const client = new Client({ intents: [GatewayIntentBits.Guilds], shards: [shard], shardCount: 2, rest: { api: emu.apiBaseUrl } });
      client.on(Events.InteractionCreate, (interaction) => heard.push([shard, interaction]));
      const ready = once(client, Events.ClientReady);
      await client.login(emu.token);
      await within(10_000, `shard ${shard} ready`, ready);
      clients.push(client);
    }
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.destroy()));
    await emu?.stop();
  });

  it('builds guild ids for a given shard by Discord’s rule', () => {
    expect(shardOfGuild(guildA, 2)).toBe(0);
    expect(shardOfGuild(guildB, 2)).toBe(1);
    for (let shard = 0; shard < 5; shard++) expect(shardOfGuild(guildIdOnShard(shard, 5), 5)).toBe(shard);
    expect(guildIdOnShard(1, 2)).toMatch(/^\d{17,20}$/);
  });

  it('recommends its shard count in GET /gateway/bot', async () => {
    const response = await fetch(`${emu.apiBaseUrl}/v10/gateway/bot`, { headers: { Authorization: `Bot ${emu.token}` } });
    expect(((await response.json()) as { shards: number }).shards).toBe(2);
  });

  it('tells each shard only about its own guilds', () => {
    expect(emu.identifiedShards).toEqual([[0, 2], [1, 2]]);
    expect([...clients[0]!.guilds.cache.keys()]).toEqual([guildA]);
    expect([...clients[1]!.guilds.cache.keys()]).toEqual([guildB]);
  });

  it('delivers an interaction to the shard holding its guild only, and a DM to shard 0', async () => {
    heard.length = 0;
    const heardAtLeast = async (count: number) => {
      for (let waited = 0; heard.length < count; waited += 20) {
        if (waited > 5000) throw new Error(`heard ${heard.length} interactions, expected ${count}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    emu.dispatchChatInput({ name: 'ping', guildId: guildB });
    await heardAtLeast(1);
    emu.dispatchChatInput({ name: 'ping', guildId: guildA });
    await heardAtLeast(2);
    emu.dispatchChatInput({ name: 'ping', guild: false });
    await heardAtLeast(3);
    // Nothing more arrives (no copy of an interaction at the other shard).
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard.map(([shard, interaction]) => [shard, interaction.guildId])).toEqual([
      [1, guildB],
      [0, guildA],
      [0, null],
    ]);
  });
});
