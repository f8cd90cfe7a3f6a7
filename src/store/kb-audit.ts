import { z } from 'zod';
import { jsonColumn } from './json-column.ts';
import type { KnowledgeProblem } from '../knowledge/schema.ts';
import type { Actor, KnowledgeCounts, ReloadRecorder, ReloadReport, ReloadTrigger } from '../knowledge/reload-report.ts';
import type { Db } from './database.ts';

const KbAction = z.enum(['reload', 'add']);
export type KbAction = z.infer<typeof KbAction>;

/**
 * - `ok`: done (a reload swapped the index in; an add wrote its file and the reload took it).
 * - `invalid`: a reload met invalid files; nothing changed.
 * - `refused`: an add was refused (duplicate, wrong type, too large…); nothing was written.
 * - `failed`: something unexpected; nothing changed.
 */
const KbOutcome = z.enum(['ok', 'invalid', 'refused', 'failed']);
export type KbOutcome = z.infer<typeof KbOutcome>;

const Changes = z.object({ added: z.array(z.string()), removed: z.array(z.string()), changed: z.array(z.string()) });
const Problems = z.array(z.object({ file: z.string(), field: z.string(), message: z.string() }));

const EventRow = z
  .object({
    id: z.number().int(),
    at: z.iso.datetime(),
    action: KbAction,
    trigger: z.string(),
    actor_id: z.string().nullable(),
    actor_name: z.string(),
    outcome: KbOutcome,
    documents_before: z.number().int().nullable(),
    passages_before: z.number().int().nullable(),
    documents_after: z.number().int().nullable(),
    passages_after: z.number().int().nullable(),
    duration_ms: z.number(),
    doc_id: z.string().nullable(),
    changes: jsonColumn(Changes),
    problems: jsonColumn(Problems),
    message: z.string().nullable(),
  })
  .transform((row) => ({
    id: row.id,
    at: new Date(row.at),
    action: row.action,
    trigger: row.trigger as ReloadTrigger,
    by: { id: row.actor_id, name: row.actor_name } satisfies Actor,
    outcome: row.outcome,
    /** Null when not known (an add refused by the command line before it read the folder). */
    before: counts(row.documents_before, row.passages_before),
    after: counts(row.documents_after, row.passages_after),
    durationMs: row.duration_ms,
    /** The document an add was about. */
    docId: row.doc_id,
    ...row.changes,
    problems: row.problems as KnowledgeProblem[],
    /** Why an add was refused or what failed, in words. */
    message: row.message,
  }));

export type KbEvent = z.output<typeof EventRow>;

function counts(documents: number | null, passages: number | null): KnowledgeCounts | null {
  return documents === null || passages === null ? null : { documents, passages };
}

export interface KbEventInput {
  action: KbAction;
  trigger: ReloadTrigger;
  by: Actor;
  outcome: KbOutcome;
  before: KnowledgeCounts | null;
  after: KnowledgeCounts | null;
  durationMs: number;
  at?: Date;
  docId?: string | null;
  added?: string[];
  removed?: string[];
  changed?: string[];
  problems?: KnowledgeProblem[];
  message?: string | null;
}

/** Every reload and add, with who, when, what triggered it, its outcome and counts. */
export class KbAuditStore implements ReloadRecorder {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  record(event: KbEventInput): KbEvent {
    const { lastInsertRowid } = this.db
      .prepare(
        `INSERT INTO kb_events (at, action, trigger, actor_id, actor_name, outcome, documents_before, passages_before,
           documents_after, passages_after, duration_ms, doc_id, changes, problems, message)
         VALUES (@at, @action, @trigger, @actorId, @actorName, @outcome, @documentsBefore, @passagesBefore,
           @documentsAfter, @passagesAfter, @durationMs, @docId, @changes, @problems, @message)`,
      )
      .run({
        at: (event.at ?? this.now()).toISOString(),
        action: event.action,
        trigger: event.trigger,
        actorId: event.by.id,
        actorName: event.by.name,
        outcome: event.outcome,
        documentsBefore: event.before?.documents ?? null,
        passagesBefore: event.before?.passages ?? null,
        documentsAfter: event.after?.documents ?? null,
        passagesAfter: event.after?.passages ?? null,
        durationMs: Math.round(event.durationMs * 10) / 10,
        docId: event.docId ?? null,
        changes: JSON.stringify({ added: event.added ?? [], removed: event.removed ?? [], changed: event.changed ?? [] }),
        problems: JSON.stringify(event.problems ?? []),
        message: event.message ?? null,
      });
    return this.get(Number(lastInsertRowid))!;
  }

  /** The Library calls this once per build. */
  recordReload(report: ReloadReport): void {
    this.record({
      action: 'reload',
      trigger: report.trigger,
      by: report.by,
      outcome: report.ok ? 'ok' : report.problems.some((problem) => problem.field === 'folder') ? 'failed' : 'invalid',
      before: report.before,
      after: report.after,
      durationMs: report.durationMs,
      at: report.startedAt,
      added: report.added,
      removed: report.removed,
      changed: report.changed,
      problems: report.problems,
    });
  }

  get(id: number): KbEvent | undefined {
    const row = this.db.prepare('SELECT * FROM kb_events WHERE id = ?').get(id);
    return row === undefined ? undefined : EventRow.parse(row);
  }

  /** The latest event of one kind (or of any kind). */
  latest(action?: KbAction): KbEvent | undefined {
    const row = action
      ? this.db.prepare('SELECT * FROM kb_events WHERE action = ? ORDER BY id DESC LIMIT 1').get(action)
      : this.db.prepare('SELECT * FROM kb_events ORDER BY id DESC LIMIT 1').get();
    return row === undefined ? undefined : EventRow.parse(row);
  }

  /**
   * The last recorded reload as a ReloadReport, the shape of `Library.lastReload`, so a
   * status reads one kind of summary whether it comes from this process or the store.
   */
  lastReload(): ReloadReport | null {
    const event = this.latest('reload');
    if (!event) return null;
    const none = { documents: 0, passages: 0 };
    return {
      ok: event.outcome === 'ok',
      problems: event.problems,
      before: event.before ?? none,
      after: event.after ?? event.before ?? none,
      added: event.added,
      removed: event.removed,
      changed: event.changed,
      durationMs: event.durationMs,
      startedAt: event.at,
      trigger: event.trigger,
      by: event.by,
      shared: false,
    };
  }

  /** Most recent first. */
  recent(limit = 10): KbEvent[] {
    return this.db
      .prepare('SELECT * FROM kb_events ORDER BY id DESC LIMIT ?')
      .all(limit)
      .map((row) => EventRow.parse(row));
  }
}
