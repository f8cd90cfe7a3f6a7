import { stemmer } from 'stemmer';
import { remembered } from '../shared/remembered.ts';

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
// Combining marks (\p{M}) after a letter belong to it too: an accent typed or copied as a
// separate mark (`Me\u0301rida`, NFD) must not split the word into `me` and `rida`, and a word
// under a pile of marks ("zalgo" text) is the word its letters spell, since `fold` drops marks.
export const TOKEN_PATTERN = /(?:\p{L}\p{M}*\.){2,}|\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:\p{Cf}+[\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*/gu;

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
 * What is left of a contraction (`isn't` → `isn`) is one too: its meaning is in `not`.
 * So are the texting forms of stop words (`vs`, `versus`, `thru`): `coop vs fent` asks what `cooperation against fentanyl` does.
 */
export const STOP_WORDS = new Set(
  `a about above after again against all also am an and any are aren as at be because been before being below between both but by
  can cannot could did do does doing down during each few for from further had has have having he her here hers herself him himself his
  how i if in into is it its itself just let me more most my myself no nor not of off on once only or other ought our ours ourselves out over own
  same she should so some such than that the their theirs them themselves then there these they this those through to too under until up
  very was we were what when where which while who whom why will with would you your yours yourself yourselves
  s t d ll re ve m tell show give find many much kind way according said says say vs versus thru
  explain describe mean means meaning define definition
  isn wasn weren doesn don didn hasn haven hadn wouldn shouldn couldn mustn needn ain`.split(/\s+/),
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
  const stem = stemmer(word);
  // The stemmer takes `use`, `used` and `using` to `us`: the country's key, in this corpus.
  return stem === 'us' ? 'use' : stem;
}

/**
 * `keyOf`, remembered (16k words), for words stemmed outside the tokenizer (which remembers its
 * own): reading a query stems WordNet synonyms and related forms, the same words query after
 * query, and stemming was the costly part.
 */
export const keyOfRemembered = remembered(keyOf, 1 << 14);

/**
 * Split text into tokens with their original offsets. Number words are joined into
 * digits (`two hundred eighty four` → one token `284`) so `284 people` and
 * `two hundred eighty-four people` meet. Stop words are kept here and dropped by callers
 * that want them dropped (snippets need every position).
 * The same scanner (`Tokenizer`) tokenises the knowledge base when it is indexed, so index
 * and query cannot disagree.
 */
export function tokenize(text: string): Token[] {
  return shared().tokens(text, false);
}

/** Tokens without stop words: what indexing and querying count. */
export function contentTokens(text: string): Token[] {
  return shared().tokens(text, true);
}

/** Spellings the shared tokenizer (queries, snippets, alias and glossary terms) remembers before it starts afresh. */
const SHARED_SPELLINGS = 1 << 16;
let sharedTokenizer: Tokenizer | undefined;
function shared(): Tokenizer {
  if (!sharedTokenizer || sharedTokenizer.spellingCount > SHARED_SPELLINGS) sharedTokenizer = new Tokenizer();
  return sharedTokenizer;
}

/**
 * Make a tokenizer that has read a knowledge base (the index build's) the shared one, when it
 * remembers no more spellings than the shared one may: snippets then tokenise passages whose
 * every spelling it already knows, instead of folding and stemming each word again on first
 * sight. A spelling's word and key never change, so what is read stays the same.
 */
export function shareTokenizer(tokenizer: Tokenizer): void {
  if (tokenizer.spellingCount <= SHARED_SPELLINGS) sharedTokenizer = tokenizer;
}

/** May start (or continue) a run of number words. */
export const isNumberWord = (word: string): boolean => UNITS.has(word);

/**
 * The value of the run of number words that starts at `start` (a unit word), and the index
 * after it: "two hundred and five" is 205. `wordAt(j)` is the folded word at position j < count.
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

/**
 * The tokenizer: TOKEN_PATTERN's matches, folded, abbreviations joined, number words read
 * as digits, each with its index key. Indexing a large knowledge base tokenises millions of
 * words from a vocabulary of tens of thousands, so the costly part (Unicode folding and
 * stemming per word) is done once per distinct spelling, and a spelling is recognised from
 * the characters of the text without making a substring or hashing a string: a table of
 * typed arrays, so most words cost a few memory reads. ASCII text is scanned by hand; a
 * stretch with other characters goes to TOKEN_PATTERN itself. Tests pin it to a plain
 * reading of the pattern (tests/search/text.test.ts).
 */

// TOKEN_PATTERN driven by `lastIndex`, for stretches the hand scanner leaves to it.
const STICKY_PATTERN = new RegExp(TOKEN_PATTERN);

/** A content token's folded word and index key, as `contentTokens` gives them. */
export interface WordAndKey {
  word: string;
  key: string;
}

/** Gives the id of a key, registering the word on first sight; called once per spelling (and per joined number). */
export type KeyResolver = (word: string, key: string) => number;

const STOP = 1;
/** `isNumberWord(word)`: may start (or continue) a run of number words. */
const UNIT = 2;
/** Words longer than this are not remembered (they are looked up each time). */
const MAX_CACHED_LENGTH = 1 << 12;
/** Ints per table slot: four of bookkeeping, then INLINE characters. */
const SLOT = 8;
const INLINE = 8;
/** The recent-words table has 2^RECENT_BITS slots (256 KB). */
const RECENT_BITS = 13;

export class Tokenizer {
  /**
   * Open addressing, SLOT ints a slot: hash, spelling (-1: empty), length << 2 | flags,
   * unused, then the first INLINE characters, two an int, so that recognising a word
   * usually reads one cache line.
   */
  private table: Int32Array;
  private used = 0;
  /**
   * The same layout, direct-mapped and small enough for the processor's cache: the words
   * read last at each place. Text is mostly common words, so most look-ups end here.
   */
  private readonly recent = new Int32Array(SLOT << RECENT_BITS).fill(-1);
  /** Key id of each spelling, -1 until resolved. Spellings are numbered as first seen, so common words sit together. */
  private keyIds = new Int32Array(1 << 12).fill(-1);
  /** Characters of every spelling, back to back (for words longer than INLINE). */
  private pool = new Uint16Array(1 << 16);
  private poolLength = 0;
  private poolStart = new Int32Array(1 << 12);
  private readonly spellings: WordAndKey[] = [];
  /** Spellings (or, negative, `loose` spellings) and flags of the current text's raw tokens, stop words included. */
  private raw = new Int32Array(1024);
  private rawFlags = new Uint8Array(1024);
  /** Offsets of the raw tokens in the current text. */
  private rawStart = new Int32Array(1024);
  private rawEnd = new Int32Array(1024);
  private rawCount = 0;
  /** Spellings made for tokens too long to remember, by their negative ids. */
  private readonly loose: WordAndKey[] = [];
  /** Output of `keys`: key ids of the current text's content tokens. */
  ids = new Int32Array(1024);

  /** `characters`: roughly how much text will be read, to size the table (vocabularies grow about as its square root). */
  constructor(characters = 0) {
    const expected = 12 * Math.sqrt(characters);
    let slots = 1 << 12;
    while (slots < 2 * expected && slots < 1 << 20) slots *= 2;
    this.table = new Int32Array(SLOT * slots).fill(-1);
  }

  /**
   * Key ids of `text`'s content tokens, into `this.ids` (reused by the next call); returns how many.
   * `resolve` names a key's id the first time a spelling (or a joined number) is seen.
   */
  keys(text: string, resolve: KeyResolver): number {
    const joins = this.scan(text);
    const raw = this.raw;
    const rawFlags = this.rawFlags;
    const rawCount = this.rawCount;
    if (this.ids.length < rawCount) this.ids = new Int32Array(Math.max(rawCount, this.ids.length * 2));
    const ids = this.ids;
    let count = 0;
    for (let i = 0; i < rawCount; ) {
      const flags = rawFlags[i]!;
      if (joins && flags & UNIT) {
        const { value, next } = this.joinNumber(i);
        if (!STOP_WORDS.has(value)) ids[count++] = resolve(value, value);
        i = next;
        continue;
      }
      if (!(flags & STOP)) {
        const spelling = raw[i]!;
        if (spelling < 0) {
          const { word, key } = this.loose[-spelling - 1]!;
          ids[count++] = resolve(word, key);
        } else {
          let id = this.keyIds[spelling]!;
          if (id < 0) {
            const { word, key } = this.spellings[spelling]!;
            id = resolve(word, key);
            this.keyIds[spelling] = id;
          }
          ids[count++] = id;
        }
      }
      i += 1;
    }
    this.endText();
    return count;
  }

  /** The tokens of `text` with their offsets (`tokenize`), or only its content tokens (`contentTokens`). */
  tokens(text: string, contentOnly: boolean): Token[] {
    const joins = this.scan(text);
    const out: Token[] = [];
    for (let i = 0; i < this.rawCount; ) {
      const flags = this.rawFlags[i]!;
      if (joins && flags & UNIT) {
        const { value, next } = this.joinNumber(i);
        if (!contentOnly || !STOP_WORDS.has(value)) out.push({ key: value, word: value, start: this.rawStart[i]!, end: this.rawEnd[next - 1]! });
        i = next;
        continue;
      }
      if (!contentOnly || !(flags & STOP)) {
        const { word, key } = this.spelling(this.raw[i]!);
        out.push({ key, word, start: this.rawStart[i]!, end: this.rawEnd[i]! });
      }
      i += 1;
    }
    this.endText();
    return out;
  }

  /** Distinct spellings remembered so far. */
  get spellingCount(): number {
    return this.spellings.length;
  }

  private spelling(id: number): WordAndKey {
    return id < 0 ? this.loose[-id - 1]! : this.spellings[id]!;
  }

  private endText(): void {
    this.loose.length = 0;
    if (this.used * 2 > this.table.length / SLOT) this.grow();
  }

  /** The run of number words from raw token `start` (a unit word): the number's digits and the token after the run. */
  private joinNumber(start: number): { value: string; next: number } {
    const { value, next } = readNumberWords((j) => this.spelling(this.raw[j]!).word, this.rawCount, start);
    return { value: String(value), next };
  }

  /** TOKEN_PATTERN's matches in `text` as spellings, into `raw`; whether a number word occurs (so joining is needed). */
  private scan(text: string): boolean {
    this.rawCount = 0;
    let joins = false;
    const n = text.length;
    let i = 0;
    while (i < n) {
      const code = text.charCodeAt(i);
      const kind = code < 128 ? ASCII_KIND[code]! : UNICODE;
      if (kind === OTHER) {
        i += 1;
        continue;
      }
      // ASCII scanned by hand (most text); anything else, or within reach, goes to the pattern itself.
      const end = kind === UNICODE ? -1 : kind === LETTER ? scanLetters(text, i) : scanNumber(text, i);
      if (end < 0) {
        STICKY_PATTERN.lastIndex = i;
        const match = STICKY_PATTERN.exec(text);
        if (!match) break;
        if (this.push(match[0], 0, match[0].length) & UNIT) joins = true;
        this.rawStart[this.rawCount - 1] = match.index;
        i = match.index + match[0].length;
      } else {
        if (this.push(text, i, end) & UNIT) joins = true;
        this.rawStart[this.rawCount - 1] = i;
        i = end;
      }
      this.rawEnd[this.rawCount - 1] = i;
    }
    return joins;
  }

  /** Append the spelling of `text.slice(start, end)` to `raw`, making it on first sight; returns its flags. */
  private push(text: string, start: number, end: number): number {
    if (this.rawCount === this.raw.length) {
      this.raw = grown(this.raw, new Int32Array(this.raw.length * 2));
      this.rawFlags = grown(this.rawFlags, new Uint8Array(this.rawFlags.length * 2));
      this.rawStart = grown(this.rawStart, new Int32Array(this.rawStart.length * 2));
      this.rawEnd = grown(this.rawEnd, new Int32Array(this.rawEnd.length * 2));
    }
    const length = end - start;
    // A table that filled up within one text (it grows between texts) or a huge word: not remembered.
    if (length > MAX_CACHED_LENGTH || this.used * 4 > (this.table.length / SLOT) * 3) {
      const spelling = makeSpelling(text.slice(start, end));
      this.loose.push(spelling);
      return this.append(-this.loose.length, flagsOf(spelling.word));
    }
    let hash = length;
    for (let k = start; k < end; k += 1) hash = Math.imul(hash ^ text.charCodeAt(k), 0x5bd1e995);
    hash ^= hash >>> 15;
    const recent = this.recent;
    const place = (hash & ((1 << RECENT_BITS) - 1)) * SLOT;
    if (recent[place] === hash && recent[place + 2]! >> 2 === length && sameCharacters(recent, place, this.pool, this.poolStart, text, start, end)) {
      return this.append(recent[place + 1]!, recent[place + 2]! & 3);
    }
    const table = this.table;
    const wrap = table.length - 1;
    let slot = (hash * SLOT) & wrap;
    for (;;) {
      if (table[slot + 1]! < 0) break;
      if (table[slot] === hash && table[slot + 2]! >> 2 === length && sameCharacters(table, slot, this.pool, this.poolStart, text, start, end)) {
        for (let k = 0; k < SLOT; k += 1) recent[place + k] = table[slot + k]!;
        return this.append(table[slot + 1]!, table[slot + 2]! & 3);
      }
      slot = (slot + SLOT) & wrap;
    }
    const surface = text.slice(start, end);
    const spelling = makeSpelling(surface);
    const flags = flagsOf(spelling.word);
    const id = this.spellings.length;
    this.spellings.push(spelling);
    if (id === this.poolStart.length) {
      this.poolStart = grown(this.poolStart, new Int32Array(id * 2));
      this.keyIds = grown(this.keyIds, new Int32Array(id * 2).fill(-1));
    }
    this.poolStart[id] = this.poolLength;
    if (length > INLINE) {
      if (this.poolLength + length > this.pool.length) this.pool = grown(this.pool, new Uint16Array(Math.max(this.pool.length * 2, this.poolLength + length)));
      for (let k = start; k < end; k += 1) this.pool[this.poolLength++] = text.charCodeAt(k);
    }
    table[slot] = hash;
    table[slot + 1] = id;
    table[slot + 2] = (length << 2) | flags;
    table[slot + 3] = -1;
    for (let k = 0; k < INLINE / 2; k += 1) {
      const at = start + 2 * k;
      table[slot + 4 + k] = (at < end ? text.charCodeAt(at) : 0) | ((at + 1 < end ? text.charCodeAt(at + 1) : 0) << 16);
    }
    this.used += 1;
    for (let k = 0; k < SLOT; k += 1) recent[place + k] = table[slot + k]!;
    return this.append(id, flags);
  }

  private append(spelling: number, flags: number): number {
    this.raw[this.rawCount] = spelling;
    this.rawFlags[this.rawCount] = flags;
    this.rawCount += 1;
    return flags;
  }

  private grow(): void {
    const old = this.table;
    const table = new Int32Array(old.length * 2).fill(-1);
    const wrap = table.length - 1;
    for (let from = 0; from < old.length; from += SLOT) {
      if (old[from + 1]! < 0) continue;
      let slot = (old[from]! * SLOT) & wrap;
      while (table[slot + 1]! >= 0) slot = (slot + SLOT) & wrap;
      table.set(old.subarray(from, from + SLOT), slot);
    }
    this.table = table;
  }
}

/** Whether the spelling in `table` at `slot` is `text.slice(start, end)` (lengths already equal). */
function sameCharacters(table: Int32Array, slot: number, pool: Uint16Array, poolStart: Int32Array, text: string, start: number, end: number): boolean {
  const inline = Math.min(end, start + INLINE);
  let k = start;
  for (let field = slot + 4; k < inline; k += 2, field += 1) {
    const packed = table[field]!;
    if ((packed & 0xffff) !== text.charCodeAt(k)) return false;
    if (k + 1 < inline && packed >>> 16 !== text.charCodeAt(k + 1)) return false;
  }
  for (let at = poolStart[table[slot + 1]!]! + INLINE; k < end; k += 1, at += 1) if (pool[at] !== text.charCodeAt(k)) return false;
  return true;
}

function grown<T extends Int32Array | Uint8Array | Uint16Array>(array: T, bigger: T): T {
  bigger.set(array);
  return bigger;
}

function makeSpelling(surface: string): WordAndKey {
  let word = fold(surface);
  if (ABBREVIATION.test(word)) word = word.replace(/\./g, '');
  return { word, key: keyOf(word) };
}

const flagsOf = (word: string) => (STOP_WORDS.has(word) ? STOP : 0) | (isNumberWord(word) ? UNIT : 0);

const OTHER = 0;
const LETTER = 1;
const DIGIT = 2;
const UNICODE = 3;
/** What each ASCII character can be in TOKEN_PATTERN: \p{L} (A–Z, a–z), \p{N} (0–9) or neither. */
const ASCII_KIND = Uint8Array.from({ length: 128 }, (_, code) =>
  (code >= 65 && code <= 90) || (code >= 97 && code <= 122) ? LETTER : code >= 48 && code <= 57 ? DIGIT : OTHER,
);
const kindAt = (text: string, at: number) => {
  if (at >= text.length) return OTHER;
  const code = text.charCodeAt(at);
  return code < 128 ? ASCII_KIND[code]! : UNICODE;
};

/**
 * End of the match at `start` (a letter): an abbreviation `(?:\p{L}\.){2,}` or a word
 * `[\p{L}\p{N}]+`; -1 when a non-ASCII character is in reach and the pattern must decide.
 */
function scanLetters(text: string, start: number): number {
  let at = start;
  let pairs = 0;
  for (;;) {
    const kind = kindAt(text, at);
    if (kind === UNICODE) return -1;
    if (kind !== LETTER || text.charCodeAt(at + 1) !== 46) break;
    pairs += 1;
    at += 2;
  }
  if (pairs >= 2) return at;
  at = start;
  for (;;) {
    const kind = kindAt(text, at);
    if (kind === UNICODE) return -1;
    if (kind === OTHER) return at;
    at += 1;
  }
}

/** End of the number `\p{N}+(?:[.,]\p{N}+)*` at `start` (a digit); -1 when a non-ASCII character is in reach. */
function scanNumber(text: string, start: number): number {
  let at = start;
  for (;;) {
    let kind = kindAt(text, at);
    while (kind === DIGIT) kind = kindAt(text, ++at);
    if (kind === UNICODE) return -1;
    const code = text.charCodeAt(at);
    if (code !== 46 && code !== 44) return at;
    const next = kindAt(text, at + 1);
    if (next === UNICODE) return -1;
    if (next !== DIGIT) return at;
    at += 1;
  }
}
