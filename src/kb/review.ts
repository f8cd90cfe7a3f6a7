import type { Actor } from '../knowledge/reload-report.ts';
import type { Candidate, FeedStore } from '../store/feeds.ts';
import { addArticle, type AddContext, type AddResult } from './add-article.ts';
import { preparedFromSource } from './add-document.ts';
import { AddRefusedError } from './source-file.ts';

/** A candidate as `kb review list --json` prints it. */
export interface CandidateSummary {
  id: number;
  url: string;
  title: string;
  publisher: string | null;
  published: string | null;
  relevance: number;
  status: Candidate['status'];
}

export const summarise = (candidate: Candidate): CandidateSummary => ({
  id: candidate.id,
  url: candidate.url,
  title: candidate.title,
  publisher: candidate.publisher,
  published: candidate.published,
  relevance: candidate.relevance,
  status: candidate.status,
});

/** A decision taken (with the add it made, for an approval), or refused with why in one line. */
export type ReviewResult =
  | { status: 'approved'; candidate: Candidate; add: AddResult & { status: 'added' } }
  | { status: 'rejected'; candidate: Candidate }
  | { status: 'refused'; message: string; candidate: Candidate | null; add?: AddResult };

function waiting(store: FeedStore, id: number): Candidate {
  const candidate = store.candidate(id);
  if (!candidate) throw new AddRefusedError(`There is no candidate ${id}; \`kb review list\` shows the queue.`);
  if (candidate.status === 'approved' || candidate.status === 'rejected') {
    throw new AddRefusedError(`Candidate ${id} was already ${candidate.status}${candidate.decidedBy ? ` by ${candidate.decidedBy.name}` : ''}${candidate.decidedAt ? ` on ${candidate.decidedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC` : ''}.`);
  }
  return candidate;
}

/**
 * Approve a candidate: it goes through the one add flow (duplicate check, atomic write, reload,
 * roll back, audit) and, once added, is marked approved with who and when.
 */
export async function approveCandidate(store: FeedStore, context: Omit<AddContext, 'trigger'>, id: number): Promise<ReviewResult> {
  let candidate: Candidate;
  try {
    candidate = waiting(store, id);
  } catch (error) {
    if (!(error instanceof AddRefusedError)) throw error;
    return { status: 'refused', message: error.message, candidate: store.candidate(id) ?? null };
  }
  const add = await addArticle({ ...context, trigger: 'review' }, () => preparedFromSource(`${candidate.docId}.md`, candidate.source, candidate.removedLines));
  if (add.status === 'added') {
    store.decide(id, 'approved', context.by, add.prepared.id);
    return { status: 'approved', candidate: store.candidate(id)!, add };
  }
  const message = add.status === 'refused' ? add.message : `The reload after writing it found ${add.reload.problems.length} problem(s); the file was removed.`;
  store.logReview(id, 'approve', context.by, 'refused', message);
  return { status: 'refused', message, candidate: store.candidate(id)!, add };
}

/** Reject a candidate for good: a later poll that meets its address or text again skips it. */
export function rejectCandidate(store: FeedStore, by: Actor, id: number): ReviewResult {
  try {
    const candidate = waiting(store, id);
    store.decide(candidate.id, 'rejected', by);
    return { status: 'rejected', candidate: store.candidate(id)! };
  } catch (error) {
    if (!(error instanceof AddRefusedError)) throw error;
    return { status: 'refused', message: error.message, candidate: store.candidate(id) ?? null };
  }
}
