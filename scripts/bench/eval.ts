/** The eval section: our retrieval quality on the real knowledge base, so a speed change that costs quality shows in the same run. */
import { evaluate, formatScores, readEvalSet } from '../../src/search/evaluation.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import type { BenchContext, Section, SectionOutput } from './section.ts';

export const evalSection: Section = {
  title: 'Retrieval quality on the real knowledge base (development set)',
  async run({ options, documents, aliases }: BenchContext): Promise<SectionOutput> {
    const set = await readEvalSet(options.evalSet);
    const index = SearchIndex.build(documents, aliases);
    const scores = evaluate('ours', set, (query) => index.search(query, { limit: 5 }).hits.map((hit) => hit.text));
    const text = `${set.queries.length} queries + ${set.out_of_scope.length} out-of-scope, ${index.passages.length} passages\n${formatScores([scores])}`;
    return { text, json: { eval: { ...scores, queries: set.queries.length, outOfScope: set.out_of_scope.length, passages: index.passages.length } } };
  },
};
