import Fuse, { type IFuseOptions } from 'fuse.js';
import { fold, squeeze } from './text.ts';
import { remembered } from '../shared/remembered.ts';

/**
 * fuse.js's part in ranking. Our index decides which passages answer (the relevance cut-off)
 * and which are the top ≤ 50; fuse.js then looks for each query concept, letter by letter, in
 * those passages' own text, and a passage loses score for the weighted share of the query it
 * cannot find there: `score × (1 − FUSE_BLEND × missing)`. BM25 rewards a short passage that
 * repeats the names of the query and borrows its other words from elsewhere in the article;
 * fuse.js is the second opinion that asks whether the passage itself says them. For `how many
 * arrests in the Blue Lotus operation` it puts the passage with `284 people were arrested`
 * above one that only names the operation; for `precusor chemicals`, the one that says
 * `precursor chemicals` above `chemical precursors`.
 *
 * Why these settings, with the figures measured for them: docs/search-tuning.md.
 */
const FUSE_BLEND = 0.75;

/**
 * Bitap settings: the whole passage (location ignored), a fifth of a spelling's letters may be
 * wrong. Texts and spellings both come through `literal` (folded once, so fuse.js need not fold
 * each text again for every spelling). Extended search stays off (said here, not left to the
 * default), and `literal` leaves only letters and digits: a spelling is always a literal, so
 * `!fentanyl` or `'=x` from a user can never mean "not" or "exactly" (fuse.js has no
 * sanitiser for its extended-search operators).
 */
const FUSE_OPTIONS: IFuseOptions<string> = {
  ignoreLocation: true,
  isCaseSensitive: true,
  ignoreDiacritics: false,
  threshold: 0.2,
  useExtendedSearch: false,
  useTokenSearch: false,
};
/** Fuse's score for a verbatim occurrence: bitap finds those first and floors their score at 0.001. */
const EXACT = 0.001;

/** What fuse.js looks for of one query concept: its spellings, the user's own first (any will do), and its weight (IDF). */
export interface FuseConcept {
  spellings: readonly string[];
  weight: number;
}

/** Text or spelling as fuse.js gets it: folded letters and digits (with a number's `.` or `,`), anything else one space (`Felbab-Brown` → `felbab brown`). */
export function literal(spelling: string): string {
  return squeeze(fold(spelling).replace(/(?<!\p{N})[.,]|[.,](?!\p{N})|[^\p{L}\p{N}.,]/gu, ' '));
}

/**
 * Passage texts and concept spellings as `literal` gives them, remembered: the same passages
 * come back query after query, and so do the names of an alias group (each query word of one
 * brings all of them).
 */
const literalText = remembered(literal, 4_096);

/** The longest pattern fuse.js's bitap reads whole; a longer one it cuts into pieces and averages (left to it whole: see `bitapScore`). */
const BITAP_MAX_PATTERN = 32;

/** The most errors bitap accepts in a match of a pattern this long: as fuse.js counts, while errors / length stays within the threshold. */
function maxErrors(length: number): number {
  let errors = 0;
  while (errors + 1 < length && (errors + 1) / length <= FUSE_OPTIONS.threshold!) errors += 1;
  return errors;
}

/**
 * The stretches of `text` (start and end offsets, ascending, apart) where bitap can find
 * `pattern`; none when it cannot match at all. A match with at most k errors (insertions,
 * deletions, substitutions) leaves at least one of k + 1 pieces of the pattern untouched,
 * since each error falls within one piece at most; and it is at most the pattern's length
 * plus k long. So every match lies around an occurrence of a piece, within that reach of it.
 */
function matchStretches(pattern: string, text: string): [number, number][] {
  const errors = maxErrors(pattern.length);
  const reach = pattern.length + errors;
  const windows: [number, number][] = [];
  for (let piece = 0; piece <= errors; piece += 1) {
    const part = pattern.slice(Math.floor((piece * pattern.length) / (errors + 1)), Math.floor(((piece + 1) * pattern.length) / (errors + 1)));
    for (let at = text.indexOf(part); at !== -1; at = text.indexOf(part, at + 1)) {
      windows.push([Math.max(0, at - reach), Math.min(text.length, at + part.length + reach)]);
    }
  }
  windows.sort((a, b) => a[0] - b[0]);
  const stretches: [number, number][] = [];
  for (const [from, to] of windows) {
    const last = stretches.at(-1);
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else stretches.push([from, to]);
  }
  return stretches;
}

/**
 * Fuse.js's bitap score for `pattern` in `text` (`Fuse.match` with FUSE_OPTIONS): from EXACT
 * (verbatim) to 1 (nothing close enough). With location ignored the score is the fewest errors
 * of any match over the pattern's length, so bitap need only read the stretches a match can
 * lie in (`matchStretches`), and none at all in a text that holds no piece of the pattern:
 * most passages that lack a query word as spelled lack it altogether, and bitap reads the
 * whole text once per error level to find that out. The score is the same as over the whole
 * text; only the reading is shorter.
 */
export function bitapScore(pattern: string, text: string): number {
  if (pattern.length > BITAP_MAX_PATTERN) return fuseMatchScore(pattern, text);
  let best = 1;
  for (const [from, to] of matchStretches(pattern, text)) best = Math.min(best, fuseMatchScore(pattern, text.slice(from, to)));
  return best;
}

/**
 * Bitap scores by passage text (as `literal` gives it) and query word, remembered: the same
 * words meet the same passages query after query (`fentanyl` in a passage that says `opioid`).
 * At most BITAP_CACHE_SIZE scores (numbers under keys the caches above already hold).
 */
const bitapScores = new Map<string, Map<string, number>>();
let bitapScoreCount = 0;
const BITAP_CACHE_SIZE = 16_384;
function rememberedBitapScore(pattern: string, text: string): number {
  let scores = bitapScores.get(text);
  let score = scores?.get(pattern);
  if (score === undefined) {
    if (bitapScoreCount >= BITAP_CACHE_SIZE) {
      bitapScores.clear();
      bitapScoreCount = 0;
      scores = undefined;
    }
    if (!scores) bitapScores.set(text, (scores = new Map()));
    score = bitapScore(pattern, text);
    scores.set(pattern, score);
    bitapScoreCount += 1;
  }
  return score;
}

/** fuse.js's bitap score for `pattern` in `text` with these options (`Fuse.match`): 1 when it finds none. */
export function fuseMatchScore(pattern: string, text: string, options: IFuseOptions<string> = FUSE_OPTIONS): number {
  const result = Fuse.match(pattern, text, options);
  return result.isMatch ? result.score : 1;
}

/**
 * Per text: the weighted share of the concepts fuse.js does not find in it, from 0 (every
 * concept found verbatim) to 1 (none found). A concept found verbatim under any of its
 * spellings scores EXACT, as bitap would; otherwise its score is what `Fuse.match` (the
 * bitap score fuse.js gives a record) finds for the user's own spelling, 1 when nothing is
 * close enough. Alias names are only looked up verbatim: they are the knowledge base's own
 * spellings, and fuzzy searching each of them cost milliseconds for no change in the eval.
 */
export function fuseMissing(texts: readonly string[], concepts: readonly FuseConcept[]): number[] {
  const missing = texts.map(() => 0);
  const totalWeight = concepts.reduce((sum, concept) => sum + concept.weight, 0);
  if (texts.length === 0 || totalWeight === 0) return missing;
  const folded = texts.map(literalText);
  for (const concept of concepts) {
    const spellings = concept.spellings.map(literalText).filter(Boolean);
    const own = spellings[0];
    for (let i = 0; i < folded.length; i += 1) {
      const text = folded[i]!;
      let score = 1;
      if (spellings.some((spelling) => text.includes(spelling))) score = EXACT;
      else if (own !== undefined) score = rememberedBitapScore(own, text);
      missing[i]! += (concept.weight * score) / totalWeight;
    }
  }
  return missing;
}

/** Lower each answer's score by what fuse.js cannot find of the query in its text (see the top of this file); the caller re-sorts. */
export function blendFuseScores(answers: readonly { passage: number; score: number }[], concepts: readonly FuseConcept[], textOf: (passage: number) => string): void {
  if (answers.length < 2) return;
  const missing = fuseMissing(
    answers.map((answer) => textOf(answer.passage)),
    concepts,
  );
  answers.forEach((answer, i) => {
    answer.score *= 1 - FUSE_BLEND * missing[i]!;
  });
}
