import type { KnowledgeDocument } from '../knowledge/schema.ts';
import { toPassages } from '../knowledge/passages.ts';
import { AliasTable } from './aliases.ts';
import { contentTokens, shareTokenizer, Tokenizer } from './text.ts';
import { TypoFinder } from './typos.ts';
import type { Passage } from '../knowledge/passages.ts';

/**
 * The inverted index as flat typed arrays (compressed sparse rows): one allocation per
 * field rather than two per word and one per passage, so a 100,000-passage knowledge base
 * costs tens of megabytes and the garbage collector has little to walk.
 * Passages are numbered in document order, so a document's passages are one range and
 * every postings list is in ascending passage order.
 */
export interface IndexData {
  passages: Passage[];
  passageById: Map<string, number>;
  /** Document (its position in the input) of each passage. */
  documentOf: Uint32Array;
  /** 1 for a passage that continues the one before it in its document (opens with he, she, they…). */
  continues: Uint8Array;
  /** First passage of each document; `documentStart[d + 1]` ends its range. */
  documentStart: Uint32Array;
  /** Index keys by id: folded, stemmed words and `~alias<n>` group keys. */
  keys: string[];
  keyIds: Map<string, number>;
  /** Postings of key k: `postingPassages` / `postingCounts` from `postingStart[k]` to `postingStart[k + 1]`. */
  postingStart: Uint32Array;
  postingPassages: Uint32Array;
  /** Occurrences of the key in the passage (capped at 65,535). */
  postingCounts: Uint16Array;
  /** Content-token key ids of each passage in order (positions, for proximity): `sequence` from `sequenceStart[p]` to `sequenceStart[p + 1]`. */
  sequenceStart: Uint32Array;
  sequence: Uint32Array;
  /** Content tokens per passage (capped at 65,535), for BM25 length normalisation. */
  lengths: Uint16Array;
  averageLength: number;
  /** Distinct folded surface words, with the key each one is indexed under, in order of first occurrence. */
  surfaceKey: Map<string, number>;
  /** Word keys (not alias keys) in sorted order, for prefix look-ups. */
  sortedKeys: string[];
  typos: TypoFinder;
}

/** A typed array that grows by doubling. */
class Growable<T extends Uint32Array | Uint16Array> {
  length = 0;
  constructor(
    public array: T,
    private readonly make: (size: number) => T,
  ) {}

  ensure(size: number): void {
    if (size <= this.array.length) return;
    const bigger = this.make(Math.max(size, this.array.length * 2));
    bigger.set(this.array);
    this.array = bigger;
  }

  trimmed(): T {
    return this.array.slice(0, this.length) as T;
  }
}

const uint32 = (size: number) => new Uint32Array(size);
const uint16 = (size: number) => new Uint16Array(size);

/** `bigger` with `array` copied to its start. */
function grown<T extends Uint8Array | Uint32Array | Int32Array>(array: T, bigger: T): T {
  bigger.set(array);
  return bigger;
}

/** The index key under which a passage's curated search terms hold a word key (kept apart from its text's keys). */
export const TERM_KEY_PREFIX = '~t:';
export const termKey = (key: string): string => `${TERM_KEY_PREFIX}${key}`;
/** Whether an index key is a word of the paragraphs' curated search terms (`termKey`). */
export const isTermKey = (key: string): boolean => key.startsWith(TERM_KEY_PREFIX);

/** A paragraph that opens with a personal pronoun speaks of someone the paragraph before it names. */
const CONTINUATION = /^\W{0,3}(?:he|she|they|his|her|their)\b/i;

/** Surface words that may be offered as typo variants (TypoFinder). */
const SURFACE_FOR_TYPOS = /^\p{L}{4,}$/u;

/**
 * Build the index data, yielding between small units of work (well under a millisecond
 * each, a passage in the main loop) so a caller can spread the build over event-loop
 * turns (`SearchIndex.buildAsync`) or run it straight through (`build`).
 * Time and memory are linear in the text.
 */
export function* buildIndexData(documents: readonly KnowledgeDocument[], aliases: AliasTable): Generator<void, IndexData, void> {
  const passages: Passage[] = [];
  const documentStart = new Uint32Array(documents.length + 1);
  for (let d = 0; d < documents.length; d += 1) {
    documentStart[d] = passages.length;
    for (const passage of toPassages(documents[d]!)) passages.push(passage);
    yield;
  }
  documentStart[documents.length] = passages.length;
  const documentOf = new Uint32Array(passages.length);
  for (let d = 0; d < documents.length; d += 1) documentOf.fill(d, documentStart[d]!, documentStart[d + 1]!);
  const passageById = new Map<string, number>();
  const continues = new Uint8Array(passages.length);
  for (let p = 0; p < passages.length; p += 1) {
    passageById.set(passages[p]!.id, p);
    if (p > 0 && documentOf[p - 1] === documentOf[p] && CONTINUATION.test(passages[p]!.text)) continues[p] = 1;
    if ((p & 4095) === 4095) yield;
  }

  // The tokenizer queries are read with (text.ts), its table sized for this text.
  let characters = 0;
  for (const passage of passages) characters += passage.text.length;
  const tokenizer = new Tokenizer(characters);

  const keys: string[] = [];
  const keyIds = new Map<string, number>();
  const surfaceKey = new Map<string, number>();
  const aliasKeys = aliases.groupNames.flat().map((name) => contentTokens(name).map((token) => token.key));
  const aliasFirstKeys = new Set(aliasKeys.map((phrase) => phrase[0]).filter((key) => key !== undefined));
  const longestAlias = Math.max(1, ...aliasKeys.map((phrase) => phrase.length));
  /** Per key id: whether an alias phrase starts with it; how many passages hold it; the passage that last counted it, and how often. */
  let startsAlias = new Uint8Array(1024);
  let documentFrequency = new Uint32Array(1024);
  let lastPassage = new Int32Array(1024).fill(-1);
  let termCount = new Uint32Array(1024);
  const keyId = (key: string): number => {
    let id = keyIds.get(key);
    if (id === undefined) {
      id = keys.length;
      keys.push(key);
      keyIds.set(key, id);
      if (id === startsAlias.length) {
        startsAlias = grown(startsAlias, new Uint8Array(id * 2));
        documentFrequency = grown(documentFrequency, new Uint32Array(id * 2));
        lastPassage = grown(lastPassage, new Int32Array(id * 2).fill(-1));
        termCount = grown(termCount, new Uint32Array(id * 2));
      }
      startsAlias[id] = aliasFirstKeys.has(key) ? 1 : 0;
    }
    return id;
  };
  const resolve = (word: string, key: string): number => {
    const id = keyId(key);
    if (!surfaceKey.has(word)) surfaceKey.set(word, id);
    return id;
  };

  // Sized from the text (English runs about one content token per ten characters) so the big arrays rarely grow (a copy each time).
  const expectedTokens = Math.ceil(characters / 9) + 1024;
  yield;
  const sequence = new Growable(new Uint32Array(expectedTokens), uint32);
  const sequenceStart = new Uint32Array(passages.length + 1);
  const lengths = new Uint16Array(passages.length);
  yield;
  // (key, count) pairs of each passage, in passage order: the postings before they are grouped by key.
  const pairKeys = new Growable(new Uint32Array(expectedTokens), uint32);
  yield;
  const pairCounts = new Growable(new Uint16Array(expectedTokens), uint16);
  yield;
  const pairStart = new Uint32Array(passages.length + 1);
  let distinct = new Uint32Array(1024);
  /** Distinct keys of the passage being indexed, so far (`distinct` up to here). */
  let kinds = 0;
  let lengthSum = 0;
  /** Count one more occurrence of a key that is not a text token (an alias group, a search term) in passage `p`. */
  const countKey = (id: number, p: number): void => {
    if (lastPassage[id] !== p) {
      lastPassage[id] = p;
      termCount[id] = 0;
      if (kinds === distinct.length) distinct = grown(distinct, new Uint32Array(kinds * 2));
      distinct[kinds++] = id;
    }
    termCount[id]! += 1;
  };

  for (let p = 0; p < passages.length; p += 1) {
    const text = passages[p]!.text;
    const n = tokenizer.keys(text, resolve);
    const ids = tokenizer.ids;
    sequenceStart[p] = sequence.length;
    sequence.ensure(sequence.length + n);
    sequence.array.set(ids.subarray(0, n), sequence.length);
    sequence.length += n;
    if (distinct.length < n + 64) distinct = new Uint32Array((n + 64) * 2);
    kinds = 0;
    let aliasCandidate = false;
    for (let i = 0; i < n; i += 1) {
      const id = ids[i]!;
      if (lastPassage[id] !== p) {
        lastPassage[id] = p;
        termCount[id] = 0;
        distinct[kinds++] = id;
      }
      termCount[id]! += 1;
      if (startsAlias[id]) aliasCandidate = true;
    }
    if (aliasCandidate) {
      // Alias phrases can only start at a key that starts one: match a short window there, as AliasTable.matches would at that point.
      for (let from = 0; from < n; ) {
        if (!startsAlias[ids[from]!]) {
          from += 1;
          continue;
        }
        const window = Array.from(ids.subarray(from, Math.min(n, from + longestAlias)), (id) => keys[id]!);
        const match = aliases.matches(window)[0];
        if (!match || match.from !== 0) {
          from += 1;
          continue;
        }
        from += match.to;
        countKey(keyId(AliasTable.groupKey(match.group)), p);
      }
    }
    // Curated search terms (Passage.terms): their own keys, `~t:` + word key, never positions or surface words.
    for (const term of passages[p]!.terms ?? []) {
      for (const token of contentTokens(term)) countKey(keyId(termKey(token.key)), p);
    }
    pairStart[p] = pairKeys.length;
    pairKeys.ensure(pairKeys.length + kinds);
    pairCounts.ensure(pairCounts.length + kinds);
    for (let k = 0; k < kinds; k += 1) {
      const id = distinct[k]!;
      pairKeys.array[pairKeys.length++] = id;
      pairCounts.array[pairCounts.length++] = Math.min(termCount[id]!, 65_535);
      documentFrequency[id]! += 1;
    }
    const length = Math.min(n, 65_535);
    lengths[p] = length;
    lengthSum += length;
    yield;
  }
  sequenceStart[passages.length] = sequence.length;
  pairStart[passages.length] = pairKeys.length;

  // Group the pairs by key: counting sort, passage order kept.
  const postingStart = new Uint32Array(keys.length + 1);
  for (let k = 0; k < keys.length; k += 1) postingStart[k + 1] = postingStart[k]! + documentFrequency[k]!;
  const cursor = postingStart.slice(0, keys.length);
  const postingPassages = new Uint32Array(pairKeys.length);
  const postingCounts = new Uint16Array(pairKeys.length);
  for (let p = 0; p < passages.length; p += 1) {
    for (let i = pairStart[p]!; i < pairStart[p + 1]!; i += 1) {
      const k = pairKeys.array[i]!;
      const at = cursor[k]!++;
      postingPassages[at] = p;
      postingCounts[at] = pairCounts.array[i]!;
    }
    if ((p & 255) === 255) yield;
  }

  const wordKeys = keys.filter((key) => !key.startsWith('~'));
  yield;
  const sortedKeys = yield* sortInSlices(wordKeys);
  const typos = new TypoFinder();
  let n = 0;
  for (const word of surfaceKey.keys()) {
    if (SURFACE_FOR_TYPOS.test(word)) typos.add(word);
    if ((++n & 2047) === 0) yield;
  }
  yield;
  const trimmedSequence = sequence.trimmed();
  yield;
  shareTokenizer(tokenizer);

  return {
    passages,
    passageById,
    documentOf,
    continues,
    documentStart,
    keys,
    keyIds,
    postingStart,
    postingPassages,
    postingCounts,
    sequenceStart,
    sequence: trimmedSequence,
    lengths,
    averageLength: passages.length ? lengthSum / passages.length : 1,
    surfaceKey,
    sortedKeys,
    typos,
  };
}

/**
 * `[...strings].sort()` in pieces: runs of 2,048 sorted one at a time, then merged pairwise,
 * yielding between pieces so a large vocabulary never blocks the event loop for long.
 */
function* sortInSlices(strings: string[]): Generator<void, string[], void> {
  const RUN = 2048;
  let runs: string[][] = [];
  for (let i = 0; i < strings.length; i += RUN) {
    runs.push(strings.slice(i, i + RUN).sort());
    yield;
  }
  while (runs.length > 1) {
    const next: string[][] = [];
    for (let r = 0; r < runs.length; r += 2) {
      const a = runs[r]!;
      const b = runs[r + 1];
      if (!b) {
        next.push(a);
        continue;
      }
      const merged = new Array<string>(a.length + b.length);
      let i = 0;
      let j = 0;
      let k = 0;
      while (i < a.length && j < b.length) {
        merged[k++] = b[j]! < a[i]! ? b[j++]! : a[i++]!;
        if ((k & 16383) === 0) yield;
      }
      while (i < a.length) merged[k++] = a[i++]!;
      while (j < b.length) merged[k++] = b[j++]!;
      next.push(merged);
      yield;
    }
    runs = next;
  }
  return runs[0] ?? [];
}
