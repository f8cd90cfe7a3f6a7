/**
 * Curated search terms (front matter `search_terms`): the words people ask with for a paragraph
 * that the paragraph does not use, matched at a lower weight than its own text.
 */
import { describe, expect, it } from 'vitest';
import { toPassages } from '../../src/knowledge/passages.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import { doc } from '../fixtures.ts';

const talks = doc('talks', ['The delegation met senior officials in Washington on Thursday.', 'Arms trafficking was the priority for Mexico in the meeting.'], {
  search_terms: [
    { starts: 'The delegation met', terms: ['sitdown', 'who was at the table'] },
    { starts: 'Arms trafficking', terms: ['top ask', 'guns flowing south'] },
  ],
});
const other = doc('other', ['A sitdown between the two governments is planned for next year.', 'Officials in Washington spoke about trade.']);
const filler = Array.from({ length: 6 }, (_, i) => doc(`filler-${i}`, [`Customs officers inspected ${i + 3} trucks at the crossing.`, `Port number ${i} reported new scanners.`]));
const index = SearchIndex.build([talks, other, ...filler]);

describe('search terms', () => {
  it('gives each passage of a paragraph the terms its first words name', () => {
    expect(toPassages(talks).map((passage) => passage.terms)).toEqual([['sitdown', 'who was at the table'], ['top ask', 'guns flowing south']]);
    expect(toPassages(other)[0]!.terms).toBeUndefined();
  });

  it('finds a paragraph through the words people ask with that it does not use itself, and not without them', () => {
    expect(index.search('what was the top ask').hits[0]?.passageId).toBe('talks#2');
    expect(index.search('guns flowing south').hits[0]?.passageId).toBe('talks#2');
    expect(index.search('guns flowing south', { without: ['terms'] }).total).toBe(0);
  });

  it('ranks a passage that says the word itself before one that has it only as a search term', () => {
    expect(index.search('sitdown').hits.map((hit) => hit.passageId)).toEqual(['other#1', 'talks#1']);
  });

});
