import Fuse, { type IFuseOptions } from 'fuse.js';
import { fold, squeeze } from './text.ts';

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

/** Passage texts as `literal` gives them, remembered: the same passages come back query after query. */
const literalTexts = new Map<string, string>();
const LITERAL_CACHE_SIZE = 4_096;
function literalText(text: string): string {
  let found = literalTexts.get(text);
  if (found === undefined) {
    if (literalTexts.size >= LITERAL_CACHE_SIZE) literalTexts.clear();
    found = literal(text);
    literalTexts.set(text, found);
  }
  return found;
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
    const spellings = concept.spellings.map(literal).filter(Boolean);
    const own = spellings[0];
    for (let i = 0; i < folded.length; i += 1) {
      const text = folded[i]!;
      let score = 1;
      if (spellings.some((spelling) => text.includes(spelling))) score = EXACT;
      else if (own !== undefined) {
        const result = Fuse.match(own, text, FUSE_OPTIONS);
        if (result.isMatch) score = result.score;
      }
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
