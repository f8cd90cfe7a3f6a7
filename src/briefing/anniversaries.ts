import type { BriefingSource, Candidates, Piece } from './candidates.ts';
import { addDays } from '../shared/local-time.ts';
import { cachedSteps, runAtOnce, SLICE_STEP } from '../shared/slices.ts';

/**
 * Anniversaries in the digest: articles published in the same week of an earlier year are
 * recalled by their opening, and that opening is kept back in the days before, so the day can
 * recall it. Worked out once per knowledge base (and week), shared by every channel's play.
 */

/** Articles recalled on their anniversary week. */
const ANNIVERSARY_DOCUMENTS = 2;

/** The tables every channel's anniversaries share (each document's passages, documents by day, openings), in steps. */
export function* anniversaryTableSteps(index: BriefingSource, candidates: Candidates): Generator<void, void> {
  yield* cachedSteps(passagesByDocument, index, () => passagesByDocumentSteps(index));
  yield* cachedSteps(documentsByDay, index, () => documentsByDaySteps(index));
  yield* cachedSteps(openingsByIndex, index, () => openingsSteps(index, candidates));
}

type KnowledgePassage = BriefingSource['passages'][number];

/** Each document's passages in order, found once per knowledge base rather than by a scan a day. */
function passagesOf(index: BriefingSource, docId: string): readonly KnowledgePassage[] {
  return runAtOnce(cachedSteps(passagesByDocument, index, () => passagesByDocumentSteps(index))).get(docId) ?? [];
}
function* passagesByDocumentSteps(index: BriefingSource): Generator<void, Map<string, KnowledgePassage[]>> {
  const byDocument = new Map<string, KnowledgePassage[]>();
  for (const [i, passage] of index.passages.entries()) {
    const list = byDocument.get(passage.docId);
    if (list) list.push(passage);
    else byDocument.set(passage.docId, [passage]);
    if (i % SLICE_STEP === 0) yield;
  }
  return byDocument;
}
const passagesByDocument = new WeakMap<BriefingSource, Map<string, KnowledgePassage[]>>();

/**
 * Articles published in the same week (Monday to Sunday) of an earlier year: one piece each,
 * the article's first passage that is fresh today (its opening, unless that was shown lately).
 */
export function anniversaryItems(
  index: BriefingSource,
  candidates: Candidates,
  date: string,
  fresh: (piece: Piece) => boolean,
  take: (piece: Piece) => Piece,
): { years: number[]; items: Piece[] } {
  const year = Number(date.slice(0, 4));
  const documents = anniversaryDocuments(index, weekStart(date));
  const items: Piece[] = [];
  const years = new Set<number>();
  for (const document of documents) {
    const pieces = passagesOf(index, document.id)
      .flatMap((passage, position) => {
        const lead = candidates.leads.get(passage.id);
        return lead ? [{ lead, position }] : [];
      })
      .filter(({ lead }) => fresh(lead));
    const first = pieces[0];
    if (!first) continue;
    items.push(take(first.lead));
    years.add(year - Number(document.published!.slice(0, 4)));
  }
  return { years: [...years].sort((a, b) => a - b), items };
}

/** The newest articles whose anniversary falls in the week from `week` (a Monday), once per knowledge base and week. */
function anniversaryDocuments(index: BriefingSource, week: string): readonly BriefingSource['documents'][number][] {
  let byWeek = documentsByWeek.get(index);
  if (!byWeek) documentsByWeek.set(index, (byWeek = new Map()));
  let documents = byWeek.get(week);
  if (!documents) {
    documents = Array.from({ length: 7 }, (_, offset) => addDays(week, offset))
      .flatMap((day) => publishedOn(index, day))
      .sort((a, b) => (a.published! < b.published! ? 1 : -1))
      .slice(0, ANNIVERSARY_DOCUMENTS);
    byWeek.set(week, documents);
  }
  return documents;
}
const documentsByWeek = new WeakMap<BriefingSource, Map<string, readonly BriefingSource['documents'][number][]>>();

/**
 * Whether a passage is the opening of an article whose anniversary comes within the next
 * `gap` days (not today). Asked only of the pieces a day examines, so a day does not list
 * every article of the coming days.
 */
export function keptForAnniversary(index: BriefingSource, candidates: Candidates, date: string, gap: number): (passageId: string) => boolean {
  const openings = openingsOf(index, candidates);
  let days: string[] | undefined;
  return (passageId) => {
    const published = openings.get(passageId);
    if (!published) return false;
    days ??= Array.from({ length: gap - 1 }, (_, ahead) => addDays(date, ahead + 1));
    return days.some((day) => published.some((first) => isAnniversary(first, day)));
  };
}

/** Each article's opening (its first passage with a lead) and the dates its articles were published, once per knowledge base. */
function openingsOf(index: BriefingSource, candidates: Candidates): ReadonlyMap<string, readonly string[]> {
  return runAtOnce(cachedSteps(openingsByIndex, index, () => openingsSteps(index, candidates)));
}
function* openingsSteps(index: BriefingSource, candidates: Candidates): Generator<void, Map<string, string[]>> {
  const byDocument = yield* cachedSteps(passagesByDocument, index, () => passagesByDocumentSteps(index));
  const openings = new Map<string, string[]>();
  for (const [i, document] of index.documents.entries()) {
    if (i % SLICE_STEP === 0) yield;
    if (document.published?.length !== 10) continue;
    const opening = byDocument.get(document.id)?.find((passage) => candidates.leads.has(passage.id));
    if (opening) openings.set(opening.id, [...(openings.get(opening.id) ?? []), document.published]);
  }
  return openings;
}
const openingsByIndex = new WeakMap<BriefingSource, Map<string, string[]>>();

/** Whether an article published on `published` (a full date) has its anniversary on `date`: see `publishedOn`. */
function isAnniversary(published: string, date: string): boolean {
  const year = Number(date.slice(0, 4));
  if (Number(published.slice(0, 4)) >= year) return false;
  const monthDay = date.slice(5);
  if (published.slice(5) === monthDay) return true;
  return monthDay === '02-28' && published.slice(5) === '02-29' && sameDayIn('2000-02-29', year) !== `${year}-02-29`;
}

/**
 * Documents (with a full date) published in an earlier year on this month and day: their
 * anniversary is this date. 29 February counts on 28 February in other years.
 */
function publishedOn(index: BriefingSource, date: string): BriefingSource['documents'][number][] {
  const byDay = runAtOnce(cachedSteps(documentsByDay, index, () => documentsByDaySteps(index)));
  const year = Number(date.slice(0, 4));
  const monthDay = date.slice(5);
  const leapDayMissing = monthDay === '02-28' && sameDayIn('2000-02-29', year) !== `${year}-02-29`;
  return [...(byDay.get(monthDay) ?? []), ...(leapDayMissing ? (byDay.get('02-29') ?? []) : [])].filter((document) => Number(document.published!.slice(0, 4)) < year);
}
function* documentsByDaySteps(index: BriefingSource): Generator<void, Map<string, BriefingSource['documents'][number][]>> {
  const byDay = new Map<string, BriefingSource['documents'][number][]>();
  for (const [i, document] of index.documents.entries()) {
    if (i % SLICE_STEP === 0) yield;
    if (document.published?.length !== 10) continue;
    const monthDay = document.published.slice(5);
    const list = byDay.get(monthDay);
    if (list) list.push(document);
    else byDay.set(monthDay, [document]);
  }
  return byDay;
}
const documentsByDay = new WeakMap<BriefingSource, Map<string, BriefingSource['documents'][number][]>>();

/** The same month and day in another year (29 February becomes 28 February). */
function sameDayIn(date: string, year: number): string {
  const candidate = `${year}${date.slice(4)}`;
  return new Date(`${candidate}T00:00:00Z`).toISOString().startsWith(candidate) ? candidate : `${year}-02-28`;
}

/** The Monday of a date's week. */
function weekStart(date: string): string {
  const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(date, -weekday);
}
