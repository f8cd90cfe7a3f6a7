import type { SearchIndex } from './search-index.ts';
import { fold, squeeze } from './text.ts';

export interface Suggestion {
  /** What the user sees. */
  label: string;
  /** What the query becomes. */
  query: string;
  kind: 'topic' | 'title' | 'term';
}

interface Vocabulary {
  entries: (Suggestion & { folded: string })[];
}

const vocabularies = new WeakMap<SearchIndex, Vocabulary>();

/** Topics first (the curated way in), then document titles, then the words most passages share. */
function vocabulary(index: SearchIndex): Vocabulary {
  let cached = vocabularies.get(index);
  if (!cached) {
    const entries: Suggestion[] = [
      ...index.topics().map((topic): Suggestion => ({ label: topic, query: topic, kind: 'topic' })),
      ...index.documents.map((document): Suggestion => ({ label: document.title, query: document.title, kind: 'title' })),
      ...index.frequentWords(500).map(({ word }): Suggestion => ({ label: word, query: word, kind: 'term' })),
    ];
    cached = { entries: entries.map((entry) => ({ ...entry, folded: squeeze(fold(entry.label)) })) };
    vocabularies.set(index, cached);
  }
  return cached;
}

/**
 * Autocomplete in tiers, as discord-utils-bot does: entries starting with what was
 * typed, then entries with a word starting with it, then entries containing it.
 * With nothing typed, the topics.
 */
export function suggest(index: SearchIndex, typed: string, limit = 25): Suggestion[] {
  const needle = squeeze(fold(typed));
  const { entries } = vocabulary(index);
  if (!needle) return entries.filter((entry) => entry.kind !== 'term').slice(0, limit).map(strip);
  const tiers: Suggestion[][] = [[], [], []];
  for (const entry of entries) {
    if (entry.folded.startsWith(needle)) tiers[0]!.push(entry);
    else if (entry.folded.includes(` ${needle}`)) tiers[1]!.push(entry);
    else if (entry.folded.includes(needle)) tiers[2]!.push(entry);
  }
  const seen = new Set<string>();
  return tiers
    .flat()
    .filter((entry) => !seen.has(entry.query) && seen.add(entry.query))
    .slice(0, limit)
    .map((entry) => strip(entry as Suggestion & { folded: string }));
}

const strip = ({ label, query, kind }: Suggestion & { folded: string }): Suggestion => ({ label, query, kind });
