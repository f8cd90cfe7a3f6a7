import { z } from 'zod';

/** One gateway connection as the client sees it. */
export const ShardGateway = z.object({ shard: z.number().int().min(0), connected: z.boolean(), status: z.string() });
export type ShardGateway = z.infer<typeof ShardGateway>;

/**
 * What GET /healthz answers: healthy when every gateway connection of the process is up, the
 * knowledge base in service has passages, and the database takes a write lock. A sharded
 * manager answers with one such report per shard (see shard-manager.ts).
 */
export const HealthReport = z.object({
  ok: z.boolean(),
  gateway: z.array(ShardGateway),
  knowledgeBase: z.object({ ok: z.boolean(), documents: z.number(), passages: z.number() }),
  database: z.object({ ok: z.boolean(), error: z.string().optional() }),
});
export type HealthReport = z.infer<typeof HealthReport>;

export interface HealthSources {
  /** Each gateway connection this process holds (empty before login: unhealthy). */
  gateway: () => ShardGateway[];
  knowledge: () => { documents: number; passages: number };
  /** Throws if the database cannot be written. */
  probeDatabase: () => void;
}

export function checkHealth(sources: HealthSources): HealthReport {
  const gateway = sources.gateway();
  const counts = sources.knowledge();
  const knowledgeBase = { ok: counts.passages > 0, ...counts };
  let database: HealthReport['database'];
  try {
    sources.probeDatabase();
    database = { ok: true };
  } catch (error) {
    database = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  const ok = gateway.length > 0 && gateway.every((shard) => shard.connected) && knowledgeBase.ok && database.ok;
  return { ok, gateway, knowledgeBase, database };
}
