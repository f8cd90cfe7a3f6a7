import { stemmer } from 'stemmer';

/**
 * Text normalisation shared by indexing and querying: the same function must
 * see both sides, or `López` in a passage and `Lopez` in a query would not meet.
 */

/** A word of the original text with where it stands, and the key it is indexed under. */
export interface Token {
  /** Folded, stemmed index key (`seizures` → `seizur`, `López` → `lopez`, `U.S.` → `us`, `eighty` → `80`). */
  key: string;
  /** Folded surface form before stemming (`seizures`), used for did-you-mean and autocomplete. */
  word: string;
  /** Offsets of the token in the original string: `text.slice(start, end)`. */
  start: number;
  end: number;
}

// Dotted abbreviations (U.S., D.C.), numbers with separators (14,100 / 86.3), and plain words.
// Invisible format characters (zero-width space, soft hyphen, joiners: \p{Cf}) inside a word
// belong to it, and `fold` drops them, so `fentan\u200Byl` is `fentanyl` in text and queries.
export const TOKEN_PATTERN = /(?:\p{L}\.){2,}|\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{N}]+(?:\p{Cf}+[\p{L}\p{N}]+)*/gu;

/** Lower case, strip accents and invisible format characters, straighten quotes: `Mérida` → `merida`. */
export function fold(text: string): string {
  return text
    .replace(/\p{Cf}+/gu, '')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[‘’‚‛′]/g, "'")
    .replace(/[“”„‟″]/g, '"')
    .replace(/[‐‑‒–—―]/g, '-')
    .toLowerCase();
}

/** Collapse runs of white space; used wherever text is compared "after folding white space". */
export function squeeze(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// Maps, not object literals: a lookup in an object also finds what every object inherits,
// so the word `constructor` would count as a number.
const UNITS = new Map(Object.entries({
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
}));
const SCALES = new Map(Object.entries({ hundred: 100, thousand: 1_000, million: 1_000_000, billion: 1_000_000_000 }));

/**
 * Words that carry no meaning for retrieval. Question words are here too: a question
 * ("how many arrests…") and its keywords ("arrests") should find the same passages.
 * `us` is not a stop word: in this corpus it is the country far more often than the pronoun.
 */
export const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are aren as at be because been before being below between both but by
  can cannot could did do does doing down during each few for from further had has have having he her here hers herself him himself his
  how i if in into is it its itself just let me more most my myself no nor not of off on once only or other ought our ours ourselves out over own
  same she should so some such than that the their theirs them themselves then there these they this those through to too under until up
  very was we were what when where which while who whom why will with would you your yours yourself yourselves
  s t d ll re ve m tell show give find many much kind way according said says say`.split(/\s+/),
);

export const ABBREVIATION = /^(?:\p{L}\.){2,}$/u;
const NUMBER = /^\p{N}+(?:[.,]\p{N}+)*$/u;

/** The index key of one folded word. */
export function keyOf(word: string): string {
  if (NUMBER.test(word)) {
    // 14,100 → 14100 but keep a decimal point: 86.3 stays 86.3.
    return word.replace(/,(?=\d{3}\b)/g, '');
  }
  if (word.length <= 3) return word;
  return stemmer(word);
}

/**
 * Split text into tokens with their original offsets. Number words are joined into
 * digits (`two hundred eighty four` → one token `284`) so `284 people` and
 * `two hundred eighty-four people` meet. Stop words are kept here and dropped by callers
 * that want them dropped (snippets need every position).
 */
export function tokenize(text: string): Token[] {
  const raw: Token[] = [];
  for (const match of text.matchAll(TOKEN_PATTERN)) {
    const surface = match[0];
    const start = match.index;
    let word = fold(surface);
    if (ABBREVIATION.test(word)) word = word.replace(/\./g, '');
    raw.push({ key: '', word, start, end: start + surface.length });
  }
  return joinNumberWords(raw).map((token) => ({ ...token, key: token.key || keyOf(token.word) }));
}

/** Tokens without stop words: what indexing and querying count. */
export function contentTokens(text: string): Token[] {
  return tokenize(text).filter((token) => !STOP_WORDS.has(token.word));
}

function joinNumberWords(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; ) {
    const first = tokens[i]!;
    if (!isNumberWord(first.word)) {
      out.push(first);
      i += 1;
      continue;
    }
    const { value, next } = readNumberWords((j) => tokens[j]!.word, tokens.length, i);
    out.push({ key: String(value), word: String(value), start: first.start, end: tokens[next - 1]!.end });
    i = next;
  }
  return out;
}

/** May start (or continue) a run of number words. */
export const isNumberWord = (word: string): boolean => UNITS.has(word);

/**
 * The value of the run of number words that starts at `start` (a unit word), and the index
 * after it: "two hundred and five" is 205. `wordAt(j)` is the folded word at position j < count.
 * Shared by `tokenize` and the index's fast tokenizer, which must agree.
 */
export function readNumberWords(wordAt: (j: number) => string, count: number, start: number): { value: number; next: number } {
  let total = 0;
  let current = 0;
  let j = start;
  for (; j < count; j += 1) {
    const word = wordAt(j);
    const unit = UNITS.get(word);
    const scale = SCALES.get(word);
    if (unit !== undefined) current += unit;
    else if (scale === 100) current = (current || 1) * 100;
    else if (scale !== undefined) {
      total += (current || 1) * scale;
      current = 0;
    } else if (word === 'and' && j + 1 < count && isNumberWord(wordAt(j + 1)) && j > start) continue;
    else break;
  }
  return { value: total + current, next: j };
}
