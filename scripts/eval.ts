/**
 * `npm run eval`: retrieval quality on every evaluation set (the shared dev and hard dev sets,
 * and tests/eval/*.json), our search beside two baselines computed in the same run (default
 * fuse.js and MiniSearch BM25), with ablation rows: ours without each kind of query expansion.
 * Prints hit@1, hit@3, MRR@5, out-of-scope rejected and hit@3 per query kind.
 * Options: --set FILE (only that set), --knowledge DIR, --json, --no-ablation.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Fuse from 'fuse.js';
import MiniSearch from 'minisearch';
import { loadKnowledge } from '../src/knowledge/loader.ts';
import { toPassages } from '../src/knowledge/passages.ts';
import { evaluate, formatScores, readEvalSet } from '../src/search/evaluation.ts';
import { EXPANSION_KINDS } from '../src/search/query-reader.ts';
import { SearchIndex } from '../src/search/search-index.ts';

const { values } = parseArgs({
  options: {
    set: { type: 'string' },
    knowledge: { type: 'string', default: path.resolve(import.meta.dirname, '../knowledge') },
    json: { type: 'boolean', default: false },
    'no-ablation': { type: 'boolean', default: false },
  },
});

const shared = path.resolve(import.meta.dirname, '../../shared/eval');
const local = path.resolve(import.meta.dirname, '../tests/eval');
const sets = values.set
  ? [path.resolve(values.set)]
  : [
      path.join(shared, 'dev-queries.json'),
      path.join(shared, 'dev-hard-queries.json'),
      ...readdirSync(local)
        .filter((name) => name.endsWith('.json'))
        .sort()
        .map((name) => path.join(local, name)),
    ];

const { documents, aliases, problems } = await loadKnowledge(values.knowledge);
if (problems.length) {
  console.error(`The knowledge folder has ${problems.length} problem(s); run npm run kb -- check.`);
  process.exit(1);
}
const passages = documents.flatMap(toPassages);
const ours = SearchIndex.build(documents, aliases);
const fuseDefault = new Fuse(passages, { keys: ['text'] });
const bm25 = new MiniSearch<{ id: string; text: string }>({ fields: ['text'], storeFields: ['text'], searchOptions: { fuzzy: 0.2, prefix: true } });
bm25.addAll(passages.map((passage) => ({ id: passage.id, text: passage.text })));

const report = [];
for (const file of sets) {
  const set = await readEvalSet(file);
  const rows = [
    evaluate('ours', set, (query) => ours.search(query, { limit: 5 }).hits.map((hit) => hit.text)),
    ...(values['no-ablation']
      ? []
      : [
          ...EXPANSION_KINDS.map((kind) => evaluate(`ours − ${kind}`, set, (query) => ours.search(query, { limit: 5, without: [kind] }).hits.map((hit) => hit.text))),
          evaluate('ours − all expansions', set, (query) => ours.search(query, { limit: 5, without: EXPANSION_KINDS }).hits.map((hit) => hit.text)),
        ]),
    evaluate('fuse default', set, (query) => fuseDefault.search(query, { limit: 5 }).map((result) => result.item.text)),
    evaluate('minisearch bm25', set, (query) => bm25.search(query).slice(0, 5).map((result) => String(result['text']))),
  ];
  report.push({ set: path.basename(file), queries: set.queries.length, outOfScope: set.out_of_scope.length, rows });
  if (!values.json) {
    console.log(`\n${path.basename(file)}: ${set.queries.length} queries + ${set.out_of_scope.length} out-of-scope, ${passages.length} passages`);
    console.log(formatScores(rows.map((row) => (row.system === 'ours' ? row : { ...row, misses: [] }))));
  }
}
if (values.json) console.log(JSON.stringify({ passages: passages.length, sets: report }));
