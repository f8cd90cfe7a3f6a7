/** A sentence of a text, by offsets into it. */
export interface Sentence {
  text: string;
  start: number;
  end: number;
}

/** Counts the characters a split looks at, so tests can show the work grows in step with the text. */
export interface SplitWork {
  steps: number;
}

// Words that end in a period without ending a sentence.
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'sen', 'rep', 'gen', 'gov', 'st', 'no', 'vs', 'jr', 'sr', 'lt', 'col', 'sgt', 'adm', 'inc', 'corp', 'co', 'ret', 'approx', 'fig', 'e.g', 'i.e']);

/**
 * How far back the word before a period is read. Longer than any abbreviation or initials,
 * so cutting a longer word changes no decision, and the look back stays bounded however
 * long the text runs between sentence ends.
 */
const MAX_LAST_WORD = 64;

const isEnd = (unit: number) => unit === 0x2e || unit === 0x21 || unit === 0x3f;
const CLOSERS = new Set(['"', '”', '’', "'", ')', ']']);
const OPENERS = new Set(['"', '“', '‘', '(', '[']);
const SPACE = /\s/;
const STARTS_SENTENCE = /^[\p{Lu}\p{N}]/u;
const WORD_CHAR = /^[\p{L}.-]$/u;

/**
 * Split a paragraph into sentences. A period ends a sentence when the next word starts
 * with a capital, a digit or an opening quote, and the word before is not an abbreviation
 * (`Sen.`, `Gen.`) or an initial/dotted acronym (`U.S.`, `R-S.C.`) followed by a name.
 *
 * One pass over the text, plus a bounded look back at each candidate end: the work grows
 * in step with the text whatever it holds (a paragraph of `U.S. U.S. …` has a candidate
 * end at every word and none that counts).
 */
export function splitSentences(text: string, work: SplitWork = { steps: 0 }): Sentence[] {
  const sentences: Sentence[] = [];
  const n = text.length;
  let start = 0;
  let i = 0;
  while (i < n) {
    work.steps += 1;
    if (!isEnd(text.charCodeAt(i))) {
      i += 1;
      continue;
    }
    const punctStart = i;
    while (i < n && isEnd(text.charCodeAt(i))) i += 1;
    const singlePeriod = i - punctStart === 1 && text[punctStart] === '.';
    while (i < n && CLOSERS.has(text[i]!)) i += 1;
    const punctEnd = i;
    while (i < n && SPACE.test(text[i]!)) i += 1;
    work.steps += i - punctStart;
    if (i === punctEnd || i >= n) continue;
    const next = OPENERS.has(text[i]!) ? i + 1 : i;
    if (next >= n || !startsSentence(text, next)) continue;
    if (singlePeriod && isAbbreviation(lastWord(text, start, punctStart, work))) continue;
    sentences.push({ text: text.slice(start, punctEnd), start, end: punctEnd });
    start = i;
  }
  const tail = text.slice(start).trimEnd();
  if (tail.trim()) sentences.push({ text: tail, start, end: start + tail.length });
  return sentences;
}

/** The run of letters, dots and hyphens just before `end` (not before `from`), lower-cased, at most MAX_LAST_WORD long. */
function lastWord(text: string, from: number, end: number, work: SplitWork): string {
  let j = end;
  while (j > from && end - j < MAX_LAST_WORD) {
    work.steps += 1;
    const unit = text.charCodeAt(j - 1);
    if (unit < 0x80) {
      // ASCII, the common case, without a regex: a letter, a period or a hyphen.
      if (!((unit >= 0x61 && unit <= 0x7a) || (unit >= 0x41 && unit <= 0x5a) || unit === 0x2e || unit === 0x2d)) break;
      j -= 1;
      continue;
    }
    // A letter outside the BMP is a surrogate pair: test it whole.
    const width = unit >= 0xdc00 && unit <= 0xdfff && j - 2 >= from ? 2 : 1;
    if (!WORD_CHAR.test(text.slice(j - width, j))) break;
    j -= width;
  }
  return text.slice(j, end).toLowerCase();
}

/** A capital letter or a digit at `at` (ASCII without a regex). */
function startsSentence(text: string, at: number): boolean {
  const unit = text.charCodeAt(at);
  if (unit < 0x80) return (unit >= 0x41 && unit <= 0x5a) || (unit >= 0x30 && unit <= 0x39);
  return STARTS_SENTENCE.test(String.fromCodePoint(text.codePointAt(at)!));
}

function isAbbreviation(word: string): boolean {
  const last = word.replace(/^.*-/, '');
  return ABBREVIATIONS.has(last) || (/^(?:\p{L}\.)*\p{L}$/u.test(last) && word.length <= 4);
}
