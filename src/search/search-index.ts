import Fuse from 'fuse.js';
import type { KnowledgeDocument } from '../knowledge/schema.ts';
import { toPassages } from '../knowledge/passages.ts';
import { AliasTable, type AliasFile } from './aliases.ts';
import { buildSnippet, leadSnippet } from './snippet.ts';
import { contentTokens } from './text.ts';
import type { Citation, Passage, SearchHit, SearchOptions, SearchResult } from './types.ts';

/**
 * The search core. An inverted index of folded, stemmed tokens narrows a query to the
 * passages that share words with it and scores them (BM25 with an IDF-weighted
 * coverage of the query); fuse.js supplies typo tolerance by matching unknown query
 * words against the index's vocabulary. Why not fuse.js over the passages directly: a
 * full scan costs seconds at 10k passages, and its character-level score cannot tell
 * a rare name from a common word (see ARCHITECTURE.md, "Search with fuse.js").
 */

/** Share of the query's weight (IDF) a passage must cover to count as an answer. */
export const MIN_COVERAGE = 0.5;
/** Coverage credit for a query word found elsewhere in the passage's document, not in the passage. */
const DOCUMENT_CREDIT = 0.5;
/** BM25 parameters: term-frequency saturation and length normalisation. */
const K1 = 1.2;
const B = 0.75;
/** How many top candidates get the (costlier) proximity re-ranking. */
const RERANK_POOL = 50;
/** A hit must score at least this share of the best hit to be listed. */
const RELATIVE_FLOOR = 0.25;
/** Fuse threshold for typo variants: 0 is exact, 1 anything. */
const TYPO_THRESHOLD = 0.34;
const SHORT_TYPO_THRESHOLD = 0.19;
const SNIPPET_LIMIT = 350;

/** One alternative way a query concept can be matched: an index key and how much a match through it is worth. */
interface Alternative {
  keyId: number;
  quality: number;
}

/** A unit of meaning in the query: a word (with its typo and prefix variants) or an alias group. */
interface Concept {
  label: string;
  weight: number;
  alternatives: Alternative[];
}

interface Posting {
  passages: Uint32Array;
  counts: Uint16Array;
}

interface Scored {
  passage: number;
  score: number;
  coverage: number;
}

export class SearchIndex {
  readonly documents: readonly KnowledgeDocument[];
  readonly passages: readonly Passage[];
  readonly aliases: AliasTable;

  private readonly documentsById: Map<string, KnowledgeDocument>;
  private readonly passageById: Map<string, number>;
  private readonly keyIds = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly postings: Posting[] = [];
  /** Content-token key ids of each passage, in order: positions for proximity. */
  private readonly sequences: Uint32Array[] = [];
  private readonly lengths: Uint16Array;
  /** Index into `documents` of each passage's document. */
  private readonly documentOf: Uint32Array;
  private readonly averageLength: number;
  /** Distinct folded surface words, with the key each one is indexed under. */
  private readonly surfaceKey = new Map<string, number>();
  /** Keys in sorted order, for prefix look-ups. */
  private readonly sortedKeys: string[];
  /** fuse.js over the vocabulary, one instance per word length, built on first use. */
  private readonly typoFinders = new Map<number, Fuse<string>>();
  private readonly surfacesByLength = new Map<number, string[]>();

  private constructor(documents: KnowledgeDocument[], aliases: AliasTable) {
    this.documents = documents;
    this.aliases = aliases;
    this.documentsById = new Map(documents.map((document) => [document.id, document]));
    const passages = documents.flatMap(toPassages);
    this.passages = passages;
    this.passageById = new Map(passages.map((passage, index) => [passage.id, index]));
    this.lengths = new Uint16Array(passages.length);
    const documentIndex = new Map(documents.map((document, index) => [document.id, index]));
    this.documentOf = Uint32Array.from(passages, (passage) => documentIndex.get(passage.docId)!);

    const lists: { passages: number[]; counts: number[] }[] = [];
    const surfaceCount = new Map<string, number>();
    passages.forEach((passage, index) => {
      const tokens = contentTokens(passage.text);
      const sequence = new Uint32Array(tokens.length);
      const counts = new Map<number, number>();
      tokens.forEach((token, position) => {
        const id = this.keyId(token.key);
        sequence[position] = id;
        counts.set(id, (counts.get(id) ?? 0) + 1);
        if (!this.surfaceKey.has(token.word)) this.surfaceKey.set(token.word, id);
        surfaceCount.set(token.word, (surfaceCount.get(token.word) ?? 0) + 1);
      });
      for (const match of aliases.matches(tokens.map((token) => token.key))) {
        const id = this.keyId(AliasTable.groupKey(match.group));
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      for (const [id, count] of counts) {
        const list = (lists[id] ??= { passages: [], counts: [] });
        list.passages.push(index);
        list.counts.push(Math.min(count, 65_535));
      }
      this.sequences.push(sequence);
      this.lengths[index] = Math.min(tokens.length, 65_535);
    });
    for (let id = 0; id < this.keys.length; id += 1) {
      const list = lists[id] ?? { passages: [], counts: [] };
      this.postings.push({ passages: Uint32Array.from(list.passages), counts: Uint16Array.from(list.counts) });
    }
    this.averageLength = passages.length ? this.lengths.reduce((sum, length) => sum + length, 0) / passages.length : 1;
    this.sortedKeys = [...this.keyIds.keys()].filter((key) => !key.startsWith('~')).sort();
    for (const word of this.surfaceKey.keys()) {
      if (!/^\p{L}{4,}$/u.test(word)) continue;
      const bucket = this.surfacesByLength.get(word.length) ?? [];
      bucket.push(word);
      this.surfacesByLength.set(word.length, bucket);
    }
  }

  static build(documents: KnowledgeDocument[], aliases: AliasFile | AliasTable = { groups: [] }): SearchIndex {
    return new SearchIndex(documents, aliases instanceof AliasTable ? aliases : new AliasTable(aliases));
  }

  /** Sorted, distinct topics of all documents. */
  topics(): string[] {
    return [...new Set(this.documents.flatMap((document) => document.topics))].sort();
  }

  document(docId: string): KnowledgeDocument | undefined {
    return this.documentsById.get(docId);
  }

  passage(passageId: string): Passage | undefined {
    const index = this.passageById.get(passageId);
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
    const index = this.passageById.get(passageId);
    if (index === undefined) return undefined;
    const concepts = query ? this.concepts(query) : [];
    return this.toHit(index, 1, 0, concepts);
  }

  /** Documents (and passages) in which a word occurs: for autocomplete and did-you-mean. */
  documentFrequency(word: string): number {
    const id = this.keyIds.get(contentTokens(word)[0]?.key ?? '');
    return id === undefined ? 0 : this.postings[id]!.passages.length;
  }

  /** Vocabulary words with how many passages contain them, most frequent first. */
  frequentWords(limit: number): { word: string; passages: number }[] {
    return [...this.surfaceKey]
      .filter(([word]) => /^\p{L}{3,}$/u.test(word))
      .map(([word, id]) => ({ word, passages: this.postings[id]!.passages.length }))
      .sort((a, b) => b.passages - a.passages || a.word.localeCompare(b.word))
      .slice(0, limit);
  }

  search(query: string, options: SearchOptions = {}): SearchResult {
    const limit = Math.max(0, options.limit ?? 3);
    const offset = Math.max(0, options.offset ?? 0);
    const concepts = this.concepts(query);
    const ranked = this.rank(concepts);
    const hits = ranked
      .slice(offset, offset + limit)
      .map((scored, position) => this.toHit(scored.passage, offset + position + 1, scored.score, concepts));
    const documents = new Set(ranked.map((scored) => this.passages[scored.passage]!.docId)).size;
    return { query, hits, total: ranked.length, documents, suggestions: ranked.length ? [] : this.suggestions(concepts) };
  }

  /** Spelling corrections for the query's unknown words, as one corrected query. */
  didYouMean(query: string): string | null {
    const words = contentTokens(query);
    let changed = false;
    const corrected = words.map((token) => {
      if (this.keyIds.has(token.key) || !/^\p{L}{4,}$/u.test(token.word)) return token.word;
      const best = this.typoVariants(token.word)[0];
      if (!best) return token.word;
      changed = true;
      return best.word;
    });
    return changed ? corrected.join(' ') : null;
  }

  // --- query analysis -------------------------------------------------------------

  private concepts(query: string): Concept[] {
    const tokens = contentTokens(query.slice(0, 500));
    const keys = tokens.map((token) => token.key);
    const concepts: Concept[] = [];
    const covered = new Set<number>();
    for (const match of this.aliases.matches(keys)) {
      const id = this.keyIds.get(AliasTable.groupKey(match.group));
      const words = tokens.slice(match.from, match.to);
      const alternatives: Alternative[] = id === undefined ? [] : [{ keyId: id, quality: 1 }];
      // A one-word alias still matches its own spelling variants (`cars` → `car`).
      if (match.to - match.from === 1) alternatives.push(...this.wordAlternatives(words[0]!.key, words[0]!.word, false));
      concepts.push({ label: words.map((token) => token.word).join(' '), weight: 0, alternatives });
      for (let i = match.from; i < match.to; i += 1) covered.add(i);
    }
    tokens.forEach((token, position) => {
      if (covered.has(position)) return;
      if (concepts.some((concept) => concept.label === token.word)) return;
      concepts.push({ label: token.word, weight: 0, alternatives: this.wordAlternatives(token.key, token.word) });
    });
    for (const concept of concepts) {
      const exact = concept.alternatives.filter((alternative) => alternative.quality === 1);
      concept.weight = exact.length
        ? Math.max(...exact.map((alternative) => this.idf(alternative.keyId)))
        : concept.alternatives.length
          ? Math.max(...concept.alternatives.map((alternative) => this.idf(alternative.keyId)))
          : this.idfOf(0);
    }
    return concepts;
  }

  /** The exact key, typo variants (fuse.js over the vocabulary) and stem-prefix variants of one query word. */
  private wordAlternatives(key: string, word: string, typos = true): Alternative[] {
    const alternatives = new Map<number, number>();
    const add = (id: number | undefined, quality: number) => {
      if (id !== undefined && quality > (alternatives.get(id) ?? 0)) alternatives.set(id, quality);
    };
    const exact = this.keyIds.get(key);
    add(exact, 1);
    if (/^\p{L}{4,}$/u.test(key)) {
      // `seiz` (seized) and `seizur` (seizures) are one word to a reader.
      for (const other of this.keysWithPrefix(key, key.length + 3)) add(this.keyIds.get(other), 0.8);
      for (let length = key.length - 1; length >= Math.max(4, key.length - 2); length -= 1) add(this.keyIds.get(key.slice(0, length)), 0.7);
    }
    if (/^\d+$/.test(key)) {
      // `86` (eighty-six) finds `86.3`.
      for (const other of this.keysWithPrefix(`${key}.`, key.length + 4)) add(this.keyIds.get(other), 0.9);
    }
    if (typos && exact === undefined && /^\p{L}{4,}$/u.test(word)) {
      for (const variant of this.typoVariants(word)) add(this.surfaceKey.get(variant.word), 0.9 * (1 - variant.score));
    }
    return [...alternatives].map(([keyId, quality]) => ({ keyId, quality }));
  }

  private typoVariants(word: string): { word: string; score: number }[] {
    const found: { word: string; score: number }[] = [];
    const maxEdit = word.length <= 5 ? 1 : 2;
    for (let length = word.length - maxEdit; length <= word.length + maxEdit; length += 1) {
      for (const result of this.typoFinder(length)?.search(word, { limit: 5 }) ?? []) {
        found.push({ word: result.item, score: result.score ?? 1 });
      }
    }
    // One wrong letter in a four-letter word is a different word (race/face), not a typo.
    const threshold = word.length <= 5 ? SHORT_TYPO_THRESHOLD : TYPO_THRESHOLD;
    return found.filter((variant) => variant.score <= threshold).sort((a, b) => a.score - b.score).slice(0, 3);
  }

  private typoFinder(length: number): Fuse<string> | undefined {
    const words = this.surfacesByLength.get(length);
    if (!words) return undefined;
    let finder = this.typoFinders.get(length);
    if (!finder) {
      finder = new Fuse(words, { includeScore: true, threshold: TYPO_THRESHOLD, ignoreLocation: true, isCaseSensitive: true });
      this.typoFinders.set(length, finder);
    }
    return finder;
  }

  private keysWithPrefix(prefix: string, maxLength: number): string[] {
    const out: string[] = [];
    let low = 0;
    let high = this.sortedKeys.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.sortedKeys[mid]! < prefix) low = mid + 1;
      else high = mid;
    }
    for (let i = low; i < this.sortedKeys.length && out.length < 20; i += 1) {
      const key = this.sortedKeys[i]!;
      if (!key.startsWith(prefix)) break;
      if (key !== prefix && key.length <= maxLength) out.push(key);
    }
    return out;
  }

  // --- scoring --------------------------------------------------------------------

  private idf(keyId: number): number {
    return this.idfOf(this.postings[keyId]?.passages.length ?? 0);
  }

  private idfOf(documentFrequency: number): number {
    const n = this.passages.length;
    return Math.log(1 + (n - documentFrequency + 0.5) / (documentFrequency + 0.5));
  }

  private rank(concepts: Concept[]): Scored[] {
    const totalWeight = concepts.reduce((sum, concept) => sum + concept.weight, 0);
    if (totalWeight === 0) return [];
    const matches = concepts.map((concept) => this.matchConcept(concept));
    const candidates: Scored[] = [];
    const seen = new Set<number>();
    for (const { best } of matches) {
      for (const passage of best.keys()) {
        if (seen.has(passage)) continue;
        seen.add(passage);
        const document = this.documentOf[passage]!;
        let score = 0;
        let covered = 0;
        matches.forEach((match, index) => {
          const found = match.best.get(passage);
          const weight = concepts[index]!.weight;
          if (found) {
            score += found.score;
            covered += weight * found.quality;
          } else if (match.documents.has(document)) {
            // Context words often name the article rather than the paragraph ("… in Arizona").
            covered += weight * DOCUMENT_CREDIT;
          }
        });
        covered /= totalWeight;
        if (covered >= MIN_COVERAGE) candidates.push({ passage, score: score * covered, coverage: covered });
      }
    }
    candidates.sort((a, b) => b.score - a.score || a.passage - b.passage);
    const pool = candidates.slice(0, RERANK_POOL);
    for (const candidate of pool) candidate.score += this.proximityBonus(candidate.passage, concepts);
    pool.sort((a, b) => b.score - a.score || a.passage - b.passage);
    const floor = (pool[0]?.score ?? 0) * RELATIVE_FLOOR;
    return [...pool, ...candidates.slice(RERANK_POOL)].filter((candidate) => candidate.score >= floor);
  }

  /** BM25 contribution of one concept to each passage it occurs in (best alternative wins), and the documents it occurs in. */
  private matchConcept(concept: Concept): { best: Map<number, { score: number; quality: number }>; documents: Set<number> } {
    const best = new Map<number, { score: number; quality: number }>();
    const documents = new Set<number>();
    for (const alternative of concept.alternatives) {
      const posting = this.postings[alternative.keyId]!;
      const idf = this.idf(alternative.keyId) * alternative.quality;
      for (let i = 0; i < posting.passages.length; i += 1) {
        const passage = posting.passages[i]!;
        const tf = posting.counts[i]!;
        const norm = tf + K1 * (1 - B + (B * this.lengths[passage]!) / this.averageLength);
        const value = (idf * tf * (K1 + 1)) / norm;
        const previous = best.get(passage);
        if (!previous) best.set(passage, { score: value, quality: alternative.quality });
        else {
          previous.score = Math.max(previous.score, value);
          previous.quality = Math.max(previous.quality, alternative.quality);
        }
        if (alternative.quality >= 0.8) documents.add(this.documentOf[passage]!);
      }
    }
    return { best, documents };
  }

  /** Reward passages where consecutive query words stand close together (`Ken Salazar`, `port of entry`). */
  private proximityBonus(passage: number, concepts: Concept[]): number {
    if (concepts.length < 2) return 0;
    const sequence = this.sequences[passage]!;
    const positions = concepts.map((concept) => {
      const ids = new Set(concept.alternatives.map((alternative) => alternative.keyId));
      const found: number[] = [];
      sequence.forEach((id, position) => {
        if (ids.has(id)) found.push(position);
      });
      return found;
    });
    let bonus = 0;
    for (let i = 0; i + 1 < concepts.length; i += 1) {
      const distance = minDistance(positions[i]!, positions[i + 1]!);
      if (distance <= 3) bonus += (Math.min(concepts[i]!.weight, concepts[i + 1]!.weight) * (4 - distance)) / 4;
    }
    return bonus;
  }

  // --- results ---------------------------------------------------------------------

  private toHit(index: number, rank: number, score: number, concepts: Concept[]): SearchHit {
    const passage = this.passages[index]!;
    const matchKeys = new Set<string>();
    const weights = new Map<string, number>();
    for (const concept of concepts) {
      for (const alternative of concept.alternatives) {
        const key = this.keys[alternative.keyId]!;
        matchKeys.add(key);
        weights.set(key, Math.max(weights.get(key) ?? 0, concept.weight));
      }
    }
    const snippet = concepts.length
      ? buildSnippet(passage.text, { keys: matchKeys, weights, aliases: this.aliases }, SNIPPET_LIMIT)
      : leadSnippet(passage.text, SNIPPET_LIMIT);
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

  /** For a query with no answer: a corrected spelling that has answers, then topics to ask about. */
  private suggestions(concepts: Concept[]): string[] {
    const label = concepts.map((concept) => concept.label).join(' ');
    const corrected = label ? this.didYouMean(label) : null;
    const useful = corrected !== null && this.rank(this.concepts(corrected)).length > 0;
    return [...(useful ? [corrected] : []), ...this.topics().slice(0, 5)];
  }

  private keyId(key: string): number {
    let id = this.keyIds.get(key);
    if (id === undefined) {
      id = this.keys.length;
      this.keys.push(key);
      this.keyIds.set(key, id);
    }
    return id;
  }
}

function minDistance(a: number[], b: number[]): number {
  let best = Infinity;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    best = Math.min(best, Math.abs(a[i]! - b[j]!));
    if (a[i]! < b[j]!) i += 1;
    else j += 1;
  }
  return best;
}
