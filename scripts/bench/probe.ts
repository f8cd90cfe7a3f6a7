/** `tsx scripts/bench/probe.ts [set.json…]`: the out-of-scope queries each set's search answers, with how (for tuning the gates). */
import path from 'node:path';
import { loadKnowledge } from '../../src/knowledge/loader.ts';
import { readEvalSet } from '../../src/search/evaluation.ts';
import { SearchIndex } from '../../src/search/search-index.ts';

const { documents, aliases } = await loadKnowledge(path.resolve(import.meta.dirname, '../../knowledge'));
const index = SearchIndex.build(documents, aliases);
for (const file of process.argv.slice(2)) {
  const set = await readEvalSet(file);
  const show = (query: string) => {
    const result = index.search(query, { limit: 1 });
    const partial = result.partial ? ` partial: −[${result.partial.unmatched.join(', ')}] +[${result.partial.matched.join(', ')}]` : '';
    return `${result.total} hits${partial} :: ${result.hits[0]?.snippet.slice(0, 90) ?? ''}`;
  };
  for (const query of set.out_of_scope) {
    if (index.search(query).total > 0) console.log(`OOS ${path.basename(file)} "${query}": ${show(query)}`);
  }
  if (process.env['MISSES']) {
    for (const item of set.queries) console.log(`${item.id} ${item.kind ?? ''} "${item.query}": ${show(item.query)}`);
  }
}
