/** A sentence of a text, by offsets into it. */
export interface Sentence {
  text: string;
  start: number;
  end: number;
}

// Words that end in a period without ending a sentence.
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'sen', 'rep', 'gen', 'gov', 'st', 'no', 'vs', 'jr', 'sr', 'lt', 'col', 'sgt', 'adm', 'inc', 'corp', 'co', 'ret', 'approx', 'fig', 'e.g', 'i.e']);

/**
 * Split a paragraph into sentences. A period ends a sentence when the next word starts
 * with a capital, a digit or an opening quote, and the word before is not an abbreviation
 * (`Sen.`, `Gen.`) or an initial/dotted acronym (`U.S.`, `R-S.C.`) followed by a name.
 */
export function splitSentences(text: string): Sentence[] {
  const sentences: Sentence[] = [];
  const boundary = /([.!?]+)(["”’')\]]*)(\s+)(?=["“‘([]?[\p{Lu}\p{N}])/gu;
  let start = 0;
  for (const match of text.matchAll(boundary)) {
    const punctEnd = match.index + match[1]!.length + match[2]!.length;
    const before = text.slice(start, match.index);
    const lastWord = (before.match(/([\p{L}.-]+)$/u)?.[1] ?? '').toLowerCase();
    const isAbbreviation =
      match[1] === '.' && (ABBREVIATIONS.has(lastWord.replace(/^.*-/, '')) || /^(?:[\p{L}]\.)*[\p{L}]$/u.test(lastWord.replace(/^.*-/, '')) && lastWord.length <= 4);
    if (isAbbreviation) continue;
    sentences.push({ text: text.slice(start, punctEnd), start, end: punctEnd });
    start = match.index + match[0].length;
  }
  if (start < text.length && text.slice(start).trim()) {
    sentences.push({ text: text.slice(start).trimEnd(), start, end: start + text.slice(start).trimEnd().length });
  }
  return sentences;
}
