import type { KnowledgeDocument } from '../knowledge/schema.ts';
import { candidatesOf, leadPiece, prepareCandidates, type BriefingSource, type Piece } from './candidates.ts';
import { sharesFact } from './facts.ts';
import { prepareRotation, scheduledDay } from './rotation.ts';
import { NO_HISTORY, type Briefing, type BriefingHistory, type BriefingItem, type BriefingSection } from './types.ts';

export type { BriefingSource } from './candidates.ts';
export { KEY_FIGURES, SPOTLIGHT_ITEMS, TARGET_ITEMS } from './rotation.ts';

export const NEW_DOCUMENTS_LISTED = 5;
/** A new document is announced by a shorter opening than other items, since up to five may come at once. */
const NEW_LEAD_CHARS = 260;

export interface ComposeInput {
  index: BriefingSource;
  /** The channel's local date, `YYYY-MM-DD`. */
  date: string;
  /** What the channel's earlier briefings knew: only documents added since are announced. */
  history?: BriefingHistory;
  /** The channel the digest is for (seeds its rotation); empty for a digest outside any channel. */
  channel?: string;
  /** Topics the channel follows (its spotlight and key figures come from them); empty for all. */
  focus?: readonly string[];
}

/**
 * Reads what a knowledge base's first digest needs (every passage's sentences, every topic's
 * searches, the tables all channels' rotations share) in slices that yield to the event loop:
 * seconds at 100k passages that `composeBriefing` would otherwise spend at once. Awaited
 * before composing where the event loop matters (a due briefing, a preview); cheap once done.
 */
export async function prepareBriefing(index: BriefingSource, options: { sliceMs?: number } = {}): Promise<void> {
  await prepareCandidates(index, options);
  await prepareRotation(index, options);
}

/**
 * The digest for one channel and day. Pure: the same knowledge base, channel, focus, date
 * and history give the same briefing. Which passages it shows is the channel's rotation
 * schedule for that date (see rotation.ts), so it does not depend on which earlier days
 * were actually posted; the history only tells which documents are new to the channel.
 */
export function composeBriefing({ index, date, history = NO_HISTORY, channel = '', focus = [] }: ComposeInput): Briefing {
  const known = candidatesOf(index).topics;
  const topics = [...new Set(focus)].filter((topic) => known.has(topic)).sort();
  const plan = scheduledDay(index, date, { channel, focus: topics });
  const additions = newDocumentsSection(index, history);
  // A new document's lead is announced once; the rest of the day keeps clear of it and its figures.
  const announced = additions?.pieces ?? [];
  const clear = (piece: Piece) => !announced.some((other) => other.passage.id === piece.passage.id || sharesFact(piece.facts, other.facts));
  const sectionOf = (title: string, pieces: readonly Piece[]): BriefingSection | null => {
    const items = pieces.filter(clear).map((piece) => cited(index, piece));
    return items.length ? { title, items } : null;
  };
  const sections = [
    additions?.section ?? null,
    sectionOf('Key figures', plan.keyFigures),
    plan.spotlight ? sectionOf(`Spotlight: ${plan.spotlight.topic}`, plan.spotlight.items) : null,
    sectionOf(anniversaryTitle(plan.anniversary.years), plan.anniversary.items),
    sectionOf('More from the knowledge base', plan.more),
  ].filter((section) => section !== null);
  const documents = index.documents.length;
  const focusNote = topics.length ? ` · Focus: ${topics.join(', ')}${plan.fellBack ? ' (topped up from the whole knowledge base)' : ''}` : '';
  return {
    date,
    sections,
    footer: `${documents} document${documents === 1 ? '' : 's'} in the knowledge base${focusNote} · Ask anything with /fentanyl query:…`,
    shownPassageIds: sections.flatMap((section) => section.items.map((item) => item.passageId)),
    knownDocIds: index.documents.map((document) => document.id),
    focus: topics,
  };
}

function anniversaryTitle(years: readonly number[]): string {
  if (years.length !== 1) return 'This week in earlier years';
  return years[0] === 1 ? 'A year ago this week' : `${years[0]} years ago this week`;
}

function newDocumentsSection(index: BriefingSource, history: BriefingHistory): { section: BriefingSection; pieces: Piece[] } | null {
  // A channel's first briefing sets the baseline: everything it finds then is not news.
  if (history.lastBriefingDate === null) return null;
  const known = new Set(history.knownDocIds);
  const fresh = index.documents.filter((document) => !known.has(document.id)).sort(newestFirst);
  if (!fresh.length) return null;
  const pieces = fresh.slice(0, NEW_DOCUMENTS_LISTED).flatMap((document) => {
    // The document's first passage whose opening stands alone, short if it can be.
    for (const passage of index.passages) {
      if (passage.docId !== document.id) continue;
      const lead = leadPiece(passage, NEW_LEAD_CHARS) ?? candidatesOf(index).leads.get(passage.id);
      if (lead) return [lead];
    }
    return [];
  });
  const more = fresh.length - pieces.length;
  return {
    pieces,
    section: {
      title: 'New in the knowledge base',
      items: pieces.map((piece) => cited(index, piece)),
      ...(more > 0 ? { note: `…and ${more} more document${more === 1 ? '' : 's'}: ask /fentanyl to search them.` } : {}),
    },
  };
}

function newestFirst(a: KnowledgeDocument, b: KnowledgeDocument): number {
  if (a.published !== b.published) {
    if (a.published === null) return 1;
    if (b.published === null) return -1;
    return a.published < b.published ? 1 : -1;
  }
  return a.title.localeCompare(b.title);
}

function cited(index: BriefingSource, piece: Piece): BriefingItem {
  return { text: piece.text, citation: index.citation(piece.passage), passageId: piece.passage.id };
}
