/**
 * `npm run eval`: retrieval quality on the development set, our search beside two
 * baselines computed in the same run (default fuse.js and MiniSearch BM25).
 * Options: --set FILE (default ../shared/eval/dev-queries.json), --knowledge DIR, --json.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { loadKnowledge } from '../src/knowledge/loader.ts';
import { toPassages } from '../src/knowledge/passages.ts';
import { evaluate, formatScores, readEvalSet } from '../src/search/evaluation.ts';
import { SearchIndex } from '../src/search/search-index.ts';

const { values } = parseArgs({
  options: {
    set: { type: 'string', default: path.resolve(import.meta.dirname, '../../shared/eval/dev-queries.json') },
    knowledge: { type: 'string', default: path.resolve(import.meta.dirname, '../knowledge') },
    json: { type: 'boolean', default: false },
  },
});

const set = await readEvalSet(values.set);
const { documents, aliases, problems } = await loadKnowledge(values.knowledge);
if (problems.length) {
  console.error(`The knowledge folder has ${problems.length} problem(s); run npm run kb -- check.`);
  process.exit(1);
}
const passages = documents.flatMap(toPassages);
const ours = SearchIndex.build(documents, aliases);
const fuseDefault = new Fuse(passages, { keys: ['text'] });
const fuseTuned = new Fuse(passages, { keys: ['text'], ignoreLocation: true, threshold: 0.4 });
const bm25 = new MiniSearch<{ id: string; text: string }>({ fields: ['text'], storeFields: ['text'], searchOptions: { fuzzy: 0.2, prefix: true } });
bm25.addAll(passages.map((passage) => ({ id: passage.id, text: passage.text })));

const rows = [
  evaluate('ours', set, (query) => ours.search(query, { limit: 5 }).hits.map((hit) => hit.text)),
  evaluate('fuse default', set, (query) => fuseDefault.search(query, { limit: 5 }).map((result) => result.item.text)),
  evaluate('fuse ignoreLocation t=0.4', set, (query) => fuseTuned.search(query, { limit: 5 }).map((result) => result.item.text)),
  evaluate('minisearch bm25', set, (query) => bm25.search(query).slice(0, 5).map((result) => String(result['text']))),
];
if (values.json) console.log(JSON.stringify({ set: path.basename(values.set), passages: passages.length, rows }));
else console.log(`${set.queries.length} queries + ${set.out_of_scope.length} out-of-scope, ${passages.length} passages\n${formatScores(rows)}`);
