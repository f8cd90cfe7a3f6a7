import { ABBREVIATION, fold, isNumberWord, keyOf, readNumberWords, STOP_WORDS, TOKEN_PATTERN as SHARED_TOKEN_PATTERN, type Token } from './text.ts';

/**
 * `contentTokens` for indexing, fast. Indexing a large knowledge base tokenises millions of
 * words from a vocabulary of tens of thousands, so the costly part of `tokenize` (Unicode
 * folding and stemming per word) is done once per distinct spelling, and a spelling is
 * recognised from the characters of the text without making a substring or hashing a
 * string: a table of typed arrays, so most words cost a few memory reads.
 *
 * The index and the query must see the same tokens, so this shares `tokenize`'s pattern,
 * abbreviation rule and reading of number words (text.ts) and reproduces its steps; the
 * index builder checks it against `contentTokens` on a sample of passages at every build,
 * falling back to `contentTokens` if they ever disagree (tests check it too).
 * A change to tokenising in text.ts belongs here as well.
 */

// The same pattern as `tokenize`, as a copy: this one is driven by `lastIndex`.
const TOKEN_PATTERN = new RegExp(SHARED_TOKEN_PATTERN);

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

export class IndexTokenizer {
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

  /** The content tokens of `text` as words and keys: what `contentTokens` gives, from the same scan as `keys`. */
  tokens(text: string): WordAndKey[] {
    const joins = this.scan(text);
    const out: WordAndKey[] = [];
    for (let i = 0; i < this.rawCount; ) {
      const flags = this.rawFlags[i]!;
      if (joins && flags & UNIT) {
        const { value, next } = this.joinNumber(i);
        if (!STOP_WORDS.has(value)) out.push({ word: value, key: value });
        i = next;
        continue;
      }
      if (!(flags & STOP)) out.push(this.spelling(this.raw[i]!));
      i += 1;
    }
    this.endText();
    return out;
  }

  private spelling(id: number): WordAndKey {
    return id < 0 ? this.loose[-id - 1]! : this.spellings[id]!;
  }

  private endText(): void {
    this.loose.length = 0;
    if (this.used * 2 > this.table.length / SLOT) this.grow();
  }

  /** joinNumberWords of text.ts, from raw token `start` (a unit word): the number's digits and the token after the run. */
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
        TOKEN_PATTERN.lastIndex = i;
        const match = TOKEN_PATTERN.exec(text);
        if (!match) break;
        if (this.push(match[0], 0, match[0].length) & UNIT) joins = true;
        i = match.index + match[0].length;
      } else {
        if (this.push(text, i, end) & UNIT) joins = true;
        i = end;
      }
    }
    return joins;
  }

  /** Append the spelling of `text.slice(start, end)` to `raw`, making it on first sight; returns its flags. */
  private push(text: string, start: number, end: number): number {
    if (this.rawCount === this.raw.length) {
      this.raw = grown(this.raw, new Int32Array(this.raw.length * 2));
      this.rawFlags = grown(this.rawFlags, new Uint8Array(this.rawFlags.length * 2));
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

/** Whether the fast tokens equal `contentTokens`' words and keys. */
export function sameTokens(fast: readonly WordAndKey[], reference: readonly Token[]): boolean {
  if (fast.length !== reference.length) return false;
  for (let i = 0; i < fast.length; i += 1) {
    if (fast[i]!.word !== reference[i]!.word || fast[i]!.key !== reference[i]!.key) return false;
  }
  return true;
}
