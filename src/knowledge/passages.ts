import type { KnowledgeDocument } from './schema.ts';
import type { Passage } from '../search/types.ts';
import { splitSentences } from './sentences.ts';

/** Paragraphs longer than this are cut, at sentence boundaries, into passages of about this size. */
export const MAX_PASSAGE_CHARS = 700;

/**
 * A document's passages: one per paragraph, except that a long paragraph becomes
 * several passages of whole sentences, so a hit points at text a reader can take in.
 * Ids are `<doc-id>#<n>` with n counting passages from 1; they stay the same as
 * long as the document's text does.
 */
export function toPassages(document: KnowledgeDocument): Passage[] {
  const passages: Passage[] = [];
  document.paragraphs.forEach((paragraph, index) => {
    for (const text of chunkParagraph(paragraph)) {
      passages.push({ id: `${document.id}#${passages.length + 1}`, docId: document.id, paragraph: index + 1, text });
    }
  });
  return passages;
}

function chunkParagraph(paragraph: string): string[] {
  if (paragraph.length <= MAX_PASSAGE_CHARS) return [paragraph];
  const sentences = splitSentences(paragraph);
  // Aim for even pieces rather than a long head and a stub tail.
  const pieces = Math.ceil(paragraph.length / MAX_PASSAGE_CHARS);
  const target = paragraph.length / pieces;
  const chunks: string[] = [];
  let current = '';
  for (const sentence of sentences) {
    if (current && current.length + sentence.text.length > target && chunks.length < pieces - 1) {
      chunks.push(current.trim());
      current = '';
    }
    current += paragraph.slice(sentence.start, sentence.end) + ' ';
  }
  if (current.trim()) chunks.push(current.trim());
  return chunks;
}
