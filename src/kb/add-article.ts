import { KnowledgeFolderError } from '../knowledge/loader.ts';
import { toPassages } from '../knowledge/passages.ts';
import type { KnowledgeProblem } from '../knowledge/schema.ts';
import type { Library } from '../library.ts';
import type { Actor, KnowledgeCounts, ReloadReport } from '../knowledge/reload-report.ts';
import type { KbEventInput } from '../store/kb-audit.ts';
import { findDuplicate, writeDocument, type AddedDocument, type PreparedDocument } from './add-document.ts';
import { AddRefusedError } from './source-file.ts';

/** Where the add was asked for: the audit trail and the replies name it. */
export type AddTrigger = 'command' | 'cli' | 'review';

/** Where adds are recorded (the store's KbAuditStore fits). */
export interface AddRecorder {
  record(event: KbEventInput): unknown;
}

export interface AddContext {
  knowledgeDir: string;
  /** The live knowledge base, reloaded after the write; without one (the command line) the written file is only validated. */
  library?: Library | null;
  audit?: AddRecorder | null;
  by: Actor;
  trigger: AddTrigger;
}

/** What one add came to; the command line and Discord both render this. */
export type AddResult =
  | {
      status: 'added';
      prepared: PreparedDocument;
      path: string;
      /** Passages the new document makes. */
      passages: number;
      before: KnowledgeCounts;
      after: KnowledgeCounts;
      /** The reload that put it in service (null without a live knowledge base). */
      reload: ReloadReport | null;
      /** Problems other files of the folder already had: a reload is refused until they are fixed. */
      folderProblems: KnowledgeProblem[];
      auditError?: string;
    }
  /** Nothing was written: a duplicate, a page that could not be fetched, an invalid file… */
  | { status: 'refused'; message: string; auditError?: string }
  /** The file was written, the reload found problems, and the file was taken out again. */
  | { status: 'rolled-back'; prepared: PreparedDocument; reload: ReloadReport; auditError?: string };

/**
 * The one way an article enters the knowledge base, whatever brought it (an upload, a local
 * file, a URL, an approved feed candidate): read it, refuse a duplicate, write it
 * atomically, reload, take it out again if the reload fails, and record the outcome.
 * A refusal comes back as a result; only an unexpected error is thrown (after being recorded).
 */
export async function addArticle(context: AddContext, read: () => Promise<PreparedDocument> | PreparedDocument): Promise<AddResult> {
  const { library } = context;
  const started = performance.now();
  const knownBefore = library?.counts ?? null;
  const record = (event: Omit<KbEventInput, 'action' | 'trigger' | 'by' | 'durationMs'>): string | undefined => {
    try {
      context.audit?.record({ action: 'add', trigger: context.trigger, by: context.by, durationMs: performance.now() - started, ...event });
      return undefined;
    } catch (error) {
      return (error as Error).message;
    }
  };
  const withAudit = <T extends AddResult>(result: T, auditError: string | undefined): T => (auditError ? { ...result, auditError } : result);

  let added: AddedDocument;
  try {
    const prepared = await read();
    added = await writeDocument(context.knowledgeDir, prepared);
  } catch (error) {
    if (error instanceof AddRefusedError || error instanceof KnowledgeFolderError) {
      const auditError = record({ outcome: 'refused', before: knownBefore, after: knownBefore, message: error.message });
      return withAudit({ status: 'refused', message: error.message }, auditError);
    }
    record({ outcome: 'failed', before: knownBefore, after: knownBefore, message: (error as Error).message });
    throw error;
  }

  const passages = toPassages(added.document).length;
  const { existing, folderProblems, path } = added;
  const preparedOnly: PreparedDocument = { id: added.id, file: added.file, source: added.source, document: added.document, removedLines: added.removedLines };
  if (!library) {
    const before = { documents: existing.length, passages: existing.reduce((sum, document) => sum + toPassages(document).length, 0) };
    const after = { documents: before.documents + 1, passages: before.passages + passages };
    const auditError = record({ outcome: 'ok', docId: added.id, before, after, added: [added.id] });
    return withAudit({ status: 'added', prepared: preparedOnly, path, passages, before, after, reload: null, folderProblems }, auditError);
  }

  const reload = await library.reload({ trigger: context.trigger === 'command' ? 'add' : context.trigger, by: context.by, fresh: true });
  if (!reload.ok) {
    await added.remove();
    const auditError = record({
      outcome: 'invalid',
      docId: added.id,
      before: reload.before,
      after: reload.before,
      problems: reload.problems,
      message: 'the reload after writing it failed; the file was removed',
    });
    return withAudit({ status: 'rolled-back', prepared: preparedOnly, reload }, auditError);
  }
  const auditError = record({ outcome: 'ok', docId: added.id, before: reload.before, after: reload.after, added: [added.id] });
  return withAudit({ status: 'added', prepared: preparedOnly, path, passages, before: reload.before, after: reload.after, reload, folderProblems }, auditError);
}

/**
 * Refuse early what the write would refuse anyway (used before showing a preview): null when
 * the document is new to the documents in service, else why not.
 */
export function duplicateInService(library: Library, prepared: PreparedDocument, otherUrls: readonly string[] = []): Promise<string | null> {
  return findDuplicate(library.index.documents, prepared, otherUrls);
}
