import type { KnowledgeDocument } from '../knowledge/schema.ts';
import { EXPANSION_KINDS } from '../search/query-reader.ts';
import { SearchIndex } from '../search/search-index.ts';

/** Relevance an article needs to enter the review queue; below it, it is kept as off-topic. */
export const ON_TOPIC = 0.3;
/** The knowledge base's most frequent words probed, and how many of them found make the word half of the score full. */
const VOCABULARY_PROBES = 40;
const WORDS_FOR_FULL = 10;
/** Topics found that make the topic half of the score full. */
const TOPICS_FOR_FULL = 2;

/**
 * How much an article is about what the knowledge base covers, 0 to 1. The article is indexed
 * on its own, with the same search as the knowledge base, and probed with the knowledge base's
 * topics and its most frequent words: half the score is topics found, half is words found.
 * A football report finds none; an article on fentanyl seizures at a port of entry finds
 * several of each. Probes match as written (no synonyms, glossaries or partial answers), and an
 * article that finds no topic gets half the word score: the knowledge base's frequent words are
 * also every US–Mexico story's (`mexico`, `government`, `border`), so a steel-tariff story finds
 * them all.
 */
export function relevance(index: SearchIndex, document: Pick<KnowledgeDocument, 'title' | 'paragraphs'>): number {
  const probe: KnowledgeDocument = {
    id: 'relevance-probe',
    title: document.title,
    publisher: null,
    authors: [],
    published: null,
    url: null,
    origin: 'relevance-probe',
    topics: [],
    file: 'relevance-probe.md',
    paragraphs: [document.title, ...document.paragraphs],
    bodyHash: '',
  };
  const article = SearchIndex.build([probe]);
  const found = (query: string) => article.search(query, { limit: 1, without: EXPANSION_KINDS }).total > 0;
  const topics = index.topics().filter(found).length;
  const words = index
    .frequentWords(VOCABULARY_PROBES)
    .map((entry) => entry.word)
    .filter(found).length;
  const wordScore = Math.min(1, words / WORDS_FOR_FULL) * (topics === 0 ? 0.5 : 1);
  const score = 0.5 * Math.min(1, topics / TOPICS_FOR_FULL) + 0.5 * wordScore;
  return Math.round(score * 100) / 100;
}
