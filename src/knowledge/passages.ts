import type { KnowledgeDocument, SearchTermsEntry } from './schema.ts';
import { splitSentences } from './sentences.ts';

/** A citable unit of text: a paragraph, or a sentence-aligned piece of a long paragraph. */
export interface Passage {
  /** Stable id `<doc-id>#<n>`, n counting passages of the document from 1. */
  id: string;
  docId: string;
  /** 1-based paragraph number inside the document, for citations. */
  paragraph: number;
  text: string;
  /** The words people ask with for its paragraph (front matter `search_terms`), if curated. */
  terms?: readonly string[];
}

/** Most search terms one paragraph may have, from all the entries that name it. */
export const MAX_TERMS_PER_PARAGRAPH = 300;

/**
 * Each paragraph's search terms (front matter `search_terms`: an entry names its paragraph by
 * its first words, any run of white space, no-break spaces too, equal to one space), and the
 * entries that cannot be placed: those whose words start no paragraph, and those that start
 * more than one (`The`), which are left out rather than copied to every paragraph they start;
 * and the paragraphs given more than MAX_TERMS_PER_PARAGRAPH (they keep the first ones).
 * Each text is squeezed once; an entry is placed by binary search over the sorted openings.
 */
export function searchTermsByParagraph(
  paragraphs: readonly string[],
  entries: readonly SearchTermsEntry[],
): { terms: string[][]; unmatched: number[]; ambiguous: number[]; overfull: number[] } {
  const squeeze = (text: string) => text.replace(/\s+/gu, ' ').trim();
  const terms = paragraphs.map((): string[] => []);
  const unmatched: number[] = [];
  const ambiguous: number[] = [];
  const overfull = new Set<number>();
  if (entries.length === 0) return { terms, unmatched, ambiguous, overfull: [] };
  const squeezed = paragraphs.map(squeeze);
  const order = squeezed.map((_, p) => p).sort((a, b) => (squeezed[a]! < squeezed[b]! ? -1 : squeezed[a]! > squeezed[b]! ? 1 : a - b));
  entries.forEach((entry, e) => {
    const starts = squeeze(entry.starts);
    let low = 0;
    let high = order.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (squeezed[order[mid]!]! < starts) low = mid + 1;
      else high = mid;
    }
    const matches = low < order.length && squeezed[order[low]!]!.startsWith(starts);
    if (!matches) unmatched.push(e);
    else if (low + 1 < order.length && squeezed[order[low + 1]!]!.startsWith(starts)) ambiguous.push(e);
    else {
      const paragraph = terms[order[low]!]!;
      if (paragraph.length + entry.terms.length > MAX_TERMS_PER_PARAGRAPH) overfull.add(order[low]!);
      paragraph.push(...entry.terms.slice(0, Math.max(0, MAX_TERMS_PER_PARAGRAPH - paragraph.length)));
    }
  });
  return { terms, unmatched, ambiguous, overfull: [...overfull].sort((a, b) => a - b) };
}

/** Paragraphs longer than this are cut, at sentence boundaries, into passages of about this size. */
const MAX_PASSAGE_CHARS = 700;

/**
 * No passage is ever longer than this. A sentence longer than it (a paragraph with no
 * sentence ends at all) is cut at word boundaries, and a word longer than it is cut where
 * it reaches the cap. Above every passage of the curated articles, so real text keeps its
 * sentences whole.
 */
export const HARD_MAX_PASSAGE_CHARS = 1000;

/**
 * A document's passages: one per paragraph, except that a long paragraph becomes
 * several passages of whole sentences, so a hit points at text a reader can take in.
 * Ids are `<doc-id>#<n>` with n counting passages from 1; they stay the same as
 * long as the document's text does.
 */
export function toPassages(document: KnowledgeDocument): Passage[] {
  const passages: Passage[] = [];
  const { terms: termsOf } = searchTermsByParagraph(document.paragraphs, document.search_terms ?? []);
  document.paragraphs.forEach((paragraph, index) => {
    const terms = termsOf[index]!;
    for (const text of chunkParagraph(paragraph)) {
      const id = `${document.id}#${passages.length + 1}`;
      passages.push(terms.length ? { id, docId: document.id, paragraph: index + 1, text, terms } : { id, docId: document.id, paragraph: index + 1, text });
    }
  });
  return passages;
}

function chunkParagraph(paragraph: string): string[] {
  if (paragraph.length <= MAX_PASSAGE_CHARS) return [paragraph];
  const pieces = splitSentences(paragraph).flatMap((sentence) => (sentence.text.length > HARD_MAX_PASSAGE_CHARS ? cutAtWords(sentence.text, HARD_MAX_PASSAGE_CHARS) : [sentence.text]));
  // Aim for even pieces rather than a long head and a stub tail.
  const count = Math.ceil(paragraph.length / MAX_PASSAGE_CHARS);
  const target = paragraph.length / count;
  const chunks: string[] = [];
  let current: string[] = [];
  let length = 0;
  const flush = () => {
    const text = current.join(' ').trim();
    if (text) chunks.push(text);
    current = [];
    length = 0;
  };
  for (const piece of pieces) {
    const joined = length + (current.length ? 1 : 0) + piece.length;
    if (current.length && (joined > HARD_MAX_PASSAGE_CHARS || (length + piece.length > target && chunks.length < count - 1))) flush();
    length += (current.length ? 1 : 0) + piece.length;
    current.push(piece);
  }
  flush();
  return chunks;
}

/** Pieces of at most `max` characters, cut at the last white space before the limit, or at the limit when a word is longer. */
function cutAtWords(text: string, max: number): string[] {
  const pieces: string[] = [];
  let from = 0;
  const end = text.length;
  const skipSpaces = () => {
    while (from < end && text[from] === ' ') from += 1;
  };
  skipSpaces();
  while (end - from > max) {
    // The last space within the window; looking no further back than its start keeps this linear.
    let cut = from + max;
    while (cut > from && text[cut] !== ' ') cut -= 1;
    if (cut <= from) {
      cut = from + max;
      // Never split a surrogate pair.
      const unit = text.charCodeAt(cut - 1);
      if (unit >= 0xd800 && unit <= 0xdbff) cut -= 1;
    }
    pieces.push(text.slice(from, cut).trimEnd());
    from = cut;
    skipSpaces();
  }
  if (from < end) pieces.push(text.slice(from).trimEnd());
  return pieces.filter(Boolean);
}
