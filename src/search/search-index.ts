import type { KnowledgeDocument } from '../knowledge/schema.ts';
import type { AliasFile } from '../knowledge/aliases.ts';
import { AliasTable } from './aliases.ts';
import { buildIndexData, termKey, type IndexData } from './inverted-index.ts';
import { answersKind, Ranker, type Asks, type Concept, type Ranking } from './ranking.ts';
import { askedDoing, asksCount, EXPANSION_KINDS, readQuery, type ExpansionKind } from './query-reader.ts';
import { baseForms, isEnglishWord, isEverydayWord, spanishWordKeys, wordnetSynonyms } from './lexicon.ts';
import { CLIPPED_QUALITY, DOCUMENT_QUALITY, GLOSSARY_QUALITY, PARTIAL_HELD_QUALITY, PARTIAL_RARE_SHARE, PARTIAL_SPECIFIC_SHARE, PREFIX_QUALITY, REAL_WORD_TYPO_EDITS, SHORTER_STEM_QUALITY, TERMS_QUALITY, TYPO_QUALITY, ASKED_ANSWER_FLOOR } from './weights.ts';
import { buildSnippet, leadSnippet, passageLayout, type PassageLayout } from './snippet.ts';
import { queryTokens } from './query-tokens.ts';
import { contentTokens, keyOfRemembered } from './text.ts';
import type { TypoVariant } from './typos.ts';
import type { Passage } from '../knowledge/passages.ts';
import type { Citation } from '../shared/citation.ts';
import type { SearchHit, SearchOptions, SearchResult } from './types.ts';
import { runAtOnce, runInSlices } from '../shared/slices.ts';
import { checkNames, partlyUnknownNames, readNames } from './query-names.ts';
import { askedYears } from './query-years.ts';
import { remembered } from '../shared/remembered.ts';

/**
 * The search core. An inverted index of folded, stemmed tokens narrows a query to the
 * passages that share words with it and scores them (BM25 with an IDF-weighted
 * coverage of the query). Unknown query words get typo variants: vocabulary words within a
 * typo's edits, nearest first, fuse.js's score breaking ties (typos.ts). fuse.js then
 * re-ranks the answers by what each passage itself says (fuse-rerank.ts). The answers that pass the cut-off
 * (top ≤ 50) are then re-ordered with fuse.js's view of how much of the query each one's text
 * holds (fuse-rerank.ts). Why not fuse.js over the passages directly: a
 * full scan costs seconds at 10k passages, and its character-level score cannot tell
 * a rare name from a common word (measured: README, "Measured").
 *
 * Layout: inverted-index.ts builds the index (flat typed arrays, in slices), ranking.ts
 * scores a query against it, fuse-rerank.ts blends fuse.js into the order of the answers,
 * typos.ts finds spelling variants, query-names.ts refuses answers about another name than
 * the query's; this file turns queries into concepts and ranked passages into cited hits.
 */

const SNIPPET_LIMIT = 350;
/** Characters of a query that are read: more says nothing a search could use, and costs time on every rule that scans it. */
const QUERY_READ_LIMIT = 500;
const ALL_KINDS: ReadonlySet<ExpansionKind> = new Set(EXPANSION_KINDS);
/** Topics offered when nothing answers. */
const TOPIC_SUGGESTIONS = 5;
/** Postings read per query word when ranking topics (a word in most passages says little about which topic is near). */
const TOPIC_POSTING_LIMIT = 5_000;

function enabledKinds(without: readonly ExpansionKind[] | undefined): ReadonlySet<ExpansionKind> {
  return without?.length ? new Set(EXPANSION_KINDS.filter((kind) => !without.includes(kind))) : ALL_KINDS;
}

/**
 * Which index keys that share a stem prefix with a query word are forms of it: any, for a word
 * the dictionary lacks (a name, a misspelling); for a dictionary word, those WordNet gives as
 * its related forms (`seizures` → `seiz` of seized, `smuggle` → `smuggler`), not a word that
 * only starts alike (`heart` / `hear`, `policy` / `police`, `pressure` and `press` aside).
 */
function formsOf(word: string): (key: string) => boolean {
  if (!isEnglishWord(word)) return () => true;
  const keys = new Set(baseForms(word).flatMap((form) => [form, ...wordnetSynonyms(form)]).map((form) => keyOfRemembered(form)));
  return (key) => keys.has(key);
}

const NO_ANSWER: Ranking = { total: 0, documents: 0, page: () => [] };

/** An alternative without an unset `guess` field (alternatives are compared and copied as plain data). */
function cleanAlternative(alternative: Concept['alternatives'][number]): Concept['alternatives'][number] {
  return alternative.guess ? alternative : { keyId: alternative.keyId, quality: alternative.quality };
}
/** Typo look-ups remembered per index (a query with no answer looks its words up twice). */
const TYPO_CACHE_SIZE = 512;
/**
 * Passage layouts (tokens, alias phrases, sentences: snippet.ts) remembered per index: the
 * same passages are hits query after query, and reading one again cost more than the rest of
 * its snippet. A few MB at most (a layout is a few KB).
 */
const LAYOUT_CACHE_SIZE = 1_024;

export interface BuildOptions {
  /** Stops the build: the promise rejects with the signal's reason and no index is made. */
  signal?: AbortSignal;
  /** Longest stretch of building between two yields to the event loop, in milliseconds (default 8). */
  sliceMs?: number;
}

export class SearchIndex {
  readonly documents: readonly KnowledgeDocument[];
  readonly passages: readonly Passage[];
  readonly aliases: AliasTable;

  private readonly documentsById: Map<string, KnowledgeDocument>;
  private readonly data: IndexData;
  private readonly ranker: Ranker;
  /** Typo variants of a query word among this index's vocabulary (`TypoFinder.closeWords`), remembered. */
  private readonly typoVariants: (word: string) => TypoVariant[];
  /** A passage's layout for snippets (by passage number), remembered. */
  private readonly layout: (index: number) => PassageLayout;
  private topicList: string[] | undefined;
  private topicKeys: Map<string, Set<number>> | undefined;

  private constructor(documents: KnowledgeDocument[], aliases: AliasTable, data: IndexData) {
    this.documents = documents;
    this.aliases = aliases;
    this.documentsById = new Map(documents.map((document) => [document.id, document]));
    this.data = data;
    this.passages = data.passages;
    this.ranker = new Ranker(data);
    this.typoVariants = remembered((word: string) => data.typos.closeWords(word), TYPO_CACHE_SIZE);
    this.layout = remembered((index: number) => passageLayout(data.passages[index]!.text, aliases), LAYOUT_CACHE_SIZE);
  }

  /** Build at once, blocking: for small knowledge bases, tests and start-up. */
  static build(documents: KnowledgeDocument[], aliases: AliasFile | AliasTable = { groups: [] }): SearchIndex {
    const table = aliases instanceof AliasTable ? aliases : new AliasTable(aliases);
    return new SearchIndex(documents, table, runAtOnce(buildIndexData(documents, table)));
  }

  /**
   * Build without stalling the event loop: the same work as `build`, in slices of at most
   * `sliceMs` with a `setImmediate` between them, so gateway heartbeats, interactions and
   * queries on the index in service keep flowing during a reload. The result equals `build`'s.
   */
  static async buildAsync(documents: KnowledgeDocument[], aliases: AliasFile | AliasTable = { groups: [] }, options: BuildOptions = {}): Promise<SearchIndex> {
    const { signal } = options;
    signal?.throwIfAborted();
    const table = aliases instanceof AliasTable ? aliases : new AliasTable(aliases);
    const data = await runInSlices(buildIndexData(documents, table), options.sliceMs ?? 8, signal);
    await new Promise((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
    return new SearchIndex(documents, table, data);
  }

  /** Sorted, distinct topics of all documents. */
  topics(): string[] {
    this.topicList ??= [...new Set(this.documents.flatMap((document) => document.topics))].sort();
    return [...this.topicList];
  }

  document(docId: string): KnowledgeDocument | undefined {
    return this.documentsById.get(docId);
  }

  passage(passageId: string): Passage | undefined {
    const index = this.data.passageById.get(passageId);
    return index === undefined ? undefined : this.passages[index];
  }

  citation(passage: Passage): Citation {
    const document = this.documentsById.get(passage.docId);
    return {
      title: document?.title ?? passage.docId,
      publisher: document?.publisher ?? null,
      date: document?.published ?? null,
      paragraph: passage.paragraph,
      url: document?.url ?? null,
    };
  }

  /** A cited hit for any passage: with a query its snippet centres on the query's words, without one it is the lead. */
  hit(passageId: string, query?: string): SearchHit | undefined {
    const index = this.data.passageById.get(passageId);
    if (index === undefined) return undefined;
    const concepts = query ? this.concepts(query) : [];
    return this.toHit(index, 1, 0, concepts);
  }

  /** Documents (and passages) in which a word occurs: for autocomplete and did-you-mean. */
  documentFrequency(word: string): number {
    const id = this.data.keyIds.get(contentTokens(word)[0]?.key ?? '');
    return id === undefined ? 0 : this.ranker.documentFrequency(id);
  }

  /** Vocabulary words with how many passages contain them, most frequent first. */
  frequentWords(limit: number): { word: string; passages: number }[] {
    const words: { word: string; passages: number }[] = [];
    for (const [word, id] of this.data.surfaceKey) {
      if (/^\p{L}{3,}$/u.test(word)) words.push({ word, passages: this.ranker.documentFrequency(id) });
    }
    const byFrequency = (a: { word: string; passages: number }, b: { word: string; passages: number }) => b.passages - a.passages || a.word.localeCompare(b.word);
    if (limit <= 0) return words.sort(byFrequency).slice(0, limit);
    // Only words as frequent as the limit-th one can make the list: sort those, not the whole vocabulary.
    const counts = words.map((entry) => entry.passages).sort((a, b) => b - a);
    const cutoff = counts[Math.min(limit, counts.length) - 1] ?? 0;
    return words
      .filter((entry) => entry.passages >= cutoff)
      .sort(byFrequency)
      .slice(0, limit);
  }

  search(fullQuery: string, options: SearchOptions = {}): SearchResult {
    // Only the first QUERY_READ_LIMIT characters are read (the reply still echoes what was asked).
    const query = fullQuery.slice(0, QUERY_READ_LIMIT);
    const limit = Math.max(0, options.limit ?? 3);
    const offset = Math.max(0, options.offset ?? 0);
    const enabled = enabledKinds(options.without);
    const read = this.read(query, enabled);
    let concepts = read.concepts;
    let ranking = this.ranker.rank(concepts, read.asks);
    let partial: SearchResult['partial'];
    const names = readNames(query);
    if (ranking.total === 0 && enabled.has('partial')) {
      const part = this.partialAnswer(concepts, read.asks, names.full, names.single);
      if (part) ({ concepts, ranking, partial } = part);
    }
    const top = ranking.page(0, 1)[0]?.passage;
    const { refuse, unknownNames } = checkNames(query, names, read.concepts, concepts, top, { data: this.data, ranker: this.ranker });
    if (refuse) ranking = NO_ANSWER;
    // A passage that holds only everyday words of the question (`time`, `close`) does not answer it
    // (a question with none has nothing to check: no need to read every answer).
    if (ranking.total > 0 && concepts.some((concept) => isEverydayWord(concept.label))) {
      ranking = this.answersThat(ranking, (passage) => !this.holdsOnlyEverydayWords(concepts, passage), 0);
    }
    let unsaidYears: string[] = [];
    let lacking: SearchResult['lacking'];
    let unsaidDoing: string | undefined;
    if (enabled.has('question')) ({ ranking, unsaidYears, lacking, unsaidDoing } = this.answersToWhatIsAsked(ranking, query, read.asks, concepts));
    if (ranking.total === 0) partial = undefined;
    const hits = ranking
      .page(offset, limit)
      .map((scored, position) => this.toHit(scored.passage, offset + position + 1, scored.score, concepts));
    return {
      query: fullQuery,
      hits,
      total: ranking.total,
      documents: ranking.documents,
      suggestions: ranking.total ? [] : this.suggestions(concepts),
      ...(partial ? { partial } : {}),
      ...(ranking.total === 0 ? this.namesNotHeld(query, read.concepts, unknownNames) : {}),
      ...(unsaidYears.length ? { unsaidYears } : {}),
      ...(lacking && ranking.total === 0 ? { lacking } : {}),
      ...(unsaidDoing && ranking.total === 0 ? { unsaidDoing } : {}),
    };
  }

  /**
   * No passage answers the whole query: answer the part the knowledge base covers, if that
   * part is specific. Tried in turn: the query less its words no passage holds, then less any
   * one word; the first that answers and keeps the most of the query wins. What is left must
   * hold a rare word (in at most PARTIAL_RARE_SHARE of passages, matched as spelled), a second
   * specific thing, and at least as many words as were dropped, so everyday words alone ("drug
   * supply" of "xylazine in the drug supply") still get no answer; and it keeps every proper word
   * of the full names typed.
   */
  private partialAnswer(concepts: Concept[], asks: Asks, names: ReadonlySet<string>, acronyms: ReadonlySet<string>): { concepts: Concept[]; ranking: Ranking; partial: NonNullable<SearchResult['partial']> } | undefined {
    if (concepts.length < 2) return undefined;
    // Words the knowledge base holds only through synonyms count as missing here too.
    const known = concepts.filter((concept) => concept.alternatives.some((alternative) => alternative.quality >= PARTIAL_HELD_QUALITY));
    if (known.length === 0) return undefined;
    const n = this.passages.length;
    const rareBound = Math.max(1, PARTIAL_RARE_SHARE * n);
    const specificBound = Math.max(2, PARTIAL_SPECIFIC_SHARE * n);
    const options: Concept[][] = [];
    if (known.length < concepts.length) options.push(known);
    for (const dropped of known) options.push(known.filter((concept) => concept !== dropped));
    let best: { concepts: Concept[]; ranking: Ranking; kept: number } | undefined;
    // A full name the question types is what it is about: an answer without its proper words is about
    // someone else (`Rafael Caro Quintero` is not another Rafael). Dictionary words and initials in it (`General`, `J`) may go.
    const isTypedName = (concept: Concept) => names.has(concept.label) && concept.label.length >= 3 && !isEnglishWord(concept.label);
    for (const kept of options) {
      const dropped = concepts.filter((concept) => !kept.includes(concept));
      if (kept.length === 0 || kept.length < dropped.length) continue;
      if (dropped.some(isTypedName)) continue;
      if (best && kept.length <= best.kept) continue;
      const ranking = this.ranker.rank(kept, asks);
      const top = ranking.page(0, 1)[0];
      if (!top) continue;
      // What the top passage itself holds of the part kept: the rare word as typed, the others at least through a close form.
      const holds = (keyId: number) => this.ranker.holds(top.passage, keyId);
      const heldAs = (concept: Concept, bound: number, asTyped: boolean) =>
        !/^\d/.test(concept.label) &&
        concept.alternatives.some(
          (alternative) =>
            (asTyped ? !alternative.guess && alternative.quality >= DOCUMENT_QUALITY : alternative.quality >= PARTIAL_HELD_QUALITY) &&
            holds(alternative.keyId) &&
            this.ranker.documentFrequency(alternative.keyId) <= bound,
        );
      const specific = kept.filter((concept) => heldAs(concept, specificBound, false));
      // The rare word is what the part kept is about: not an everyday word of many senses that the articles happen to use once (`hits a low`).
      const rare = specific.some((concept) => heldAs(concept, rareBound, true) && !isEverydayWord(concept.label));
      // One specific word is enough only when what was dropped is a short non-English word (an acronym or clipping: `PGR chief`).
      const droppedForeign = dropped.every((concept) => !known.includes(concept) && concept.label.length <= 4 && !isEnglishWord(concept.label));
      // The words of one name (`Marcelo Ebrard`) are one thing asked about, not two; with a name,
      // another word the passage holds as typed counts even if common (`Cato Institute smugglers`).
      const inName = specific.filter((concept) => names.has(concept.label));
      const others = kept.filter((concept) => !names.has(concept.label) && (specific.includes(concept) || (inName.length > 0 && heldAs(concept, n, true))));
      // A word left out that the passage still says in other words (`growers` → agricultural) backs it up as a second thing.
      const echoed = dropped.some((concept) => concept.alternatives.some((alternative) => holds(alternative.keyId) && this.ranker.documentFrequency(alternative.keyId) <= specificBound));
      const things = others.length + (inName.length ? 1 : 0) + (echoed && others.length + inName.length > 0 ? 1 : 0);
      // A name alone answers when the one word dropped only said what about it (`DEA chief`).
      const isName = (concept: Concept) => names.has(concept.label) || acronyms.has(concept.label);
      const aboutName = dropped.length === 1 && kept.every(isName) && kept.some((concept) => specific.includes(concept));
      if (!rare || (things < (droppedForeign ? 1 : 2) && !aboutName)) continue;
      best = { concepts: kept, ranking, kept: kept.length };
    }
    if (!best) return undefined;
    const keptSet = new Set(best.concepts);
    return {
      concepts: best.concepts,
      ranking: best.ranking,
      partial: { unmatched: concepts.filter((concept) => !keptSet.has(concept)).map((concept) => concept.label), matched: best.concepts.map((concept) => concept.label) },
    };
  }

  /** For a refused question: the names no passage mentions, whole or in part (`rafael caro quintero`). */
  private namesNotHeld(query: string, concepts: Concept[], unknownNames: string[]): Pick<SearchResult, 'unknownNames'> {
    const names = [...new Set([...unknownNames, ...partlyUnknownNames(query, concepts, { data: this.data, ranker: this.ranker })])];
    return names.length ? { unknownNames: names } : {};
  }

  /**
   * Whether a passage holds, of the query, only everyday words of many senses
   * (`lexicon/wordnet-everyday.txt`): `what time does the pharmacy close` is not answered by a
   * paragraph that says `time` and `close`.
   */
  private holdsOnlyEverydayWords(concepts: Concept[], passage: number): boolean {
    const held = concepts.filter((concept) => concept.alternatives.some((alternative) => !alternative.guess && this.ranker.holds(passage, alternative.keyId)));
    return held.length > 0 && held.every((concept) => isEverydayWord(concept.label));
  }

  /**
   * The answers that hold what the question asks for: a question about a year is answered only
   * by passages that say it (and the years no answer says are named); one asking who did
   * something, only by passages that say it was done, in any of the ways the word is read
   * (`who replaced…`; the word is named when none does); one asking when, only by passages that
   * say a time; one asking how many, only by passages with a count (a year is none; `how much`
   * and `how long` are often answered in words: `mostly`, `for years`).
   */
  private answersToWhatIsAsked(ranking: Ranking, query: string, asks: Asks, concepts: Concept[]): { ranking: Ranking; unsaidYears: string[]; lacking?: SearchResult['lacking']; unsaidDoing?: string } {
    if (ranking.total === 0) return { ranking, unsaidYears: [] };
    const years = askedYears(query);
    let unsaidYears: string[] = [];
    if (years.length) ({ ranking, unsaid: unsaidYears } = this.sayingYears(ranking, years));
    if (asks === 'person' && ranking.total > 0) {
      const doing = askedDoing(query);
      const concept = doing === undefined ? undefined : concepts.find((candidate) => candidate.label.split(' ').includes(doing));
      if (concept) {
        ranking = this.answersThat(ranking, (passage) => concept.alternatives.some((alternative) => this.ranker.holds(passage, alternative.keyId)), 0);
        if (ranking.total === 0) return { ranking, unsaidYears, unsaidDoing: concept.label };
      }
    }
    const kind = asks === 'time' ? 'time' : asks === 'figure' ? asksCount(query) : null;
    if (!kind || ranking.total === 0) return { ranking, unsaidYears };
    ranking = this.answersThat(ranking, (passage) => answersKind(this.passages[passage]!.text, kind));
    return ranking.total > 0 ? { ranking, unsaidYears } : { ranking, unsaidYears, lacking: kind === 'time' ? 'time' : 'count' };
  }

  /**
   * The answers that say every year asked (query-years.ts), in their order (`answersThat`). When
   * none does, no answer, and the years asked that no answer says (all of them if each is said
   * somewhere but never together).
   */
  private sayingYears(ranking: Ranking, years: string[]): { ranking: Ranking; unsaid: string[] } {
    const keyIds = years.map((year) => this.data.keyIds.get(year));
    const says = (passage: number, keyId: number | undefined) => keyId !== undefined && this.ranker.holds(passage, keyId);
    const kept = this.answersThat(ranking, (passage) => keyIds.every((keyId) => says(passage, keyId)));
    if (kept.total > 0) return { ranking: kept, unsaid: [] };
    const answers = ranking.page(0, ranking.total);
    const unsaid = years.filter((_, y) => !answers.some((answer) => says(answer.passage, keyIds[y])));
    return { ranking: NO_ANSWER, unsaid: unsaid.length ? unsaid : years };
  }

  /**
   * The answers whose passage holds what the question asks (a year, a time, a count; more than
   * everyday words), in their order, and only those scoring at least `floorShare` of the best
   * answer (ASKED_ANSWER_FLOOR unless given): a passage that says the year but little else of the
   * question is no answer either (`… in October 2020 of General Cienfuegos`).
   */
  private answersThat(ranking: Ranking, holds: (passage: number) => boolean, floorShare = ASKED_ANSWER_FLOOR): Ranking {
    const answers = ranking.page(0, ranking.total);
    const floor = (answers[0]?.score ?? 0) * floorShare;
    const kept = answers.filter((answer) => answer.score >= floor && holds(answer.passage));
    if (kept.length === answers.length) return ranking;
    if (kept.length === 0) return NO_ANSWER;
    const documents = new Set(kept.map((answer) => this.data.documentOf[answer.passage])).size;
    return { total: kept.length, documents, page: (offset, limit) => kept.slice(offset, offset + limit) };
  }

  /**
   * The query as the knowledge base spells it: unknown words replaced by their closest
   * vocabulary word, those with none dropped. Null when no word is respelled or most are dropped.
   */
  didYouMean(query: string): string | null {
    let respelled = 0;
    const tokens = queryTokens(query);
    const corrected: string[] = [];
    for (const token of tokens) {
      if (this.data.keyIds.has(token.key)) {
        corrected.push(token.word);
        continue;
      }
      const best = /^\p{L}{4,}$/u.test(token.word) ? this.typoVariants(token.word)[0] : undefined;
      if (best) {
        corrected.push(best.word);
        respelled += 1;
      }
    }
    // A correction respells something and keeps most of the query; dropping words makes it another query.
    return respelled > 0 && corrected.length * 2 >= tokens.length ? corrected.join(' ') : null;
  }

  // --- query analysis -------------------------------------------------------------

  private concepts(query: string, enabled: ReadonlySet<ExpansionKind> = ALL_KINDS): Concept[] {
    return this.read(query, enabled).concepts;
  }

  /** The query read (query-reader.ts) and turned into concepts: index keys with how good a match through each is. */
  private read(query: string, enabled: ReadonlySet<ExpansionKind>): { concepts: Concept[]; asks: Asks } {
    const reading = readQuery(query.slice(0, QUERY_READ_LIMIT), enabled, (key) => this.data.keyIds.has(key));
    const { tokens } = reading;
    const keys = tokens.map((token) => token.key);
    const concepts: Concept[] = [];
    const covered = new Set<number>();
    for (const match of enabled.has('aliases') ? this.aliases.matches(keys) : []) {
      const id = this.data.keyIds.get(AliasTable.groupKey(match.group));
      const words = tokens.slice(match.from, match.to);
      const alternatives: Concept['alternatives'] = id === undefined ? [] : [{ keyId: id, quality: 1 }];
      // A one-word alias still matches its own spelling variants (`cars` → `car`).
      if (match.to - match.from === 1) alternatives.push(...this.wordAlternatives(words[0]!.key, words[0]!.word, enabled, false));
      const label = words.map((token) => token.word).join(' ');
      concepts.push({ label, weight: 0, alternatives, spellings: [label, ...this.aliases.groupNames[match.group]!] });
      for (let i = match.from; i < match.to; i += 1) covered.add(i);
    }
    tokens.forEach((token, position) => {
      if (covered.has(position)) return;
      if (concepts.some((concept) => concept.label === token.word)) return;
      const translated = token.key === '';
      const alternatives = translated ? [] : this.wordAlternatives(token.key, token.word, enabled, reading.language === 'en');
      const add = (key: string, quality: number, guess?: boolean) => {
        const id = this.data.keyIds.get(key);
        if (id === undefined) return;
        // The first way found to match a key stands (a typo variant found before a verb form keeps its own quality).
        if (alternatives.some((alternative) => alternative.keyId === id)) return;
        alternatives.push(guess ? { keyId: id, quality, guess } : { keyId: id, quality });
      };
      const ownWays = alternatives.length;
      for (const other of token.also) add(other.key, other.quality, other.guess);
      // A word matched only through WordNet synonyms weighs as a word the
      // knowledge base lacks: a synonym is evidence for a passage, not a reason to take the query as covered.
      const synonymsOnly = ownWays === 0 && token.also.length > 0 && token.also.every((other) => other.source === 'wordnet');
      // A word the knowledge base lacks, typed in Spanish inside an English question (`canciller Ebrard`).
      if (enabled.has('glossary') && reading.language === 'en' && !alternatives.some((alternative) => !alternative.guess)) {
        for (const key of spanishWordKeys(token.word)) add(key, GLOSSARY_QUALITY);
      }
      // The paragraphs' curated search terms (front matter `search_terms`): the word as typed, and the words it was read as.
      if (enabled.has('terms')) {
        const readAs = alternatives.filter((alternative) => !alternative.guess && alternative.quality >= PARTIAL_HELD_QUALITY).map((alternative) => ({ key: this.data.keys[alternative.keyId]!, quality: alternative.quality }));
        for (const { key, quality } of [{ key: token.key, quality: 1 }, ...readAs]) if (key && !key.startsWith('~')) add(termKey(key), quality * TERMS_QUALITY);
      }
      const spellings = [token.word, ...(translated ? token.also.map((other) => this.data.keys[this.data.keyIds.get(other.key) ?? -1]).filter((word): word is string => word !== undefined) : [])];
      concepts.push({ label: token.word, weight: synonymsOnly ? -1 : 0, alternatives: alternatives.map(cleanAlternative), spellings });
    });
    for (const concept of concepts) {
      if (concept.weight < 0) {
        concept.weight = this.ranker.idfOf(0);
        continue;
      }
      const exact = concept.alternatives.filter((alternative) => alternative.quality === 1);
      concept.weight = exact.length
        ? Math.max(...exact.map((alternative) => this.ranker.idf(alternative.keyId)))
        : concept.alternatives.length
          ? Math.max(...concept.alternatives.map((alternative) => this.ranker.idf(alternative.keyId)))
          : this.ranker.idfOf(0);
    }
    return { concepts, asks: reading.asks };
  }

  /** The exact key, typo variants (close vocabulary words) and stem-prefix variants of one query word. */
  private wordAlternatives(key: string, word: string, enabled: ReadonlySet<ExpansionKind>, typos = true): Concept['alternatives'] {
    const alternatives = new Map<number, { quality: number; guess: boolean }>();
    const add = (id: number | undefined, quality: number, guess = false) => {
      if (id !== undefined && quality > (alternatives.get(id)?.quality ?? 0)) alternatives.set(id, { quality, guess });
    };
    const { keyIds } = this.data;
    const exact = keyIds.get(key);
    add(exact, 1);
    if (/^\p{L}{4,}$/u.test(key)) {
      // `seiz` (seized) and `seizur` (seizures) are one word to a reader; `hear` and `heart` are two.
      const sameWord = formsOf(word);
      for (const other of this.keysWithPrefix(key, key.length + 3)) if (sameWord(other)) add(keyIds.get(other), PREFIX_QUALITY);
      for (let length = key.length - 1; length >= Math.max(4, key.length - 2); length -= 1) if (sameWord(key.slice(0, length))) add(keyIds.get(key.slice(0, length)), SHORTER_STEM_QUALITY);
    }
    if (enabled.has('clipped') && exact === undefined && /^\p{L}{4,}$/u.test(word)) {
      // A clipped word (`fent`, `narco`, `admin`): the most frequent vocabulary words it starts.
      const longer = this.keysWithPrefix(key, Infinity)
        .map((other) => ({ id: keyIds.get(other)!, other }))
        .filter(({ id }) => this.ranker.documentFrequency(id) >= 2)
        .sort((a, b) => this.ranker.documentFrequency(b.id) - this.ranker.documentFrequency(a.id))
        .slice(0, 2);
      for (const { id } of longer) add(id, CLIPPED_QUALITY, true);
    }
    if (/^\d{2,}$/.test(key)) {
      // `86` (eighty-six) finds `86.3`; a single digit is mostly a count in passing (`the two countries`), not `2.7` kilograms.
      for (const other of this.keysWithPrefix(`${key}.`, key.length + 4)) add(keyIds.get(other), 0.9);
    }
    if (typos && exact === undefined && /^\p{L}{4,}$/u.test(word)) {
      // A dictionary word the knowledge base lacks was most likely meant as typed: only a slip
      // of one letter (`boarder`, `heroine`) makes it another word, not two (`powder` / `border`).
      const edits = isEnglishWord(word) ? REAL_WORD_TYPO_EDITS : Infinity;
      for (const variant of this.typoVariants(word)) {
        if (Math.round(variant.score * word.length) <= edits) add(this.data.surfaceKey.get(variant.word), TYPO_QUALITY * (1 - variant.score), true);
      }
    }
    return [...alternatives].map(([keyId, { quality, guess }]) => (guess ? { keyId, quality, guess } : { keyId, quality }));
  }

  /** Keys starting with `prefix` (not the prefix itself), at most `maxLength` long; the first 20 in sorted order. */
  private keysWithPrefix(prefix: string, maxLength: number): string[] {
    const { sortedKeys } = this.data;
    const out: string[] = [];
    let low = 0;
    let high = sortedKeys.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (sortedKeys[mid]! < prefix) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < sortedKeys.length && out.length < 20; i += 1) {
      const key = sortedKeys[i]!;
      if (!key.startsWith(prefix)) break;
      if (key !== prefix && key.length <= maxLength) out.push(key);
    }
    return out;
  }

  // --- results ---------------------------------------------------------------------

  private toHit(index: number, rank: number, score: number, concepts: Concept[]): SearchHit {
    const passage = this.passages[index]!;
    const matchKeys = new Set<string>();
    const weights = new Map<string, number>();
    const conceptOf = new Map<string, number>();
    concepts.forEach((concept, c) => {
      for (const alternative of concept.alternatives) {
        const key = this.data.keys[alternative.keyId]!;
        const weight = concept.weight * alternative.quality;
        matchKeys.add(key);
        if (weight > (weights.get(key) ?? -1)) {
          weights.set(key, weight);
          conceptOf.set(key, c);
        }
      }
    });
    const layout = this.layout(index);
    const snippet = concepts.length
      ? buildSnippet(passage.text, { keys: matchKeys, weights, concepts: conceptOf, aliases: this.aliases }, SNIPPET_LIMIT, layout)
      : leadSnippet(passage.text, SNIPPET_LIMIT, layout.sentences);
    return {
      rank,
      docId: passage.docId,
      passageId: passage.id,
      title: this.documentsById.get(passage.docId)?.title ?? passage.docId,
      text: passage.text,
      snippet,
      score: Math.round(score * 1000) / 1000,
      citation: this.citation(passage),
    };
  }

  /**
   * For a query with no answer: a corrected spelling that itself has answers, then the topics
   * nearest the query (those whose documents hold most of its weight, or whose own words it
   * shares), the knowledge base's broadest topics when none is near.
   */
  private suggestions(concepts: Concept[]): string[] {
    const label = concepts.map((concept) => concept.label).join(' ');
    const corrected = label ? this.didYouMean(label) : null;
    const useful = corrected !== null && corrected !== label && this.ranker.rank(this.concepts(corrected)).total > 0;
    return [...(useful ? [corrected] : []), ...this.nearestTopics(concepts, TOPIC_SUGGESTIONS)];
  }

  private nearestTopics(concepts: Concept[], limit: number): string[] {
    const { documentOf } = this.data;
    const topicDocuments = new Map<string, Set<number>>();
    this.documents.forEach((document, d) => {
      for (const topic of document.topics) topicDocuments.set(topic, (topicDocuments.get(topic) ?? new Set()).add(d));
    });
    const topicKeys = (this.topicKeys ??= new Map([...topicDocuments.keys()].map((topic) => [topic, this.conceptKeys(this.concepts(topic))])));
    const score = new Map<string, number>();
    for (const concept of concepts) {
      const keys = this.conceptKeys([concept]);
      if (keys.size === 0) continue;
      // Documents holding the concept as typed or through a close form (not a guess).
      const documents = new Set<number>();
      for (const keyId of keys) {
        const from = this.data.postingStart[keyId]!;
        const to = Math.min(this.data.postingStart[keyId + 1]!, from + TOPIC_POSTING_LIMIT);
        for (let i = from; i < to; i += 1) documents.add(documentOf[this.data.postingPassages[i]!]!);
      }
      for (const [topic, members] of topicDocuments) {
        let holding = 0;
        for (const document of members) if (documents.has(document)) holding += 1;
        // The share of the topic's documents that hold the word, and the topic's own name.
        let gain = (concept.weight * holding) / members.size;
        if ([...keys].some((keyId) => topicKeys.get(topic)!.has(keyId))) gain += concept.weight;
        if (gain > 0) score.set(topic, (score.get(topic) ?? 0) + gain);
      }
    }
    return [...topicDocuments.keys()]
      .sort((a, b) => (score.get(b) ?? 0) - (score.get(a) ?? 0) || topicDocuments.get(b)!.size - topicDocuments.get(a)!.size || a.localeCompare(b))
      .slice(0, limit);
  }

  /** Index keys a passage may match a concept through as typed or by a close form (no guesses). */
  private conceptKeys(concepts: Concept[]): Set<number> {
    const keys = new Set<number>();
    for (const concept of concepts) for (const alternative of concept.alternatives) if (!alternative.guess && alternative.quality >= DOCUMENT_QUALITY) keys.add(alternative.keyId);
    return keys;
  }
}
