import { summariseReload } from './kb/reload-summary.ts';
import type { Library } from './library.ts';
import type { ReloadReport } from './knowledge/reload-report.ts';
import type { Logger } from './log.ts';
import type { HealthReport } from './observability/health.ts';
import type { Metrics } from './observability/metrics.ts';
import { IpcPeer, type Channel } from './shard-ipc.ts';
import type { ShardReloadOutcome } from './knowledge/reload-report.ts';

/** A reload of 100k passages takes seconds on a busy machine; past this a shard counts as not answering. */
export const SHARD_RELOAD_TIMEOUT_MS = 120_000;

/** A shard's reload, as the other shards and the manager see it. */
function shardOutcome(shard: number, report: ReloadReport): ShardReloadOutcome {
  return { shard, ok: report.ok, before: report.before, after: report.after, problems: report.problems.length, detail: summariseReload(report) };
}

/** The IPC channel to the manager that started this process. */
function parentChannel(): Channel {
  return {
    send: (message) =>
      new Promise<void>((resolve, reject) => {
        if (!process.send || !process.connected) return reject(new Error('the shard manager is gone'));
        process.send(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
      }),
    subscribe(listener) {
      process.on('message', listener);
      return () => process.off('message', listener);
    },
  };
}

/**
 * A shard process's side of the manager: it answers the manager's questions (reload the
 * knowledge base, health, metrics), lets `/kb reload` and `/kb add` reach every other shard
 * through the manager, and stops the bot when the manager goes away (its IPC channel closes).
 */
export function joinShardManager(options: {
  shardId: number;
  shardCount: number;
  library: Library;
  logger: Logger;
  health: () => HealthReport;
  metrics: Metrics | undefined;
  onManagerGone: () => void;
}): () => void {
  const { shardId, library, logger } = options;
  const peer = new IpcPeer(parentChannel(), {
    'kb-reload': async (request) => {
      const report = await library.reload(request);
      const outcome = shardOutcome(shardId, report);
      if (report.ok) logger.info({ trigger: request.trigger }, `reload from another shard: ${outcome.detail}`);
      else logger.warn({ trigger: request.trigger, problems: outcome.problems }, `reload from another shard: ${outcome.detail}`);
      return outcome;
    },
    health: async () => options.health(),
    metrics: async () => {
      if (!options.metrics) throw new Error('metrics are off (HEALTH_PORT is not set)');
      return (await options.metrics.registry.getMetricsAsJSON()) as never;
    },
  });
  library.setPeers({
    shardId,
    reload: (request) =>
      peer.ask('kb-fanout', { trigger: request.trigger, by: request.by, ...(request.fresh ? { fresh: true } : {}) }, SHARD_RELOAD_TIMEOUT_MS + 5_000).catch((error: unknown) => {
        logger.error({ err: error }, 'could not reach the other shards through the manager');
        const detail = `the shard manager did not answer: ${error instanceof Error ? error.message : String(error)}`;
        return Array.from({ length: options.shardCount }, (_, shard) => shard)
          .filter((shard) => shard !== shardId)
          .map((shard) => ({ shard, ok: null, before: null, after: null, problems: 0, detail }));
      }),
  });
  const gone = () => {
    logger.warn('the shard manager is gone; stopping');
    options.onManagerGone();
  };
  process.once('disconnect', gone);
  return () => {
    process.off('disconnect', gone);
    library.setPeers(undefined);
    peer.close();
  };
}
