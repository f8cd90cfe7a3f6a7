/**
 * Retrieval quality as a gate: the targets of the knowledge-base issue (hit@3 ≥ 0.95,
 * MRR@5 ≥ 0.90, ≥ 90% of out-of-scope queries rejected) on every keyword eval set we have: the shared
 * development set (when ../shared is beside the repo) and our own sets in tests/eval/, written
 * from the knowledge files in the same kinds (keywords, questions, names without accents,
 * abbreviations, typos, numbers as words): a tuning set, and a validation set written without
 * looking at scores, to catch over-fitting; and the hard sets at their floors (below).
 * A ranking change that costs quality fails here.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import { loadKnowledge } from '../../src/knowledge/loader.ts';
import { evaluate, readEvalSet } from '../../src/search/evaluation.ts';
import { SearchIndex } from '../../src/search/search-index.ts';

/** Keyword-style sets: the targets. */
const KEYWORD = { hitAt3: 0.95, mrrAt5: 0.9, rejected: 0.9, kinds: {} };

/**
 * The hard sets (paraphrase, Spanish, mixed, entity, multi, numeric): the targets are hit@3
 * ≥ 0.85, MRR@5 ≥ 0.80 and every kind ≥ 0.70. The shared hard set meets them all (paraphrase
 * 0.73 is the lowest kind): floors at the targets or just under what `npm run eval` measures today
 * (README, "Measured"), so that nothing slips back. The eight blind sets were written from the
 * articles by someone who had seen neither the search nor its glossaries; their floors only keep
 * what they measure. Their out-of-scope floors are under the target where they measure under it
 * (the third to eighth sets, whose near-topic questions were written to be hard: 70–90%), so that
 * what they reject stays rejected.
 */
const SETS = [
  { name: 'shared development set', file: path.resolve(PROJECT_ROOT, '../shared/eval/dev-queries.json'), gate: KEYWORD },
  { name: 'held-out set', file: path.join(PROJECT_ROOT, 'tests/eval/heldout-queries.json'), gate: KEYWORD },
  { name: 'validation set', file: path.join(PROJECT_ROOT, 'tests/eval/validation-queries.json'), gate: KEYWORD },
  {
    name: 'shared hard development set',
    file: path.resolve(PROJECT_ROOT, '../shared/eval/dev-hard-queries.json'),
    gate: { hitAt3: 0.85, mrrAt5: 0.8, rejected: 0.9, kinds: { paraphrase: 0.7, spanish: 0.95, mixed: 0.95, entity: 0.95, multi: 0.95, numeric: 0.95 } },
  },
  {
    name: 'hard held-out set',
    file: path.join(PROJECT_ROOT, 'tests/eval/hard-heldout-queries.json'),
    gate: { hitAt3: 0.9, mrrAt5: 0.88, rejected: 0.9, kinds: { spanish: 0.95, mixed: 0.8, entity: 0.95, multi: 0.95, numeric: 0.95, paraphrase: 0.85 } },
  },
  {
    name: 'blind paraphrase set',
    file: path.join(PROJECT_ROOT, 'tests/eval/blind-paraphrase-queries.json'),
    gate: { hitAt3: 0.7, mrrAt5: 0.62, rejected: 0.9, kinds: {} },
  },
  {
    name: 'second blind set',
    file: path.join(PROJECT_ROOT, 'tests/eval/blind-2-queries.json'),
    gate: { hitAt3: 0.72, mrrAt5: 0.68, rejected: 0.9, kinds: { spanish: 0.8 } },
  },
  {
    name: 'third blind set',
    file: path.join(PROJECT_ROOT, 'tests/eval/blind-3-queries.json'),
    gate: { hitAt3: 0.85, mrrAt5: 0.8, rejected: 0.75, kinds: { paraphrase: 0.8, spanish: 0.95, entity: 0.95 } },
  },
  {
    name: 'fourth blind set',
    file: path.join(PROJECT_ROOT, 'tests/eval/blind-4-queries.json'),
    gate: { hitAt3: 0.9, mrrAt5: 0.85, rejected: 0.75, kinds: { paraphrase: 0.85, spanish: 0.85, mixed: 0.8, entity: 0.95, multi: 0.95, numeric: 0.95 } },
  },
  {
    name: 'fifth blind set',
    file: path.join(PROJECT_ROOT, 'tests/eval/blind-5-queries.json'),
    gate: { hitAt3: 0.88, mrrAt5: 0.8, rejected: 0.85, kinds: { paraphrase: 0.8, spanish: 0.95, mixed: 0.95, entity: 0.95, numeric: 0.95 } },
  },
  {
    name: 'sixth blind set (held out)',
    file: path.join(PROJECT_ROOT, 'tests/eval/blind-6-queries.json'),
    gate: { hitAt3: 0.8, mrrAt5: 0.78, rejected: 0.7, kinds: { paraphrase: 0.6, spanish: 0.95, mixed: 0.95, entity: 0.95, multi: 0.95 } },
  },
  {
    name: 'seventh blind set',
    file: path.join(PROJECT_ROOT, 'tests/eval/blind-7-queries.json'),
    gate: { hitAt3: 0.85, mrrAt5: 0.8, rejected: 0.7, kinds: { paraphrase: 0.75, spanish: 0.85, mixed: 0.95, entity: 0.95, multi: 0.95, numeric: 0.95 } },
  },
  {
    name: 'eighth blind set (held out)',
    file: path.join(PROJECT_ROOT, 'tests/eval/blind-8-queries.json'),
    gate: { hitAt3: 0.9, mrrAt5: 0.85, rejected: 0.7, kinds: { paraphrase: 0.8, spanish: 0.95, mixed: 0.95, entity: 0.95, multi: 0.95, numeric: 0.95 } },
  },
];

const knowledge = loadKnowledge(path.join(PROJECT_ROOT, 'knowledge'));

describe.each(SETS)('search quality on the $name', ({ file, gate }) => {
  it.skipIf(!existsSync(file))(`meets hit@3 ≥ ${gate.hitAt3}, MRR@5 ≥ ${gate.mrrAt5}, rejects ≥ ${gate.rejected * 100}% of out-of-scope queries, and its per-kind floors`, async () => {
    const set = await readEvalSet(file);
    const { documents, aliases, problems } = await knowledge;
    expect(problems).toEqual([]);
    const index = SearchIndex.build(documents, aliases);
    const scores = evaluate('ours', set, (query) => index.search(query, { limit: 5 }).hits.map((hit) => hit.text));
    const kinds = Object.fromEntries(Object.entries(gate.kinds).map(([kind, floor]) => [kind, (scores.kinds[kind]?.hitAt3 ?? 0) >= floor]));
    // The misses are in the message, so a failure says which queries to look at.
    expect({ hitAt3: scores.hitAt3 >= gate.hitAt3, mrrAt5: scores.mrrAt5 >= gate.mrrAt5, rejected: scores.rejected >= gate.rejected, kinds, scores }).toMatchObject({
      hitAt3: true,
      mrrAt5: true,
      rejected: true,
      kinds: Object.fromEntries(Object.keys(gate.kinds).map((kind) => [kind, true])),
    });
  });
});
