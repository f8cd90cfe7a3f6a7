import Fuse from 'fuse.js';

/** Fuse threshold for typo variants: 0 is exact, 1 anything. */
export const TYPO_THRESHOLD = 0.34;
/** One wrong letter in a four- or five-letter word is a different word (race/face), not a typo. */
export const SHORT_TYPO_THRESHOLD = 0.19;

export const FUSE_OPTIONS = { includeScore: true, threshold: TYPO_THRESHOLD, ignoreLocation: true, isCaseSensitive: true } as const;

export interface TypoVariant {
  word: string;
  score: number;
}

/** Words of one length, with a bit mask of the letters each contains. */
interface Bucket {
  words: string[];
  masks: number[];
  /** fuse.js over the whole bucket, for patterns the filters do not cover (over 32 characters). */
  fuse?: Fuse<string>;
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
 * Typo variants of a query word among the vocabulary's words of similar length: fuse.js
 * (bitap, location ignored) per length, best five per length, best three overall.
 *
 * Scanning a large vocabulary with fuse.js costs tens of milliseconds per word, so the
 * words fuse.js could accept are picked first by necessary conditions that cost far less:
 * a letter mask (each distinct letter of the pattern a word lacks is an error) and the
 * word's edit distance to the pattern (bitap's errors are edits, so never fewer). fuse.js
 * then scores the few survivors, in vocabulary order, so results and ties are exactly
 * those of a full scan.
 */
export class TypoFinder {
  private readonly buckets = new Map<number, Bucket>();
  /** Positions of each char code in the current pattern, as bits (Myers' Peq table). */
  private readonly peq = new Int32Array(65_536);

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

  variants(word: string): TypoVariant[] {
    const found: TypoVariant[] = [];
    const maxEdit = word.length <= 5 ? 1 : 2;
    for (let length = word.length - maxEdit; length <= word.length + maxEdit; length += 1) {
      const bucket = this.buckets.get(length);
      if (!bucket) continue;
      for (const result of this.search(bucket, word)) found.push({ word: result.item, score: result.score ?? 1 });
    }
    const threshold = word.length <= 5 ? SHORT_TYPO_THRESHOLD : TYPO_THRESHOLD;
    return found.filter((variant) => variant.score <= threshold).sort((a, b) => a.score - b.score).slice(0, 3);
  }

  /**
   * Typo variants of a query word as a reader means them: vocabulary words within a typo's
   * edits of the whole word (`maxTypoEdits`; a swap of neighbours is one edit, so `brwon` finds
   * `brown`), nearest first, fuse.js's score ordering words at the same distance (then
   * vocabulary order); at most `limit`. The score is the share of the word's letters edited.
   *
   * `variants` (fuse.js alone) is looser and stricter at once: it accepts a word that merely
   * contains most of the query word (`marijuana` / `tijuana`) and rejects a swap in a short
   * word (two of bitap's errors).
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
    const fuseScores = new Map(new Fuse(found.map((entry) => entry.word), { ...FUSE_OPTIONS, threshold: 1 }).search(word).map((result) => [result.item, result.score ?? 1]));
    return found
      .map((entry, order) => ({ word: entry.word, score: entry.distance / word.length, fuse: fuseScores.get(entry.word) ?? 1, order }))
      .sort((a, b) => a.score - b.score || a.fuse - b.fuse || a.order - b.order)
      .slice(0, limit)
      .map(({ word: variant, score }) => ({ word: variant, score }));
  }

  private search(bucket: Bucket, word: string) {
    if (word.length > 32) {
      bucket.fuse ??= new Fuse(bucket.words, FUSE_OPTIONS);
      return bucket.fuse.search(word, { limit: 5 });
    }
    const candidates = this.candidates(bucket, word, maxErrors(word.length));
    return candidates.length ? new Fuse(candidates, FUSE_OPTIONS).search(word, { limit: 5 }) : [];
  }

  /**
   * The bucket's words within `errors` edits of some part of them (approximate substring
   * distance, Myers' bit-parallel algorithm), in bucket order. Bitap accepts a word only
   * with an alignment of at most that many errors, so it accepts none of the others.
   */
  private candidates(bucket: Bucket, word: string, errors: number): string[] {
    const pattern = maskOf(word);
    const peq = this.peq;
    for (let k = 0; k < word.length; k += 1) peq[word.charCodeAt(k)]! |= 1 << k;
    const high = 1 << (word.length - 1);
    const all = word.length === 32 ? -1 : (1 << word.length) - 1;
    const out: string[] = [];
    for (let i = 0; i < bucket.words.length; i += 1) {
      // A missing distinct letter of the pattern costs at least one error.
      if (bitCount(pattern & ~bucket.masks[i]!) > errors) continue;
      const text = bucket.words[i]!;
      let pv = all;
      let mv = 0;
      let score = word.length;
      let best = score;
      for (let j = 0; j < text.length && best > errors; j += 1) {
        const eq = peq[text.charCodeAt(j)]!;
        const xv = eq | mv;
        const xh = (((eq & pv) + pv) ^ pv) | eq;
        let ph = mv | ~(xh | pv);
        let mh = pv & xh;
        if (ph & high) score += 1;
        else if (mh & high) score -= 1;
        ph <<= 1;
        mh <<= 1;
        pv = mh | ~(xv | ph);
        mv = ph & xv;
        if (score < best) best = score;
      }
      if (best <= errors) out.push(text);
    }
    for (let k = 0; k < word.length; k += 1) peq[word.charCodeAt(k)] = 0;
    return out;
  }
}

/** The most errors fuse.js accepts in a pattern of this length: errors / length <= threshold, computed as fuse.js does. */
function maxErrors(length: number): number {
  let errors = 0;
  while ((errors + 1) / length <= TYPO_THRESHOLD) errors += 1;
  return errors;
}

/** The reference: fuse.js over every word of each length (what `TypoFinder` must equal). */
export function typoVariantsByFullScan(words: readonly string[], word: string): TypoVariant[] {
  const found: TypoVariant[] = [];
  const maxEdit = word.length <= 5 ? 1 : 2;
  for (let length = word.length - maxEdit; length <= word.length + maxEdit; length += 1) {
    const bucket = words.filter((candidate) => candidate.length === length);
    if (!bucket.length) continue;
    for (const result of new Fuse(bucket, FUSE_OPTIONS).search(word, { limit: 5 })) found.push({ word: result.item, score: result.score ?? 1 });
  }
  const threshold = word.length <= 5 ? SHORT_TYPO_THRESHOLD : TYPO_THRESHOLD;
  return found.filter((variant) => variant.score <= threshold).sort((a, b) => a.score - b.score).slice(0, 3);
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
 * (`marijuana` / `tijuana`, `narcan` / `canadian`). A typo is a small edit of the whole word:
 * `TypoFinder.closeWords` keeps to this distance.
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
