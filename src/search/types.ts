import type { Citation } from '../shared/citation.ts';
import type { ExpansionKind } from './query-reader.ts';

export interface SearchHit {
  rank: number;
  docId: string;
  passageId: string;
  title: string;
  /** The full passage text, verbatim. */
  text: string;
  /** The best matching sentence or two, matched words in `**bold**`: at most 350 characters as sent (bold marks and Markdown escapes count). */
  snippet: string;
  /** Higher is better; comparable only within one query. */
  score: number;
  citation: Citation;
}

export interface SearchResult {
  query: string;
  hits: SearchHit[];
  /** How many passages passed the relevance cut-off (hits is the first `limit` of them). */
  total: number;
  /** How many distinct documents those passages come from. */
  documents: number;
  /** When nothing matched: did-you-mean spellings and topics worth asking about. */
  suggestions: string[];
  /**
   * Set when no passage answers the whole query and the hits answer part of it:
   * the query's words no passage holds (with the rest), and the words the hits are for.
   */
  partial?: { unmatched: string[]; matched: string[] };
  /** Set when the query is refused because it names a place or body no passage mentions (`India`): those names, folded. */
  unknownNames?: string[];
  /** Set when the query is refused because no passage that answers it says the year(s) it asks about (`… in 2019`). */
  unsaidYears?: string[];
  /** Set when passages share the question's words but none holds what it asks for: a count (`how many`) or a time (`when`). */
  lacking?: 'count' | 'time';
  /** Set when a `who…?` question is refused because no passage sharing its other words says what was done (`replaced`): that word, folded. */
  unsaidDoing?: string;
}

export interface SearchOptions {
  /** Maximum hits returned (default 3). */
  limit?: number;
  /** Skip this many ranked hits first (for paging). */
  offset?: number;
  /** Kinds of query expansion to leave out (the eval's ablation rows); none by default. */
  without?: readonly ExpansionKind[];
}
