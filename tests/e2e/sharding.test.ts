/**
 * Sharded end to end (issue 14): `src/main.ts` with SHARD_COUNT=auto runs discord.js's
 * ShardingManager over the loopback Discord, which recommends 2 shards and holds two guilds, one
 * on each. Each shard process answers its own guild; /kb reload in one guild reloads both shards
 * and says so; SIGHUP to the manager reloads every shard; a killed shard process is respawned and
 * answers again; the manager serves /healthz and /metrics for all shards.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sample } from '../observability/prometheus-text.ts';
import { guildIdOnShard, startDiscordEmulator, type DiscordEmulator, type RecordedCallback } from './emulator/index.ts';
import { KNOWLEDGE_DIR, botEnv, query, registerCommands, runScript, sleep, tempDataDir, type ChildRun, type LogLine } from './bot-harness.ts';

const guildA = guildIdOnShard(0, 2);
const guildB = guildIdOnShard(1, 2);
const MARKER = 'quokka';
const doc = (id: string, word: string) => `---
id: ${id}
title: "Canine units at the border (${word})"
publisher: null
authors: []
published: null
url: null
origin: ${id}.txt
topics: ["ports of entry"]
---
Officers at the port of entry trained a canine team nicknamed the ${word} squad to find fentanyl pills hidden in cars.
`;

type Embed = { title?: string; description?: string };
type HealthBody = { ok: boolean; shards: { shard: number; ok: boolean; error?: string }[] };
const embedsOf = (callback: RecordedCallback) => (callback.data?.['embeds'] as Embed[] | undefined) ?? [];
const ephemeral = (callback: RecordedCallback) => (Number(callback.data?.['flags'] ?? 0) & 64) === 64;

describe('SHARD_COUNT=auto over the loopback Discord with two guilds on two shards', () => {
  let emu: DiscordEmulator;
  let manager: ChildRun;
  let data: ReturnType<typeof tempDataDir>;
  let knowledge: string;
  let health: string;
  let healthWhileStarting: { status: number; body: HealthBody };
  /** /healthz until it answers `status` (a shard's own check may lag its ready event), or the last answer. */
  const healthUntil = async (status: number, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response = await fetch(`${health}/healthz`);
      const answer = { status: response.status, body: (await response.json()) as HealthBody };
      if (answer.status === status || Date.now() > deadline) return answer;
      await sleep(250);
    }
  };

  const ask = (guildId: string, text: string) => emu.dispatchChatInput({ name: 'fentanyl', guildId, user: emu.adminUser, options: [query(text)] }).callback({ timeoutMs: 10_000 });
  /** The shard whose log line reports an interaction in `guildId`, from log index `since`. */
  const answeredBy = async (guildId: string, since: number) =>
    (await manager.logs.waitFor((line) => line.msg === 'interaction' && line['guild'] === guildId, `an interaction logged for guild ${guildId}`, { since }))['shard'];
  const shardLine = (shard: number, msg: string) => (line: LogLine) => line.msg === msg && line['shard'] === shard;

  beforeAll(async () => {
    emu = await startDiscordEmulator({ recommendedShards: 2, guilds: [{ id: guildA, name: 'A' }, { id: guildB, name: 'B' }] });
    await registerCommands(emu);
    data = tempDataDir();
    knowledge = mkdtempSync(path.join(tmpdir(), 'shard-e2e-knowledge-'));
    cpSync(KNOWLEDGE_DIR, knowledge, { recursive: true });
    manager = runScript('src/main.ts', botEnv(emu, data.dir, { SHARD_COUNT: 'auto', KNOWLEDGE_DIR: knowledge, HEALTH_PORT: '0' }));
    // The manager serves /healthz from the start; shard 1 is started a few seconds after shard 0 is ready.
    const up = await manager.logs.waitFor((line) => line.msg === 'serving /healthz and /metrics', 'the health server', { timeoutMs: 30_000 });
    health = `http://127.0.0.1:${String(up['port'])}`;
    await manager.logs.waitFor((line) => line.msg === 'shard ready' && line['shard'] === 0, 'shard 0 ready', { timeoutMs: 60_000 });
    healthWhileStarting = await fetch(`${health}/healthz`).then(async (response) => ({ status: response.status, body: (await response.json()) as HealthBody }));
    await manager.logs.waitFor((line) => line.msg === 'every shard is ready', 'every shard ready', { timeoutMs: 60_000 });
  }, 120_000);

  afterAll(async () => {
    const exit = await manager?.stop('SIGTERM', 20_000);
    await emu?.stop();
    data?.cleanup();
    if (knowledge) rmSync(knowledge, { recursive: true, force: true });
    // The manager stops its shards and exits cleanly.
    expect(exit).toEqual({ code: 0, signal: null });
  }, 60_000);

  it('starts one process per recommended shard, each identifying as its shard', () => {
    expect([...emu.identifiedShards].sort()).toEqual([[0, 2], [1, 2]]);
    const started = manager.logs.lines.filter((line) => line.msg === 'shard process started');
    expect(started.map((line) => line['shard']).sort()).toEqual([0, 1]);
    expect(new Set(started.map((line) => line['pid'])).size).toBe(2);
  });

  it('answers /fentanyl in both guilds, each from the shard that holds it', async () => {
    let since = manager.logs.lines.length;
    const a = await ask(guildA, 'seizures');
    expect(a.type).toBe(4);
    expect(embedsOf(a)).toHaveLength(1);
    expect(await answeredBy(guildA, since)).toBe(0);
    since = manager.logs.lines.length;
    const b = await ask(guildB, 'seizures');
    expect(embedsOf(b)).toHaveLength(1);
    expect(await answeredBy(guildB, since)).toBe(1);
  });

  it('/kb reload in one guild reloads both shards and reports each', async () => {
    writeFileSync(path.join(knowledge, 'canine-units-shard-test.md'), doc('canine-units-shard-test', MARKER));
    const before = await ask(guildB, `${MARKER} squad`);
    expect(ephemeral(before)).toBe(true);

    const reload = emu.dispatchChatInput({ name: 'kb', guildId: guildA, user: emu.adminUser, options: [{ name: 'reload', type: 1 }] });
    // Both shards rebuild: the answer may come after a deferral, as an edit of the private placeholder.
    const first = await reload.callback({ timeoutMs: 30_000 });
    const embeds = first.type === 4 ? embedsOf(first) : ((await reload.original({ timeoutMs: 30_000, where: (m) => (m.embeds?.length ?? 0) > 0 })).embeds as Embed[]);
    const shards = embeds.find((embed) => embed.title?.includes('shard'));
    expect(shards?.title).toBe('Every shard reloaded (2)');
    expect(shards?.description).toMatch(/^Shard 0 \(this one\): reloaded: documents (\d+) → (\d+), passages/m);
    expect(shards?.description).toMatch(/^Shard 1: reloaded: documents (\d+) → (\d+), passages/m);
    const [, before0, after0] = /Shard 0 .*documents (\d+) → (\d+)/.exec(shards?.description ?? '') ?? [];
    const [, before1, after1] = /Shard 1: .*documents (\d+) → (\d+)/.exec(shards?.description ?? '') ?? [];
    expect(Number(after0)).toBe(Number(before0) + 1);
    expect([before1, after1]).toEqual([before0, after0]);

    // Shard 1 was not asked in its own guild, yet serves the new document.
    const after = await ask(guildB, `${MARKER} squad`);
    expect(ephemeral(after)).toBe(false);
    expect(embedsOf(after)[0]?.description).toContain(MARKER);
  });

  it('SIGHUP to the manager reloads every shard and logs each outcome', async () => {
    writeFileSync(path.join(knowledge, 'canine-units-shard-test-2.md'), doc('canine-units-shard-test-2', 'wombat'));
    const since = manager.logs.lines.length;
    manager.child.kill('SIGHUP');
    const reloaded = (shard: number) =>
      manager.logs.waitFor((line) => line['role'] === 'manager' && line['shard'] === shard && /^shard \d: reloaded/.test(String(line.msg)), `shard ${shard} reloaded after SIGHUP`, { since, timeoutMs: 30_000 });
    await Promise.all([reloaded(0), reloaded(1)]);
    expect(embedsOf(await ask(guildA, 'wombat squad'))[0]?.description).toContain('wombat');
  });

  it('answers /healthz 503, listing every shard, while shard 1 is still starting', () => {
    expect(healthWhileStarting.status).toBe(503);
    expect(healthWhileStarting.body.ok).toBe(false);
    expect(healthWhileStarting.body.shards.map((shard) => shard.shard)).toEqual([0, 1]);
    // Not created yet, or its process not connected or not answering yet: either way not healthy.
    expect(healthWhileStarting.body.shards[1]).toMatchObject({ shard: 1, ok: false });
  });

  it('serves /healthz and aggregated /metrics for every shard', async () => {
    const response = await fetch(`${health}/healthz`);
    const body = (await response.json()) as { ok: boolean; shards: { shard: number; ok: boolean; gateway: { shard: number; connected: boolean }[] }[] };
    expect(response.status).toBe(200);
    expect(body.ok).toBe(true);
    expect(body.shards.map((shard) => [shard.shard, shard.ok, shard.gateway])).toEqual([
      [0, true, [{ shard: 0, connected: true, status: 'Ready' }]],
      [1, true, [{ shard: 1, connected: true, status: 'Ready' }]],
    ]);
    const text = await (await fetch(`${health}/metrics`)).text();
    expect(sample(text, 'bot_interactions_total', { shard: '0', command: 'fentanyl', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'bot_interactions_total', { shard: '1', command: 'fentanyl', outcome: 'ok' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'bot_kb_reloads_total', { shard: '1', outcome: 'ok' })).toBe(2);
    expect(sample(text, 'bot_shard_up', { shard: '1' })).toBe(1);
  });

  it('respawns a killed shard process, which answers its guild again', async () => {
    const pidOf = (shard: number) => manager.logs.lines.filter(shardLine(shard, 'shard process started')).at(-1)?.['pid'] as number;
    const old = pidOf(1);
    const since = manager.logs.lines.length;
    process.kill(old, 'SIGKILL');
    const death = await manager.logs.waitFor(shardLine(1, 'shard process exited; respawning'), 'the death of shard 1', { since });
    expect(death['signal']).toBe('SIGKILL');
    // Unhealthy from the death until the respawned shard answers healthy.
    const down = await fetch(`${health}/healthz`);
    expect(down.status).toBe(503);
    const downBody = (await down.json()) as HealthBody;
    expect(downBody.shards.map((shard) => [shard.shard, shard.ok])).toEqual([[0, true], [1, false]]);
    await manager.logs.waitFor(shardLine(1, 'shard ready'), 'shard 1 ready again', { since, timeoutMs: 60_000 });
    expect(pidOf(1)).not.toBe(old);
    expect((await healthUntil(200)).status).toBe(200);

    const again = manager.logs.lines.length;
    const answer = await ask(guildB, 'seizures');
    expect(embedsOf(answer)).toHaveLength(1);
    expect(await answeredBy(guildB, again)).toBe(1);
    // Shard 0 was left alone.
    expect(manager.logs.lines.slice(since).some(shardLine(0, 'shard process exited; respawning'))).toBe(false);
    const text = await (await fetch(`${health}/metrics`)).text();
    expect(sample(text, 'bot_shard_restarts_total', { shard: '1' })).toBe(1);
  }, 90_000);
});
