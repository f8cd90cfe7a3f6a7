import type { KnowledgeDocument } from '../knowledge/schema.ts';
import type { SearchIndex } from '../search/search-index.ts';
import type { Passage } from '../search/types.ts';
import { excerpt } from './excerpt.ts';
import { figureSentences } from './key-figures.ts';
import { dayNumber } from './local-time.ts';
import { Rotation, seededRank } from './rotation.ts';
import { NO_HISTORY, type Briefing, type BriefingHistory, type BriefingItem, type BriefingSection } from './types.ts';

/** The part of the knowledge base a briefing reads. */
export type BriefingSource = Pick<SearchIndex, 'documents' | 'passages' | 'topics' | 'search' | 'citation'>;

export const KEY_FIGURES = 4;
export const SPOTLIGHT_PASSAGES = 3;
export const NEW_DOCUMENTS_LISTED = 5;
/** How many search hits for the topic of the day compete for the spotlight. */
const SPOTLIGHT_POOL = 12;
// Character budgets keep the whole digest well inside Discord's 6000 characters per message.
const SPOTLIGHT_EXCERPT_CHARS = 520;
const SPOTLIGHT_SECTION_CHARS = 1300;
const NEW_LEAD_CHARS = 220;

export interface ComposeInput {
  index: BriefingSource;
  /** The channel's local date, `YYYY-MM-DD`. */
  date: string;
  history?: BriefingHistory;
}

/**
 * The digest for one channel and day. Pure: the same index, date and history give the
 * same briefing; a different date or a longer history gives a different one.
 */
export function composeBriefing({ index, date, history = NO_HISTORY }: ComposeInput): Briefing {
  const rotation = new Rotation(history.shownPassageIds);
  // Each section skips passages an earlier-built one already uses today.
  const usedToday = new Set<string>();
  const use = (section: BriefingSection | null) => {
    for (const item of section?.items ?? []) usedToday.add(item.passageId);
    return section;
  };
  const additions = use(newDocumentsSection(index, history));
  const keyFigures = use(keyFiguresSection(index, date, rotation, usedToday));
  const spotlight = use(spotlightSection(index, date, rotation, usedToday));
  const sections = [keyFigures, spotlight, additions].filter((section) => section !== null);
  const documents = index.documents.length;
  return {
    date,
    sections,
    footer: `${documents} document${documents === 1 ? '' : 's'} in the knowledge base · Ask anything with /fentanyl query:…`,
    shownPassageIds: sections.flatMap((section) => section.items.map((item) => item.passageId)),
    knownDocIds: index.documents.map((document) => document.id),
  };
}

function keyFiguresSection(index: BriefingSource, date: string, rotation: Rotation, usedToday: ReadonlySet<string>): BriefingSection | null {
  const candidates = index.passages
    .filter((passage) => !usedToday.has(passage.id))
    .map((passage) => ({ passage, figures: figureSentences(passage.text) }))
    .filter((candidate) => candidate.figures.length > 0)
    // Unseen figures come in a date-seeded order, so two days without history still differ.
    .sort((a, b) => seededRank(date, a.passage.id) - seededRank(date, b.passage.id));
  const chosen = rotation.pick(candidates, KEY_FIGURES, (candidate) => candidate.passage.id, (candidate) => candidate.passage.docId);
  const items = chosen.flatMap(({ passage, figures }) =>
    // A passage back for another round quotes its next figure.
    cited(index, passage, figures[rotation.times(passage.id) % figures.length]!),
  );
  return items.length ? { title: 'Key figures', items } : null;
}

function spotlightSection(index: BriefingSource, date: string, rotation: Rotation, usedToday: ReadonlySet<string>): BriefingSection | null {
  const topics = index.topics();
  // Topic of the day by day number; a topic with nothing to show hands over to the next one.
  for (let step = 0; step < topics.length; step += 1) {
    const topic = topics[(dayNumber(date) + step) % topics.length]!;
    const pool = spotlightPool(index, topic).filter((passage) => !usedToday.has(passage.id));
    const chosen = rotation.pick(pool, SPOTLIGHT_PASSAGES, (passage) => passage.id, (passage) => passage.docId);
    const items = chosen.flatMap((passage) => cited(index, passage, excerpt(passage.text, SPOTLIGHT_EXCERPT_CHARS)));
    while (items.length > 2 && items.reduce((sum, item) => sum + item.text.length, 0) > SPOTLIGHT_SECTION_CHARS) items.pop();
    if (items.length) return { title: `Spotlight: ${topic}`, items };
  }
  return null;
}

/** The passages competing for a topic's spotlight: its best by search rank, then passages of documents tagged with it. */
export function spotlightPool(index: BriefingSource, topic: string): Passage[] {
  const ranked = index.search(topic.replace(/[-_]/g, ' '), { limit: SPOTLIGHT_POOL }).hits.map((hit) => hit.passageId);
  const tagged = new Set(index.documents.filter((document) => document.topics.includes(topic)).map((document) => document.id));
  const byId = new Map(index.passages.map((passage) => [passage.id, passage]));
  const pool = ranked.flatMap((id) => byId.get(id) ?? []);
  for (const passage of index.passages) {
    if (pool.length >= SPOTLIGHT_POOL) break;
    if (tagged.has(passage.docId) && !pool.includes(passage)) pool.push(passage);
  }
  return pool;
}

function newDocumentsSection(index: BriefingSource, history: BriefingHistory): BriefingSection | null {
  // A channel's first briefing sets the baseline: everything it finds then is not news.
  if (history.lastBriefingDate === null) return null;
  const known = new Set(history.knownDocIds);
  const fresh = index.documents.filter((document) => !known.has(document.id)).sort(newestFirst);
  if (!fresh.length) return null;
  const leads = new Map<string, Passage>();
  for (const passage of index.passages) if (!leads.has(passage.docId)) leads.set(passage.docId, passage);
  const items = fresh
    .slice(0, NEW_DOCUMENTS_LISTED)
    .flatMap((document) => {
      const lead = leads.get(document.id);
      return lead ? cited(index, lead, excerpt(lead.text, NEW_LEAD_CHARS)) : [];
    });
  const more = fresh.length - items.length;
  return {
    title: 'New in the knowledge base',
    items,
    ...(more > 0 ? { note: `…and ${more} more document${more === 1 ? '' : 's'}: ask /fentanyl to search them.` } : {}),
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

function cited(index: BriefingSource, passage: Passage, text: string): BriefingItem[] {
  return [{ text, citation: index.citation(passage), passageId: passage.id }];
}
