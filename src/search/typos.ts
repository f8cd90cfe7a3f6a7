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
