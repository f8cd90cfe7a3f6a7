import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { KnowledgeCounts, ReloadRecorder, ReloadReport } from '../knowledge/reload-report.ts';

/** What the command registry reports once per interaction it answered. */
export interface InteractionEvent {
  kind: 'command' | 'button' | 'autocomplete';
  /** A command the registry knows (`kb reload`), or `unknown`: never a raw name from a payload. */
  command: string;
  outcome: 'ok' | 'refused' | 'error';
  ms: number;
}

/** One briefing send as the transport saw it: posted, refused for good, or of unknown outcome (retried later). */
export type BriefingSendOutcome = 'posted' | 'failed' | 'uncertain';

/**
 * The bot's Prometheus metrics, in a registry of their own (never prom-client's global one,
 * so tests and several apps in one process do not collide). Recorded at three boundaries
 * only: the command registry (interactions), the briefing transport (sends) and the reload
 * recorder (reloads); the knowledge-base size is read when scraped.
 */
export class Metrics {
  readonly registry = new Registry();
  private readonly interactions: Counter<'kind' | 'command' | 'outcome'>;
  private readonly latency: Histogram<'kind' | 'command'>;
  private readonly briefings: Counter<'outcome'>;
  private readonly reloads: Counter<'outcome'>;

  constructor(options: { knowledge: () => KnowledgeCounts; shardId?: number }) {
    const registers = [this.registry];
    if (options.shardId !== undefined) this.registry.setDefaultLabels({ shard: String(options.shardId) });
    this.interactions = new Counter({
      name: 'bot_interactions_total',
      help: 'Interactions answered, by kind, command and outcome (ok, refused = a user-facing refusal, error = a bug or Discord failure)',
      labelNames: ['kind', 'command', 'outcome'],
      registers,
    });
    this.latency = new Histogram({
      name: 'bot_answer_duration_seconds',
      help: 'Time from an interaction reaching the command registry to its answer being ready',
      labelNames: ['kind', 'command'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.briefings = new Counter({
      name: 'bot_briefing_sends_total',
      help: 'Briefing sends: posted, failed (Discord refused; not retried today) or uncertain (no clear answer; checked and retried later)',
      labelNames: ['outcome'],
      registers,
    });
    this.reloads = new Counter({ name: 'bot_kb_reloads_total', help: 'Knowledge-base reloads by outcome (ok, refused)', labelNames: ['outcome'], registers });
    const { knowledge } = options;
    new Gauge({ name: 'bot_kb_documents', help: 'Documents in the knowledge base in service', registers, collect() { this.set(knowledge().documents); } });
    new Gauge({ name: 'bot_kb_passages', help: 'Passages in the knowledge base in service', registers, collect() { this.set(knowledge().passages); } });
    for (const outcome of ['posted', 'failed', 'uncertain'] as const) this.briefings.inc({ outcome }, 0);
    for (const outcome of ['ok', 'refused'] as const) this.reloads.inc({ outcome }, 0);
    // Process metrics, event-loop delay (nodejs_eventloop_lag_*) and resident memory among them.
    collectDefaultMetrics({ register: this.registry });
  }

  interaction(event: InteractionEvent): void {
    this.interactions.inc({ kind: event.kind, command: event.command, outcome: event.outcome });
    this.latency.observe({ kind: event.kind, command: event.command }, event.ms / 1000);
  }

  briefingSend(outcome: BriefingSendOutcome): void {
    this.briefings.inc({ outcome });
  }

  /** A ReloadRecorder to put in front of the audit trail: every reload passes it, whatever triggered it. */
  recordingReloads(next: ReloadRecorder | undefined): ReloadRecorder {
    return {
      recordReload: (report: ReloadReport) => {
        this.reloads.inc({ outcome: report.ok ? 'ok' : 'refused' });
        next?.recordReload(report);
      },
    };
  }
}
