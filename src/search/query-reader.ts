/**
 * Reading a query, apart from scoring it: its language, what kind of answer it asks for,
 * and its words with the other index keys each may be matched through (expansions).
 * English words come from `queryTokens` (numbers, verb forms), plus the articles' words for
 * everyday ones (knowledge/glossary-en.json: `busts` → `seizures`) and WordNet synonyms;
 * a Spanish query is read with Spanish stop words and stems, its words translated through
 * the glossary (knowledge/glossary-es.json) or, for cognates, matched by their stem.
 * Names stay as typed in both languages. Scoring (ranking.ts) sees only keys and qualities.
 */
import { GLOSSARY_QUALITY, COGNATE_QUALITY, WORDNET_LIMIT, WORDNET_QUALITY } from './weights.ts';
import { baseForms, everydayGlossary, isSpanish, phraseKeys, SPANISH_STOP_WORDS, spanishGlossary, stemEs, wordnetSynonyms, type GlossaryEntry } from './lexicon.ts';
import { isLetterNoise, queryTokens, type QueryToken } from './query-tokens.ts';
import { contentTokens, keyOfRemembered, STOP_WORDS, tokenize } from './text.ts';

/** The kinds of expansion a query word can get; each can be switched off (eval ablation rows). */
export type ExpansionKind = 'aliases' | 'glossary' | 'everyday' | 'wordnet' | 'clipped' | 'terms' | 'partial' | 'question';
export const EXPANSION_KINDS: readonly ExpansionKind[] = ['aliases', 'glossary', 'everyday', 'wordnet', 'clipped', 'terms', 'partial', 'question'];

import type { Asks } from './ranking.ts';

export type { Asks };

export interface ReadQuery {
  language: 'en' | 'es';
  asks: Asks;
  tokens: QueryToken[];
}

const ASKS_PERCENTAGE = /\b(?:what (?:percentage|percent|share|proportion|fraction)|qu[eé] (?:porcentaje|proporci[oó]n))\b/iu;
const ASKS_FIGURE = /\b(?:how (?:many|much|long|often|far)|what (?:percentage|percent|share|proportion|number|amount|fraction)|cu[aá]nt[oa]s?|qu[eé] (?:porcentaje|cantidad|n[uú]mero|proporci[oó]n))\b/iu;
const ASKS_PERSON = /(?:^|[^\p{L}])(?:who|whom|whose|qui[eé]n(?:es)?)(?=$|[^\p{L}])/iu;

/** `When…?` opening the question (not `what did he say when…`), or asking for a year or date. */
const ASKS_TIME = /^[\s¿¡"'“]*(?:when(?:'s|’s|\s+(?:did|does|do|was|were|is|are|will|would|has|have|had|can|could|should|might)\b)|cu[aá]ndo(?=$|[^\p{L}]))|(?:^|[^\p{L}])(?:what (?:year|date|month|day)|which (?:year|month)|en qu[eé] (?:a[nñ]o|fecha|mes)|qu[eé] (?:a[nñ]o|fecha|d[ií]a))(?=$|[^\p{L}])/iu;

/**
 * `How many…?`, `how much money…?`: a question a count answers. Not `how long`, nor `how much`
 * before a verb or a word of degree (`how much do cartels control…`, `how much influence`),
 * which are answered in words as often as in figures.
 */
const ASKS_COUNT =
  /(?:^|[^\p{L}])(?:how many|what number of|cu[aá]nt[oa]s|qu[eé] (?:n[uú]mero|cantidad) de|how much(?!\s+(?:do|does|did|is|are|was|were|has|have|had|can|could|will|would|should|influence|power|control|impact|effect|damage|pressure|trust|support|progress|attention|sway|leverage|say|of)\b))(?=$|[^\p{L}])/iu;
const ASKS_YEARS = /(?:^|[^\p{L}])(?:how many (?:years|decades)|cu[aá]ntos a[nñ]os)(?=$|[^\p{L}])/iu;

/** What count a question asks for, if any: `years` for how many years (a span answers it), `count` for how many or how much money. */
export function asksCount(query: string): 'count' | 'years' | null {
  return ASKS_YEARS.test(query) ? 'years' : ASKS_COUNT.test(query) ? 'count' : null;
}

/**
 * `Who replaced…?`, `¿quién sucedió…?`: the word for what the person asked about did (folded),
 * past auxiliaries and adverbs. A passage that names someone without saying it (`Anne Milgram,
 * the DEA administrator, testified…`) answers another question.
 */
const WHO_DID = /(?:^|[^\p{L}])(?:who|qui[eé]n(?:es)?)(?:'s|’s)?\s+(?:(?:has|have|had|did|does|do|was|were|is|are|will|would|currently|now|actually|really|first|then|es|fue|era|son|fueron|ha|han|se|le|les|lo|la|actualmente|ahora)\s+)*(\p{L}+)/iu;

export function askedDoing(query: string): string | undefined {
  const word = WHO_DID.exec(query)?.[1];
  return word === undefined ? undefined : tokenize(word)[0]?.word;
}

export function asksFor(query: string): Asks {
  if (ASKS_PERCENTAGE.test(query)) return 'percentage';
  if (ASKS_FIGURE.test(query)) return 'figure';
  if (ASKS_PERSON.test(query)) return 'person';
  if (ASKS_TIME.test(query)) return 'time';
  return null;
}

/**
 * Index keys of a WordNet expansion of one English word, best senses first: up to WORDNET_LIMIT
 * of those the index holds. Synonyms no passage uses cannot match, so they do not use up the
 * limit (`keep` reaches `continue` past `livelihood`, `sustenance`, `donjon`…).
 */
function synonymKeys(word: string, own: string, holds: (key: string) => boolean): string[] {
  const keys: string[] = [];
  for (const form of baseForms(word)) {
    for (const synonym of wordnetSynonyms(form)) {
      const key = keyOfRemembered(synonym);
      if (key !== own && !STOP_WORDS.has(synonym) && !keys.includes(key) && holds(key)) keys.push(key);
      if (keys.length >= WORDNET_LIMIT) return keys;
    }
    if (keys.length) break;
  }
  return keys;
}

/** `holds`: whether the index has a key (WordNet expansions are kept only where it does). */
export function readQuery(query: string, enabled: ReadonlySet<ExpansionKind>, holds: (key: string) => boolean): ReadQuery {
  const asks = enabled.has('question') ? asksFor(query) : null;
  if (enabled.has('glossary') && isSpanish(query)) return { language: 'es', asks, tokens: readSpanish(query) };
  const tokens = enabled.has('everyday') ? withEverydayWords(queryTokens(query), query) : queryTokens(query);
  if (enabled.has('wordnet')) {
    for (const token of tokens) {
      if (!/^\p{L}{3,}$/u.test(token.word)) continue;
      for (const key of synonymKeys(token.word, token.key, holds)) token.also.push({ key, quality: WORDNET_QUALITY, guess: true, source: 'wordnet' });
    }
  }
  return { language: 'en', asks, tokens };
}

/** Index keys of a glossary entry's translations. */
function translationKeys(entry: GlossaryEntry): string[] {
  return [...new Set(entry.english.flatMap((english) => contentTokens(english).map((token) => token.key)))];
}

/**
 * The articles' words for everyday ones (knowledge/glossary-en.json). A one-word term adds them
 * to the word's own ways of matching (`busts` still looks for `busts`, and for `seizures`); a
 * phrase is an idiom and is looked up only through them (`top diplomat` → `foreign minister`,
 * not `top`), as a Spanish glossary term is. Longest term first.
 */
function withEverydayWords(tokens: QueryToken[], query: string): QueryToken[] {
  const glossary = everydayGlossary();
  const keys = tokens.map((token) => token.key);
  const words = phraseKeys(query);
  const out: QueryToken[] = [];
  for (let i = 0; i < tokens.length; ) {
    const entry = glossary.match(keys, i, words);
    const translated = entry ? translationKeys(entry).map((key) => ({ key, quality: GLOSSARY_QUALITY, source: 'everyday' as const })) : [];
    // A phrase with particles (`hand over`) is an idiom even when one word of it is left (`hand`).
    if (entry && (entry.stems.length > 1 || entry.phrase)) {
      const termWords = tokens.slice(i, i + entry.stems.length).map((token) => token.word);
      out.push({ key: '', word: termWords.join(' '), also: translated });
      i += entry.stems.length;
      continue;
    }
    const token = tokens[i]!;
    for (const other of translated) if (other.key !== token.key && !token.also.some((known) => known.key === other.key)) token.also.push(other);
    out.push(token);
    i += 1;
  }
  return out;
}

/** A Spanish query: glossary terms (longest first), then names and cognates; Spanish function words dropped. */
function readSpanish(query: string): QueryToken[] {
  const raw = tokenize(query);
  const stems = raw.map((token) => stemEs(token.word));
  const words = raw.map((token) => token.word);
  const glossary = spanishGlossary();
  const out: QueryToken[] = [];
  for (let i = 0; i < raw.length; ) {
    const entry = glossary.match(stems, i, [], words);
    if (entry) {
      const word = raw.slice(i, i + entry.stems.length).map((token) => token.word).join(' ');
      const keys = translationKeys(entry);
      i += entry.stems.length;
      // Question words translate to English stop words: nothing to look for.
      if (keys.length === 0) continue;
      out.push({ key: '', word, also: keys.map((key) => ({ key, quality: GLOSSARY_QUALITY, source: 'glossary' })) });
      continue;
    }
    const token = raw[i]!;
    i += 1;
    if (SPANISH_STOP_WORDS.has(token.word) || STOP_WORDS.has(token.word) || isLetterNoise(token.word)) continue;
    const also: QueryToken['also'] = [];
    const stem = stemEs(token.word);
    if (stem !== token.key && /^\p{L}{4,}$/u.test(stem)) also.push({ key: stem, quality: COGNATE_QUALITY, guess: true, source: 'glossary' });
    out.push({ key: token.key, word: token.word, also });
  }
  return out;
}
