import { loadKnowledge } from './src/knowledge/loader.ts';
import { SearchIndex } from './src/search/search-index.ts';
import { EXPANSION_KINDS } from './src/search/query-reader.ts';
const { documents, aliases } = await loadKnowledge('knowledge');
const index = SearchIndex.build(documents, aliases);
const ix = index as unknown as { read(q: string, e: Set<string>): { concepts: { label: string; weight: number; alternatives: { keyId: number; quality: number; guess?: boolean }[] }[] }; data: { keys: string[] } };
for (const q of process.argv.slice(2)) {
  const { concepts } = ix.read(q, new Set(EXPANSION_KINDS));
  console.log(q, index.search(q).total, JSON.stringify(concepts.map((c) => [c.label, c.weight.toFixed(2), c.alternatives.map((a) => `${ix.data.keys[a.keyId]}:${a.quality.toFixed(2)}${a.guess ? 'g' : ''}`)])));
}
