import { Status, type Client } from 'discord.js';
import type { Config } from '../config.ts';
import type { Library } from '../library.ts';
import type { Logger } from '../log.ts';
import { checkHealth, type HealthReport, type ShardGateway } from './health.ts';
import { startObservabilityServer } from './http.ts';
import type { Metrics } from './metrics.ts';

/** Each gateway connection of the client: connected only when READY (or resumed), not while identifying or resuming. */
function gatewayOf(client: Client): ShardGateway[] {
  return [...client.ws.shards.values()].map((shard) => ({ shard: shard.id, connected: shard.status === Status.Ready, status: Status[shard.status] ?? String(shard.status) }));
}

/** `app`: anything that can probe its database (the assembled App). */
export function appHealth(app: { probeDatabase(): void }, client: Client, library: Library): HealthReport {
  return checkHealth({ gateway: () => gatewayOf(client), knowledge: () => library.counts, probeDatabase: () => app.probeDatabase() });
}

/** One process (not sharded) with HEALTH_PORT set: serve /healthz and /metrics; returns the stopper. */
export async function serveProcessObservability(options: {
  health: NonNullable<Config['health']>;
  report: () => HealthReport;
  metrics: Metrics;
  logger: Logger;
}): Promise<() => Promise<void>> {
  const { metrics, logger } = options;
  const server = await startObservabilityServer({
    ...options.health,
    handlers: {
      health: async () => {
        const report = options.report();
        return { ok: report.ok, body: report };
      },
      metrics: async () => ({ contentType: metrics.registry.contentType, body: await metrics.registry.metrics() }),
    },
    onError: (error) => logger.error({ err: error }, 'health check failed'),
  });
  logger.info({ host: options.health.host, port: server.port }, 'serving /healthz and /metrics');
  return () => server.close();
}
