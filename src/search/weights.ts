/**
 * Every tuning weight of the search, in one place. Each is measured by `npm run eval`
 * (dev, held-out and hard sets, with ablation rows); change one here, rerun it.
 */

// --- which passages answer (ranking.ts) -------------------------------------------

/** Share of the query's weight (IDF) a passage must cover to count as an answer. */
export const MIN_COVERAGE = 0.5;
/**
 * Share of the query's weight the passage must cover in its own text: the document credit
 * tops a passage up to MIN_COVERAGE but cannot carry most of it.
 */
export const MIN_DIRECT_COVERAGE = 0.3;
/** Query concepts a passage must hold itself, for queries with at least this many. */
export const MIN_MATCHED_CONCEPTS = 2;
/** Coverage credit for a query word found elsewhere in the passage's document, not in the passage. */
export const DOCUMENT_CREDIT = 0.5;
/** Alternatives at least this good mark their documents for the document credit. */
export const DOCUMENT_QUALITY = 0.8;
/**
 * Credit for a query word found in the passage just before one that continues it (opens with
 * he, she, they…: the person it quotes is named there). Counts as the passage's own, at this share.
 */
export const NEIGHBOUR_CREDIT = 0.7;
/** BM25 parameters: term-frequency saturation and length normalisation. */
export const K1 = 1.2;
export const B = 0.75;
/** How many top candidates get the (costlier) proximity and sentence re-ranking. */
export const RERANK_POOL = 50;
/** A hit must score at least this share of the best hit to be listed. */
export const RELATIVE_FLOOR = 0.25;

// --- how good a match through another form is (query reading) ---------------------

/** Another form of an irregular verb (`rose` for `rise`). */
export const VERB_FORM_QUALITY = 0.9;
/** The same amount written another way (`26` for `26 thousand`). */
export const SCALED_QUALITY = 0.9;
/** A stem-prefix spelling of the same word (`seiz` for `seizures`), and a shorter stem of it. */
export const PREFIX_QUALITY = 0.8;
export const SHORTER_STEM_QUALITY = 0.7;
/** A clipped word (`fent`, `admin`) read as the longer vocabulary word it starts. */
export const CLIPPED_QUALITY = 0.75;
/** Typo variants: this times (1 - the variant's distance score). */
export const TYPO_QUALITY = 0.9;
/** Edits a typo variant of an English dictionary word may be away (other words: up to maxTypoEdits in typos.ts). */
export const REAL_WORD_TYPO_EDITS = 1;
/** A Spanish word translated through knowledge/glossary-es.json. */
export const GLOSSARY_QUALITY = 0.85;
/** A Spanish word whose stem is also an English index key (cognates: `precursores` → `precursor`). */
export const COGNATE_QUALITY = 0.8;
/**
 * A word of a paragraph's curated search terms (front matter `search_terms`: the words people
 * ask with that the paragraph does not use), times the quality of the word it was read as.
 * Measured at 0.6–0.9, as a full match and as a guess: above 0.7 a term match earns the
 * document credit and near-topic questions get answers (the blind sets lose 7–20 points of
 * rejection); counting terms for ranking only, not coverage, keeps almost none of the gain.
 */
export const TERMS_QUALITY = 0.6;
/** A WordNet synonym or related form of an English query word. */
export const WORDNET_QUALITY = 0.55;
/** WordNet synonyms kept per query word: the first this many the index holds (most frequent senses first). */
export const WORDNET_LIMIT = 8;

// --- partial answers (search-index.ts) ---------------------------------------------

/**
 * When no passage answers the whole query, the query less some words may answer if the part
 * left is specific: the top passage holds (as typed) at least two words each in at most
 * PARTIAL_SPECIFIC_SHARE of passages, one of them in at most PARTIAL_RARE_SHARE (a rare,
 * topical word); and the words left are at least as many as those dropped.
 */
export const PARTIAL_RARE_SHARE = 0.03;
export const PARTIAL_SPECIFIC_SHARE = 0.1;
/** A word other than the rare one counts as held through a form at least this good (verb forms, typos; not synonyms). */
export const PARTIAL_HELD_QUALITY = 0.75;

// --- question-aware ranking (ranking.ts) --------------------------------------------

/** Bonus (times the query's mean concept weight) for a passage holding a figure of the kind asked for. */
export const FIGURE_BONUS = 0.6;
/** Bonus (times the mean concept weight) for a passage saying a time (a month, weekday, year, `last year`) when the question asks when. */
export const TIME_BONUS = 0.6;
/** Bonus (times the mean concept weight) for a passage naming a person or body when the question asks who. */
export const PERSON_BONUS = 0.4;
/** Bonus (times the mean concept weight) per share of the query's weight held by the passage's best single sentence. */
export const SENTENCE_BONUS = 1.0;
/** Content words in the stretch of text scored as one sentence. */
export const SENTENCE_WINDOW = 14;
/**
 * A question about a year (query-years.ts) keeps only the answers that say it, one asking when
 * only those that say a time, one asking how many or how much only those with a figure; and of
 * those only the ones scoring at least this share of the best answer's score: a passage that
 * says the year but little else of the question is no answer either.
 */
export const ASKED_ANSWER_FLOOR = 0.5;
