/**
 * Retrieval quality as a gate: the targets of the knowledge-base issue (hit@3 ≥ 0.95,
 * MRR@5 ≥ 0.90, ≥ 90% of out-of-scope queries rejected) on every eval set we have: the shared
 * development set (when ../shared is beside the repo) and our own sets in tests/eval/, written
 * from the knowledge files in the same kinds (keywords, questions, names without accents,
 * abbreviations, typos, numbers as words): a tuning set, and a validation set written without
 * looking at scores, to catch over-fitting. A ranking change that costs quality fails here.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import { loadKnowledge } from '../../src/knowledge/loader.ts';
import { evaluate, readEvalSet } from '../../src/search/evaluation.ts';
import { SearchIndex } from '../../src/search/search-index.ts';

const SETS = [
  { name: 'shared development set', file: path.resolve(PROJECT_ROOT, '../shared/eval/dev-queries.json') },
  { name: 'held-out set', file: path.join(PROJECT_ROOT, 'tests/eval/heldout-queries.json') },
  { name: 'validation set', file: path.join(PROJECT_ROOT, 'tests/eval/validation-queries.json') },
];

describe.each(SETS)('search quality on the $name', ({ file }) => {
  it.skipIf(!existsSync(file))('meets hit@3 ≥ 0.95, MRR@5 ≥ 0.90 and rejects ≥ 90% of out-of-scope queries', async () => {
    const set = await readEvalSet(file);
    const { documents, aliases, problems } = await loadKnowledge(path.join(PROJECT_ROOT, 'knowledge'));
    expect(problems).toEqual([]);
    const index = SearchIndex.build(documents, aliases);
    const scores = evaluate('ours', set, (query) => index.search(query, { limit: 5 }).hits.map((hit) => hit.text));
    // The misses are in the message, so a failure says which queries to look at.
    expect({ hitAt3: scores.hitAt3 >= 0.95, mrrAt5: scores.mrrAt5 >= 0.9, rejected: scores.rejected >= 0.9, scores }).toMatchObject({
      hitAt3: true,
      mrrAt5: true,
      rejected: true,
    });
  });
});
