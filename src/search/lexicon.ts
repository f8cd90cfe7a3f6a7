import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { contentTokens, fold, STOP_WORDS, tokenize, type Token } from './text.ts';
import { remembered } from '../shared/remembered.ts';

/**
 * Language resources the query reader consults (query-reader.ts): the Spanish glossary of the
 * domain (knowledge/glossary-es.json), the everyday-English glossary (knowledge/glossary-en.json:
 * `busts` → `seizures`, `top diplomat` → `foreign minister`), Spanish stop words and stemming, and the English
 * synonym table derived from WordNet (lexicon/wordnet-synonyms.tsv, `npm run build:wordnet`), with
 * its lists of names (`seattle`, `ottawa`) and of everyday words of many senses (`low`, `hit`).
 * Each is read once per process: at start-up (`readLanguageResources`, from `Library.open`), or
 * on first use where nothing read them first (tests, scripts). A missing WordNet table leaves
 * English queries without synonyms (a missing list: without what it tells) rather than failing.
 */

const require = createRequire(import.meta.url);
const ROOT = path.resolve(import.meta.dirname, '../..');
export const GLOSSARY_ES_FILE = path.join(ROOT, 'knowledge', 'glossary-es.json');
export const GLOSSARY_EN_FILE = path.join(ROOT, 'knowledge', 'glossary-en.json');
export const WORDNET_FILE = path.join(ROOT, 'lexicon', 'wordnet-synonyms.tsv');
export const WORDNET_NAMES_FILE = path.join(ROOT, 'lexicon', 'wordnet-names.txt');
export const WORDNET_SUBSTANCES_FILE = path.join(ROOT, 'lexicon', 'wordnet-substances.txt');
export const WORDNET_EVERYDAY_FILE = path.join(ROOT, 'lexicon', 'wordnet-everyday.txt');

/**
 * knowledge/glossary-es.json: Spanish word or phrase → the English words or phrases it translates to;
 * knowledge/glossary-en.json: everyday English word or phrase → the articles' words for it.
 */
export const GlossaryFile = z
  .object({
    about: z.string().optional(),
    terms: z.record(
      z.string().trim().min(1).max(60).regex(/^[\p{L}\p{N} '-]+$/u, 'a glossary term is words, not symbols'),
      z.array(z.string().trim().min(1).max(60)).min(1, 'a glossary term needs at least one translation'),
    ),
  })
  .strict();
export type GlossaryFile = z.infer<typeof GlossaryFile>;

interface SnowballStemmer {
  stem(word: string): string;
}
const spanishStemmer: SnowballStemmer = (require('snowball-stemmers') as { newStemmer(language: string): SnowballStemmer }).newStemmer('spanish');
/** The Spanish stem of a folded word (`decomisos` → `decomis`), remembered (10k words). */
export const stemEs = remembered((word: string): string => (word.length <= 3 ? word : spanishStemmer.stem(word)), 10_000);

/** Spanish function words, folded (accents removed), including the question words. */
export const SPANISH_STOP_WORDS = new Set(
  `a al algo algun alguna algunas alguno algunos ante antes aquel aquella aquellas aquellos aqui asi aun aunque bajo bien cada casi como con contra cual cuales
  cualquier cuando cuanta cuantas cuanto cuantos de del desde donde dos durante e el ella ellas ello ellos en entre era eran es esa esas ese eso esos esta estaba
  estaban estan estar estas este esto estos fue fueron ha habia habian han hasta hay la las le les lo los mas me mi mientras mis mucho muchos muy nada ni no nos
  nosotros o os otra otras otro otros para pero poco pocos por porque que quien quienes se sea segun ser si sido siempre sin sino sobre solo son su sus tal tambien
  tan tanto te tiene tienen todo todos tras tu tus un una unas uno unos usted ustedes y ya yo dijo dijeron dice dicen hizo hacer hace sus cosa cosas
  acerca respecto pasa paso pasaria pasado hubo qué cómo cuál dónde cuándo basta`.split(/\s+/).map((word) => fold(word)),
);

/** Words that are Spanish function words and not English ones: the language signal. */
const SPANISH_ONLY = new Set([...SPANISH_STOP_WORDS].filter((word) => !['a', 'no', 'me', 'he', 'son', 'solo', 'e', 'o', 'mi', 'te', 'tan', 'pasa', 'sea', 'ante', 'con', 'dice', 'casi'].includes(word)));
const ENGLISH_SIGNAL = new Set('the of and is are was were what who how which does did do to in on for with from by about this that these those'.split(' '));

/**
 * Whether a word typed in lower case is Spanish and not English: written with an accent
 * (`extradición`, `viajó`), or a word of the Spanish
 * glossary that neither an English dictionary nor the everyday-English glossary knows
 * (`decomisos`, `sobredosis`, `muertes`; not `narco`, which English questions use too).
 */
function isSpanishWord(written: string, { word, key }: Token): boolean {
  // A capitalised word is a name in either language (`Ciudad Juárez`, `López`).
  if (!/^\p{Ll}/u.test(written)) return false;
  if (/[áéíóúü]/u.test(written)) return true;
  return /^\p{L}{5,}$/u.test(word) && !STOP_WORDS.has(word) && !isEnglishWord(word) && !everydayGlossary().match([key], 0) && spanishGlossary().match([stemEs(word)], 0) !== undefined;
}

/**
 * Whether a query is in Spanish: inverted question or exclamation marks, ñ, or more Spanish
 * words (function words, and `isSpanishWord`) than English function words, so that a few
 * Spanish keywords (`muertes sobredosis Estados Unidos`) are read as Spanish too.
 */
export function isSpanish(query: string): boolean {
  if (/[¿¡ñÑ]/.test(query)) return true;
  let spanish = 0;
  let english = 0;
  for (const token of tokenize(query)) {
    if (SPANISH_ONLY.has(token.word) || isSpanishWord(query.slice(token.start, token.end), token)) spanish += 1;
    else if (ENGLISH_SIGNAL.has(token.word)) english += 1;
  }
  return spanish > english;
}

export interface GlossaryEntry {
  /** Stems of the term's words (Spanish: `puert de entr`; English: index keys of its content words). */
  stems: string[];
  /**
   * An English term with words that are stop words (`hand over`, `kept in the dark`): its whole
   * word sequence (`phraseKeys`), which the query must hold too. Without it `hand over` would be
   * the term `hand`, and every `hand` a handover.
   */
  phrase?: string[];
  /** English translations as written. */
  english: string[];
  /** The terms as written (folded) that share this entry's stems and translations (`saber`, `saben`). */
  surfaces: string[];
}

/** Every word of an English text in order: content words as index keys, stop words (particles, articles) as written. */
export function phraseKeys(text: string): string[] {
  return tokenize(text).map((token) => (STOP_WORDS.has(token.word) ? token.word : token.key));
}

/** Whether `sequence` holds `run` as consecutive words. */
function holdsRun(sequence: readonly string[], run: readonly string[]): boolean {
  for (let start = 0; start + run.length <= sequence.length; start += 1) if (run.every((word, offset) => sequence[start + offset] === word)) return true;
  return false;
}

/** How a glossary's terms are stemmed: Spanish words by the Spanish stemmer, English ones to index keys. */
const spanishTermStems = (term: string): string[] => tokenize(term).map((token) => stemEs(token.word));
const englishTermStems = (term: string): string[] => contentTokens(term).map((token) => token.key);
/** The whole word sequence of an English term that has stop words in it (`GlossaryEntry.phrase`). */
const englishTermPhrase = (term: string): string[] | undefined => {
  const words = phraseKeys(term);
  return words.length > englishTermStems(term).length ? words : undefined;
};

/** The glossary indexed by the stem of each term's first word, longest terms first. */
export class Glossary {
  private readonly byFirst = new Map<string, GlossaryEntry[]>();

  constructor(file: GlossaryFile, termStems: (term: string) => string[] = spanishTermStems, termPhrase: (term: string) => string[] | undefined = () => undefined) {
    for (const [term, english] of Object.entries(file.terms)) {
      const stems = termStems(term);
      if (stems.length === 0) continue;
      const phrase = termPhrase(term);
      const surface = tokenize(term).map((token) => token.word).join(' ');
      const list = this.byFirst.get(stems[0]!) ?? [];
      // Terms of one stem are forms of one word (`saber`, `saben`: know) only if they share a translation;
      // otherwise they are two words the stemmer confuses (`sábado` is Saturday, not know) and stay apart.
      const existing = list.find((entry) => entry.stems.join(' ') === stems.join(' ') && entry.phrase?.join(' ') === phrase?.join(' ') && sharesTranslation(entry.english, english));
      if (existing) {
        existing.english.push(...english.filter((word) => !existing.english.includes(word)));
        existing.surfaces.push(surface);
      } else list.push(phrase ? { stems, phrase, english: [...english], surfaces: [surface] } : { stems, english: [...english], surfaces: [surface] });
      // Longest first; of equal length, a phrase (`hand over`) before the bare word it contains.
      list.sort((a, b) => b.stems.length - a.stems.length || (b.phrase ? 1 : 0) - (a.phrase ? 1 : 0));
      this.byFirst.set(stems[0]!, list);
    }
  }

  /**
   * The longest term starting at `stems[from]`, if any; a term with a `phrase` only where `words`
   * (`phraseKeys` of the query) hold it. Of terms of one stem, the one spelt as the query's
   * folded words (`surface`) are, when given, else the first.
   */
  match(stems: readonly string[], from: number, words: readonly string[] = [], surface?: readonly string[]): GlossaryEntry | undefined {
    const candidates = this.byFirst.get(stems[from]!)?.filter((entry) => entry.stems.every((stem, offset) => stems[from + offset] === stem) && (!entry.phrase || holdsRun(words, entry.phrase)));
    const first = candidates?.[0];
    if (!first || !surface || candidates.length === 1) return first;
    const spelt = (entry: GlossaryEntry) => entry.stems.length === first.stems.length && entry.surfaces.includes(surface.slice(from, from + entry.stems.length).join(' '));
    return candidates.find(spelt) ?? first;
  }
}

/** Whether two lists of English translations share a content word, or the start of one (`know` / `knows`, `China` / `Chinese`). */
function sharesTranslation(a: readonly string[], b: readonly string[]): boolean {
  const starts = new Set(a.flatMap((english) => contentTokens(english).map((token) => token.key.slice(0, 4))));
  return b.some((english) => contentTokens(english).some((token) => starts.has(token.key.slice(0, 4))));
}

/** A glossary file, validated; throws a one-line error naming the file when it is invalid. */
export function readGlossary(file: string, termStems: (term: string) => string[], termPhrase?: (term: string) => string[] | undefined): Glossary {
  try {
    return new Glossary(GlossaryFile.parse(JSON.parse(readFileSync(file, 'utf8'))), termStems, termPhrase);
  } catch (error) {
    const reason = error instanceof z.ZodError ? (error.issues[0]?.message ?? 'invalid') : (error as Error).message.split('\n')[0];
    throw new Error(`${path.relative(ROOT, file)}: ${reason}`);
  }
}

/**
 * A glossary for the query reader: a missing or invalid file leaves the search without it and
 * says so in one line on stderr, once (queries still run; the tests validate the shipped files).
 */
function glossaryOrEmpty(file: string, termStems: (term: string) => string[], termPhrase?: (term: string) => string[] | undefined): Glossary {
  try {
    return readGlossary(file, termStems, termPhrase);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}; searching without it.\n`);
    return new Glossary({ terms: {} }, termStems, termPhrase);
  }
}

let glossary: Glossary | undefined;
/** The Spanish glossary (empty, with one warning line, when its file is invalid). */
export function spanishGlossary(): Glossary {
  return (glossary ??= glossaryOrEmpty(GLOSSARY_ES_FILE, spanishTermStems));
}

let everyday: Glossary | undefined;
/** The everyday-English glossary, its terms stemmed to index keys (empty, with one warning line, when its file is invalid). */
export function everydayGlossary(): Glossary {
  return (everyday ??= glossaryOrEmpty(GLOSSARY_EN_FILE, englishTermStems, englishTermPhrase));
}

let synonyms: Map<string, string[]> | null | undefined;
/** WordNet synonyms and related forms of a folded English word, most frequent senses first ([] without the table). */
export function wordnetSynonyms(word: string): string[] {
  if (synonyms === undefined) {
    try {
      synonyms = new Map();
      for (const line of readFileSync(WORDNET_FILE, 'utf8').split('\n')) {
        const tab = line.indexOf('\t');
        if (tab > 0) synonyms.set(line.slice(0, tab), line.slice(tab + 1).split(' '));
      }
    } catch {
      synonyms = null;
    }
  }
  return synonyms?.get(word) ?? [];
}

/** English index keys of a single Spanish word through the glossary (`canciller` → `foreign`, `minist`), or []. */
export function spanishWordKeys(word: string): string[] {
  if (!/^\p{L}{3,}$/u.test(word)) return [];
  const stem = stemEs(word);
  // A short stem of a word that is not itself a glossary term is too loose a match (`narcan` → `narc`).
  if (stem.length < 5 && !spanishGlossary().match([word], 0)) return [];
  const entry = spanishGlossary().match([stem], 0, [], [word]);
  if (!entry || entry.stems.length !== 1) return [];
  return [...new Set(entry.english.flatMap((english) => tokenize(english).filter((token) => !STOP_WORDS.has(token.word)).map((token) => token.key)))];
}

/** Whether a folded word is an English dictionary word: it or a base form of it (`called`, `policies`) has a WordNet entry; false without the table. */
export function isEnglishWord(word: string): boolean {
  return baseForms(word).some((form) => form.length >= 3 && wordnetSynonyms(form).length > 0);
}

/** Base forms a WordNet entry may be under: `busts` → `bust`, `seized` → `seize`, `bodies` → `body`. */
export function baseForms(word: string): string[] {
  const forms = [word];
  if (word.endsWith('ies')) forms.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es')) forms.push(word.slice(0, -2));
  if (word.endsWith('s') && !word.endsWith('ss')) forms.push(word.slice(0, -1));
  if (word.endsWith('ed')) forms.push(word.slice(0, -2), word.slice(0, -1));
  if (word.endsWith('ing')) forms.push(word.slice(0, -3), `${word.slice(0, -3)}e`);
  return forms;
}

/** A word list of lexicon/ (one folded word a line), read on first use; empty when the file is missing. */
function wordList(file: string): Set<string> {
  try {
    return new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean));
  } catch {
    return new Set();
  }
}

let names: Set<string> | undefined;
/** Whether a folded word is only ever the name of a particular place, body or person in WordNet (`seattle`, `ottawa`; not `july` or `judges`). */
export function isWordNetName(word: string): boolean {
  return (names ??= wordList(WORDNET_NAMES_FILE)).has(word);
}

let substances: Set<string> | undefined;
/** Whether a folded word is only ever a drug (`methamphetamine`, `meth`, `cocaine`; lexicon/wordnet-substances.txt). */
export function isSubstance(word: string): boolean {
  return (substances ??= wordList(WORDNET_SUBSTANCES_FILE)).has(word);
}

let everydayWords: Set<string> | undefined;
/** Whether a folded word, or a base form of it, is an everyday word of many senses (`low`, `hits`, `time`): it says little about what a question is about. */
export function isEverydayWord(word: string): boolean {
  everydayWords ??= wordList(WORDNET_EVERYDAY_FILE);
  return baseForms(word).some((form) => everydayWords!.has(form));
}

/**
 * Read every language resource now (glossaries, WordNet's synonyms, names and everyday words),
 * so the first question a process answers does not pay for it (0.2–0.6 s): for start-up,
 * before the bot takes questions.
 */
export function readLanguageResources(): void {
  everydayGlossary();
  spanishGlossary();
  wordnetSynonyms('');
  isWordNetName('');
  isSubstance('');
  isEverydayWord('');
}
