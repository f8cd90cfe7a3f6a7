import { z } from 'zod';
import type { KnowledgeProblem } from './schema.ts';

/** What a reload of the knowledge base did: the library builds it, the audit trail stores it, the replies and logs render it. */
export interface KnowledgeCounts {
  documents: number;
  passages: number;
}

/** What asked for a reload: the audit trail and the replies name it. */
export type ReloadTrigger = 'command' | 'signal' | 'watch' | 'cli' | 'add' | 'review';

/** Who asked: a Discord user (id and name), or a named process trigger (`id` null). */
export interface Actor {
  id: string | null;
  name: string;
}

export interface ReloadRequest {
  trigger: ReloadTrigger;
  by: Actor;
  /**
   * Insist on a build that reads the folder after this call (a file was just written).
   * Without it a call during a reload shares that reload's result, which may predate the change.
   */
  fresh?: boolean;
}

export interface ReloadReport {
  ok: boolean;
  /** Each problem that blocked the reload; empty when ok. */
  problems: KnowledgeProblem[];
  before: KnowledgeCounts;
  after: KnowledgeCounts;
  /** Document ids added, removed and changed (same id, different text or metadata). */
  added: string[];
  removed: string[];
  changed: string[];
  durationMs: number;
  /** When the build started, and what and who started it. */
  startedAt: Date;
  trigger: ReloadTrigger;
  by: Actor;
  /** True for a request that joined a build another request had started (its trigger and actor are the starter's). */
  shared: boolean;
  /** Set when the audit trail could not record this reload (the reload itself still stands). */
  auditError?: string;
}

/** Where each reload is recorded (the store's KbAuditStore fits). */
export interface ReloadRecorder {
  recordReload(report: ReloadReport): void;
}

const Counts = z.object({ documents: z.number(), passages: z.number() });

/** One shard's part in a reload that reached every shard. `ok: null`: the shard did not answer (dead, restarting, or too slow). */
export const ShardReloadOutcome = z.object({
  shard: z.number().int().min(0),
  ok: z.boolean().nullable(),
  before: Counts.nullable(),
  after: Counts.nullable(),
  problems: z.number().int().min(0),
  /** One line: what changed, why nothing did, or why there is no answer. */
  detail: z.string(),
});
export type ShardReloadOutcome = z.infer<typeof ShardReloadOutcome>;
