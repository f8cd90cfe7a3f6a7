/**
 * SHARD_COUNT=auto|N: this process runs no bot itself. It starts one process per shard (each
 * running src/main.ts, which then serves only its shard's guilds), respawns a shard whose process
 * exits, relays knowledge-base reloads to every shard, and (with HEALTH_PORT) answers /healthz
 * and /metrics for all of them. SHARD_IDS + SHARD_COUNT let several hosts split the shards.
 */
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { REST, Routes, ShardingManager, type Shard } from 'discord.js';
import { AggregatorRegistry, Counter, Gauge, Registry, collectDefaultMetrics, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import { z } from 'zod';
import type { Config } from './config.ts';
import type { Logger } from './log.ts';
import { startObservabilityServer, type ObservabilityServer } from './observability/http.ts';
import { IpcPeer, type Channel, type ReloadAsk } from './shard-ipc.ts';
import type { ShardReloadOutcome } from './knowledge/reload-report.ts';
import { SHARD_RELOAD_TIMEOUT_MS } from './shard-process.ts';

/** Discord lets a bot start one session per 5 s (max_concurrency 1): shards are started that far apart. */
const SPAWN_DELAY_MS = 5_500;
/** A shard that has not said it is ready by then is reported; it keeps trying. */
const READY_TIMEOUT_MS = 120_000;
/** Respawn waits: doubled while a shard keeps dying within STABLE_MS of its start, up to the cap. */
const RESPAWN_FIRST_MS = 1_000;
const RESPAWN_MAX_MS = 60_000;
const STABLE_MS = 60_000;
const STOP_GRACE_MS = 15_000;
const QUESTION_TIMEOUT_MS = 3_000;

interface Tracked {
  shard: Shard;
  peer: IpcPeer | null;
  startedAt: number;
  backoffMs: number;
  timer: NodeJS.Timeout | null;
}

/** Runs until SIGINT/SIGTERM; resolves with the exit code. */
export async function runShardManager(config: Config, logger: Logger): Promise<number> {
  const sharding = config.sharding;
  if (!config.discord || sharding?.role !== 'manager') throw new Error('runShardManager needs DISCORD_TOKEN and SHARD_COUNT');
  const discord = config.discord;
  let total: number;
  try {
    total = sharding.count === 'auto' ? await recommendedShardCount(discord.token, discord.apiBaseUrl) : sharding.count;
  } catch (error) {
    logger.fatal({ reason: error instanceof Error ? error.message : String(error) }, 'could not ask Discord for the recommended shard count');
    return 1;
  }
  const ids = sharding.ids ?? Array.from({ length: total }, (_, id) => id);
  const log = logger.child({ role: 'manager' });

  const manager = new ShardingManager(path.join(import.meta.dirname, 'main.ts'), {
    totalShards: total,
    shardList: ids,
    mode: 'process',
    // Respawning is ours (with a growing wait), not discord.js's immediate one.
    respawn: false,
    token: discord.token,
    // Each shard runs TypeScript as `npm start` does.
    execArgv: ['--import', import.meta.resolve('tsx')],
  });
  const tracked = new Map<number, Tracked>();
  const metrics = managerMetrics(tracked);
  let stopping = false;

  const respawnLater = (entry: Tracked) => {
    const { shard } = entry;
    const wait = entry.backoffMs;
    entry.backoffMs = Date.now() - entry.startedAt < STABLE_MS ? Math.min(wait * 2, RESPAWN_MAX_MS) : RESPAWN_FIRST_MS;
    entry.timer = setTimeout(() => {
      entry.timer = null;
      if (stopping || shard.process) return;
      shard.spawn(READY_TIMEOUT_MS).catch((error: unknown) => log.error({ shard: shard.id, reason: (error as Error).message }, 'respawned shard did not become ready'));
    }, wait);
  };

  manager.on('shardCreate', (shard) => {
    const entry: Tracked = { shard, peer: null, startedAt: Date.now(), backoffMs: RESPAWN_FIRST_MS, timer: null };
    tracked.set(shard.id, entry);
    // Process mode: each shard is a ChildProcess (never a Worker).
    shard.on('spawn', (spawned) => {
      const child = spawned as ChildProcess;
      entry.startedAt = Date.now();
      entry.peer?.close();
      entry.peer = new IpcPeer(shardChannel(shard), { 'kb-fanout': (request) => reloadShards(request, shard.id) });
      log.info({ shard: shard.id, pid: child.pid }, 'shard process started');
    });
    shard.on('ready', () => log.info({ shard: shard.id }, 'shard ready'));
    shard.on('disconnect', () => log.warn({ shard: shard.id }, 'shard lost its gateway connection'));
    shard.on('death', (dead) => {
      const child = dead as ChildProcess;
      entry.peer?.abandon('the shard process exited');
      if (stopping) return;
      metrics.restarts.inc({ shard: String(shard.id) });
      log.warn({ shard: shard.id, code: child.exitCode ?? null, signal: child.signalCode ?? null, respawnInMs: entry.backoffMs }, 'shard process exited; respawning');
      respawnLater(entry);
    });
    shard.on('error', (error: Error) => log.error({ shard: shard.id, err: error }, 'shard error'));
  });

  /** Ask each shard (but `except`) to reload; each answer, or why there is none. */
  async function reloadShards(request: ReloadAsk, except: number | null): Promise<ShardReloadOutcome[]> {
    const targets = [...tracked.values()].filter((entry) => entry.shard.id !== except);
    return Promise.all(
      targets.map(async ({ shard, peer }): Promise<ShardReloadOutcome> => {
        const missing = (detail: string): ShardReloadOutcome => ({ shard: shard.id, ok: null, before: null, after: null, problems: 0, detail });
        if (!shard.process || !peer) return missing('its process is restarting');
        try {
          return await peer.ask('kb-reload', request, SHARD_RELOAD_TIMEOUT_MS);
        } catch (error) {
          return missing((error as Error).message);
        }
      }),
    );
  }

  const onHangup = () => {
    void reloadShards({ trigger: 'signal', by: { id: null, name: 'SIGHUP' }, fresh: true }, null).then((outcomes) => {
      for (const outcome of outcomes) {
        const fields = { shard: outcome.shard, trigger: 'signal', problems: outcome.problems };
        if (outcome.ok) log.info(fields, `shard ${outcome.shard}: ${outcome.detail}`);
        else log.warn(fields, `shard ${outcome.shard}: ${outcome.ok === null ? `no answer (${outcome.detail})` : outcome.detail}`);
      }
    });
  };
  process.on('SIGHUP', onHangup);
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });

  // The pid kill -HUP must name to reload every shard.
  log.info({ pid: process.pid, shards: ids, total }, 'starting shards');
  let server: ObservabilityServer | null = null;
  let code = 0;
  try {
    // Served from the start: /healthz answers 503 while shards are still starting, not nothing.
    if (config.health) {
      server = await startObservabilityServer({
        ...config.health,
        handlers: { health: () => managerHealth(ids, tracked), metrics: () => aggregatedMetrics(tracked, metrics.registry) },
        onError: (error) => log.error({ err: error }, 'health check failed'),
      });
      log.info({ host: config.health.host, port: server.port }, 'serving /healthz and /metrics');
    }
    const spawned = manager.spawn({ amount: total, delay: SPAWN_DELAY_MS, timeout: READY_TIMEOUT_MS });
    const first = await Promise.race([spawned.then(() => null), stopSignal]);
    if (first === null) {
      log.info({ shards: ids }, 'every shard is ready');
      log.info({ signal: await stopSignal }, 'stopping shards');
    } else {
      spawned.catch(() => undefined);
      log.info({ signal: first }, 'stopping shards');
    }
  } catch (error) {
    log.fatal({ reason: (error as Error).message }, 'a shard could not start; stopping');
    code = 1;
  }
  stopping = true;
  process.off('SIGHUP', onHangup);
  await server?.close();
  await Promise.all([...tracked.values()].map((entry) => stopShard(entry)));
  log.info('stopped');
  return code;
}

/** GET /gateway/bot through the configured API base (discord.js's own helper always asks discord.com). */
async function recommendedShardCount(token: string, apiBaseUrl: string | undefined): Promise<number> {
  const rest = new REST(apiBaseUrl ? { api: apiBaseUrl } : {}).setToken(token);
  const body = z.object({ shards: z.number().int().min(1) }).parse(await rest.get(Routes.gatewayBot()));
  return body.shards;
}

function shardChannel(shard: Shard): Channel {
  return {
    send: async (message) => {
      await shard.send(message);
    },
    subscribe(listener) {
      shard.on('message', listener);
      return () => shard.off('message', listener);
    },
  };
}

/** SIGTERM (the shard drains its interactions and closes its store), SIGKILL past the grace period. */
async function stopShard(entry: Tracked): Promise<void> {
  if (entry.timer) clearTimeout(entry.timer);
  entry.peer?.close();
  const child = entry.shard.process;
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

function managerMetrics(tracked: Map<number, Tracked>) {
  const registry = new Registry();
  registry.setDefaultLabels({ shard: 'manager' });
  const registers = [registry];
  new Gauge({
    name: 'bot_shard_up',
    help: 'Whether each shard of this manager has a running process that said it is ready (1) or not (0)',
    labelNames: ['shard'],
    registers,
    collect() {
      for (const { shard } of tracked.values()) this.set({ shard: String(shard.id) }, shard.process && shard.ready ? 1 : 0);
    },
  });
  const restarts = new Counter({ name: 'bot_shard_restarts_total', help: 'Shard processes that exited and were respawned', labelNames: ['shard'], registers });
  collectDefaultMetrics({ register: registry });
  return { registry, restarts };
}

/**
 * Healthy when every shard this manager runs (`ids`) answers healthy; a shard not started yet,
 * without a process (it died and waits to be respawned), or silent, is unhealthy.
 */
async function managerHealth(ids: readonly number[], tracked: Map<number, Tracked>): Promise<{ ok: boolean; body: unknown }> {
  const shards = await Promise.all(
    ids.map(async (id) => {
      const entry = tracked.get(id);
      if (!entry) return { shard: id, ok: false, error: 'not started yet' };
      const { shard, peer } = entry;
      if (!shard.process || !peer) return { shard: shard.id, ok: false, error: 'no process (restarting)' };
      try {
        const report = await peer.ask('health', null, QUESTION_TIMEOUT_MS);
        return { shard: shard.id, ...report };
      } catch (error) {
        return { shard: shard.id, ok: false, error: (error as Error).message };
      }
    }),
  );
  const ok = shards.length > 0 && shards.every((shard) => shard.ok);
  return { ok, body: { ok, shards } };
}

/**
 * Every shard's metrics (each labelled with its `shard`) and the manager's own, in one
 * exposition. prom-client's AggregatorRegistry gathers from cluster workers only; its static
 * `aggregate` merges any registries' JSON, so the shards send theirs over IPC. A shard that
 * does not answer is left out (and `bot_shard_up` says so).
 */
async function aggregatedMetrics(tracked: Map<number, Tracked>, own: Registry): Promise<{ contentType: string; body: string }> {
  const parts = await Promise.all(
    [...tracked.values()].map(({ shard, peer }) => (shard.process && peer ? peer.ask('metrics', null, QUESTION_TIMEOUT_MS).catch(() => null) : null)),
  );
  const all = [await own.getMetricsAsJSON(), ...parts.filter((part) => part !== null)] as MetricObjectWithValues<MetricValue<string>>[][];
  const registry = AggregatorRegistry.aggregate(all);
  return { contentType: registry.contentType, body: await registry.metrics() };
}
