import { fuseMatchScore } from './fuse-rerank.ts';

/** fuse.js orders typo candidates at the same edit distance: bitap with location ignored, case kept (words are folded). */
const FUSE_OPTIONS = { includeScore: true, threshold: 1, ignoreLocation: true, isCaseSensitive: true } as const;

export interface TypoVariant {
  word: string;
  score: number;
}

/** Words of one length, with a bit mask of the letters each contains. */
interface Bucket {
  words: string[];
  masks: number[];
}

const letterBit = (code: number) => 1 << (code & 31);

function maskOf(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i += 1) mask |= letterBit(word.charCodeAt(i));
  return mask;
}

function bitCount(value: number): number {
  let v = value - ((value >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Typo variants of a query word among the vocabulary's words of similar length, kept in
 * buckets by length with a letter mask per word, so that most words are ruled out by a
 * length check and one AND before any edit distance is computed.
 */
export class TypoFinder {
  private readonly buckets = new Map<number, Bucket>();

  /** Vocabulary words (`/^\p{L}{4,}$/u`), in the order ties should break. */
  constructor(words: Iterable<string> = []) {
    for (const word of words) this.add(word);
  }

  /** One more vocabulary word (after those added before it, for ties). */
  add(word: string): void {
    let bucket = this.buckets.get(word.length);
    if (!bucket) {
      bucket = { words: [], masks: [] };
      this.buckets.set(word.length, bucket);
    }
    bucket.words.push(word);
    bucket.masks.push(maskOf(word));
  }

  /**
   * Typo variants of a query word as a reader means them: vocabulary words within a typo's
   * edits of the whole word (`maxTypoEdits`; a swap of neighbours is one edit, so `brwon` finds
   * `brown`), nearest first, fuse.js's score ordering words at the same distance (then
   * vocabulary order); at most `limit`. The score is the share of the word's letters edited.
   * Why not fuse.js alone: see `editDistance`.
   */
  closeWords(word: string, limit = 3): TypoVariant[] {
    const edits = maxTypoEdits(word.length);
    if (edits === 0) return [];
    const pattern = maskOf(word);
    const found: { word: string; distance: number }[] = [];
    for (let length = word.length - edits; length <= word.length + edits; length += 1) {
      const bucket = this.buckets.get(length);
      if (!bucket) continue;
      for (let i = 0; i < bucket.words.length; i += 1) {
        // A missing distinct letter of the pattern costs at least one edit.
        if (bitCount(pattern & ~bucket.masks[i]!) > edits) continue;
        const candidate = bucket.words[i]!;
        if (candidate === word) continue;
        const distance = editDistance(word, candidate, edits);
        if (distance <= edits) found.push({ word: candidate, distance });
      }
    }
    if (found.length === 0) return [];
    return found
      // fuse.js's score in each candidate alone: what a Fuse over the candidates gives each (a
      // vocabulary word is one token, so the score is not scaled for length), without building one.
      .map((entry, order) => ({ word: entry.word, score: entry.distance / word.length, fuse: fuseMatchScore(word, entry.word, FUSE_OPTIONS), order }))
      .sort((a, b) => a.score - b.score || a.fuse - b.fuse || a.order - b.order)
      .slice(0, limit)
      .map(({ word: variant, score }) => ({ word: variant, score }));
  }
}

/**
 * Most edits a misspelling of a word this long may carry: none in a word of four letters or
 * fewer (one edit makes another word: `rain` / `main`), one in five letters, two from six on.
 * A swap of two neighbouring letters is one edit.
 */
export function maxTypoEdits(length: number): number {
  return length <= 4 ? 0 : length <= 5 ? 1 : 2;
}

/**
 * Edit distance between two whole words (insertions, deletions, substitutions and swaps of
 * neighbours: optimal string alignment), or `limit + 1` once it must exceed `limit`.
 *
 * fuse.js (bitap with location ignored) scores how well the query word fits somewhere inside
 * a vocabulary word, so it also accepts words that merely share a long piece with it
 * (`marijuana` / `tijuana`, `narcan` / `canadian`), and it counts a swap in a short word as
 * two errors (`brwon`). A typo is a small edit of the whole word: `TypoFinder.closeWords`
 * keeps to this distance.
 */
export function editDistance(a: string, b: string, limit: number): number {
  const n = b.length;
  if (Math.abs(a.length - n) > limit) return limit + 1;
  const over = limit + 1;
  if (rows[0]!.length < n + 2) for (let r = 0; r < 3; r += 1) rows[r] = new Int32Array(2 * (n + 2));
  // Three rolling rows (i - 2, i - 1, i); only the band |i - j| <= limit is computed, its edges held at `over`.
  let before = rows[0]!;
  let previous = rows[1]!;
  let current = rows[2]!;
  for (let j = 0; j <= Math.min(n, limit); j += 1) previous[j] = j;
  if (limit + 1 <= n) previous[limit + 1] = over;
  for (let i = 1; i <= a.length; i += 1) {
    const low = Math.max(1, i - limit);
    const high = Math.min(n, i + limit);
    current[low - 1] = low === 1 ? i : over;
    const code = a.charCodeAt(i - 1);
    const last = i > 1 ? a.charCodeAt(i - 2) : -1;
    let rowBest = low === 1 ? i : over;
    for (let j = low; j <= high; j += 1) {
      const other = b.charCodeAt(j - 1);
      let value = previous[j - 1]! + (code === other ? 0 : 1);
      const deletion = previous[j]! + 1;
      if (deletion < value) value = deletion;
      const insertion = current[j - 1]! + 1;
      if (insertion < value) value = insertion;
      if (j > 1 && code === b.charCodeAt(j - 2) && last === other && before[j - 2]! + 1 < value) value = before[j - 2]! + 1;
      current[j] = value;
      if (value < rowBest) rowBest = value;
    }
    if (high + 1 <= n) current[high + 1] = over;
    if (rowBest > limit) return over;
    const spare = before;
    before = previous;
    previous = current;
    current = spare;
  }
  return Math.min(previous[n]!, over);
}

/** Work rows of `editDistance`, grown as longer words come. */
const rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];
