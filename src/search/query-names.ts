/**
 * The names a query asks about, and whether an answer is about them. A question naming a
 * person, place or body the articles never mention (`Ovidio Guzmán`, `… from India`,
 * `seattle`), or one they mention but not in the article of the best answer (`… in Canada`),
 * answers another question: the search refuses it and the reply names what no passage mentions,
 * unless a rarer name of the question is in the answer (`PGR chief Gertz Manero`).
 */
import { isEnglishWord, isSubstance, isWordNetName } from './lexicon.ts';
import { DOCUMENT_QUALITY, PARTIAL_RARE_SHARE, WORDNET_QUALITY } from './weights.ts';
import { fold, tokenize } from './text.ts';
import { isTermKey, type IndexData } from './inverted-index.ts';
import type { Concept, Ranker } from './ranking.ts';

/** What the name checks read of an index. */
export interface IndexView {
  data: IndexData;
  ranker: Ranker;
}

/** The names of a query, read once: full names' words, names on their own, and well-known places or bodies. */
export interface QueryNames {
  /** Folded words of the query's full names (`NAME_RUN`). */
  full: Set<string>;
  /** Acronyms and capitalised words that are not dictionary words (`singleNames`). */
  single: Set<string>;
  /** Well-known places or bodies (`knownNames`). */
  known: Set<string>;
  /** Drugs, however typed (`meth`, `cocaine`): a question about one the articles never mention is about another drug. */
  substances: Set<string>;
}

export function readNames(query: string): QueryNames {
  return { full: nameWords(query), single: singleNames(query), known: knownNames(query), substances: new Set(tokenize(query).map((token) => token.word).filter(isSubstance)) };
}

/**
 * Whether an answer (its concepts and top passage) is about another thing than the query
 * names, and which of the query's names no passage mentions (for the reply).
 */
export function checkNames(query: string, names: QueryNames, read: Concept[], answered: Concept[], top: number | undefined, index: IndexView): { refuse: boolean; unknownNames: string[] } {
  const unknownNames = [...unknownOf(read, new Set([...names.known, ...names.substances]), index), ...unknownFullNames(query, read, (concept) => holdsName(concept, index))];
  if (top === undefined) return { refuse: false, unknownNames };
  const elsewhere = namedElsewhere(answered, top, names.known, index);
  const refuse = (unknownNames.length > 0 || elsewhere) && !aboutAnotherName(answered, top, new Set([...names.known, ...names.full, ...names.single]), index);
  return { refuse, unknownNames };
}

/** A full name: a run of two or more capitalised words (`Marcelo Ebrard`). */
const NAME_RUN = /\p{Lu}[\p{L}'’-]*(?:\s+\p{Lu}[\p{L}'’-]*)+/gu;

/** Folded words of the query's full names (`NAME_RUN`). */
function nameWords(query: string): Set<string> {
  const words = new Set<string>();
  for (const run of query.matchAll(NAME_RUN)) for (const token of tokenize(run[0])) words.add(token.word);
  return words;
}

/**
 * Folded words that name someone or something on their own: acronyms (`DEA`, `FGR`) and
 * capitalised words that are not English dictionary words (`Sedena`, `Milgram`).
 */
function singleNames(query: string): Set<string> {
  const words = new Set<string>();
  for (const match of query.matchAll(/(?<![\p{L}\p{N}])\p{Lu}[\p{L}]*(?![\p{L}\p{N}])/gu)) {
    const word = fold(match[0]);
    if (/^\p{Lu}{2,6}$/u.test(match[0]) || !isEnglishWord(word)) words.add(word);
  }
  return words;
}

/**
 * Folded words the query writes as names of well-known places or bodies: capitalised words
 * after its first that the dictionary knows (`Guatemala`, `India`, `Europe`), and words that
 * WordNet knows only as such a name, however typed (`seattle`, `ottawa`). Made-up or rare
 * names (`Guacamaya`, `FGR`) are not among them: a question may name what the articles
 * describe without naming it.
 */
function knownNames(query: string): Set<string> {
  const words = new Set<string>();
  for (const token of tokenize(query)) {
    const written = query.slice(token.start, token.end);
    const capitalised = /^\p{Lu}\p{Ll}/u.test(written) && /\p{L}/u.test(query.slice(0, token.start)) && isEnglishWord(token.word);
    if (capitalised || isWordNetName(token.word)) words.add(token.word);
  }
  return words;
}

/**
 * The query's full names (runs of capitalised words: `Ovidio Guzmán`) none of whose words the
 * knowledge base holds: a question about someone no passage mentions. A run that starts the
 * query counts from its second word (`Did Ottawa…`: the first is only capitalised). A word held
 * only as a typo of a dictionary word (`Guzmán` ~ gunman) does not count: a misspelled name
 * resembles a name.
 */
function unknownFullNames(query: string, concepts: Concept[], nameHeld: (concept: Concept) => boolean, partly = false): string[] {
  const unknown: string[] = [];
  for (const run of query.matchAll(NAME_RUN)) {
    const words = tokenize(run[0]).map((token) => token.word);
    // The first word of the question is capitalised anyway: it is part of the name only if the dictionary lacks it (`Claudia Sheinbaum…`, not `What Ebrard said`).
    if ((run.index === 0 || !/\p{L}/u.test(query.slice(0, run.index))) && isEnglishWord(words[0]!)) words.shift();
    const named = concepts.filter((concept) => concept.label.split(' ').some((word) => words.includes(word)));
    // In part (`Rafael Caro Quintero`): only a run of names, not a title-case phrase of everyday words (`Best Tacos In Mexico City`).
    const unheld = partly ? !named.every(nameHeld) && words.every((word) => !isEnglishWord(word)) : !named.some(nameHeld);
    if (words.length >= 2 && named.length > 0 && unheld) unknown.push(words.join(' '));
  }
  return unknown;
}

/**
 * For the reply to a refused question: its full names of which no passage holds some word
 * (`Rafael Caro Quintero`: another Rafael is in the articles, not him).
 */
export function partlyUnknownNames(query: string, concepts: Concept[], index: IndexView): string[] {
  return unknownFullNames(query, concepts, (concept) => holdsName(concept, index), true);
}

/**
 * The query's names (`knownNames`) the knowledge base does not hold as typed or through an
 * alias or glossary: a name the dictionary knows is spelt as meant, not a typo of another word
 * (`seattle` is no misspelt `battle`).
 */
function unknownOf(concepts: Concept[], names: ReadonlySet<string>, { data }: IndexView): string[] {
  // A search term (`~t:`) describes a paragraph; it does not show that the articles name the place.
  const held = (concept: Concept) => concept.alternatives.some((alternative) => !alternative.guess && alternative.quality > WORDNET_QUALITY && !isTermKey(data.keys[alternative.keyId]!));
  return concepts.filter((concept) => names.has(concept.label) && !held(concept)).map((concept) => concept.label);
}

/** Whether the knowledge base holds a word of a name: as typed, through an alias or glossary, or as a typo of a word that is not in the dictionary (a name). */
function holdsName(concept: Concept, index: IndexView): boolean {
  return concept.alternatives.some(
    (alternative) => alternative.quality > WORDNET_QUALITY && !isTermKey(index.data.keys[alternative.keyId]!) && (!alternative.guess || !isEnglishWord(index.data.keys[alternative.keyId]!)),
  );
}

/**
 * Whether the query names a place or body (`knownNames`) that the knowledge base mentions,
 * but not in the article of the best answer: `How many people died of overdoses in Canada`
 * finds a passage on US overdose deaths, in an article that never names Canada; it answers
 * another question.
 */
function namedElsewhere(answered: Concept[], top: number, names: ReadonlySet<string>, { data, ranker }: IndexView): boolean {
  const document = data.documentOf[top]!;
  const inArticle = (keyId: number) => ranker.holdsAny(data.documentStart[document]!, data.documentStart[document + 1]!, keyId);
  return answered.some((concept) => names.has(concept.label) && !concept.alternatives.some((alternative) => alternative.quality >= DOCUMENT_QUALITY && inArticle(alternative.keyId)));
}

/**
 * Whether the top passage holds a name of the query rare enough to be what the question is
 * about, when the query also names a place or body the knowledge base never mentions
 * (`unknownOf`): `PGR chief Gertz Manero` is about Gertz Manero, but `… southern border with
 * Guatemala` is not about Mexico, nor `India … precursor chemicals` about precursors. Common
 * words and names around an unknown name answer another question.
 */
function aboutAnotherName(answered: Concept[], top: number, names: ReadonlySet<string>, { data, ranker }: IndexView): boolean {
  const rareBound = Math.max(1, PARTIAL_RARE_SHARE * data.passages.length);
  return answered.some(
    (concept) =>
      names.has(concept.label) &&
      concept.alternatives.some((alternative) => !alternative.guess && alternative.quality >= DOCUMENT_QUALITY && ranker.documentFrequency(alternative.keyId) <= rareBound && ranker.holds(top, alternative.keyId)),
  );
}
