import Fuse from 'fuse.js';
import { describe, expect, it } from 'vitest';
import { blendFuseScores, fuseMissing, literal } from '../../src/search/fuse-rerank.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import { doc } from '../fixtures.ts';

const NAME_ONLY = 'Operation Blue Lotus began at the ports.';
const ARRESTED =
  'In the first two months of Operation Blue Lotus, more than 10,000 pounds of the opioid were seized at ports of entry in Arizona, and 284 people were arrested, according to a June release from the agency.';
const lotus = [
  doc('lotus', [NAME_ONLY, ARRESTED, 'Arrests rose across the region.']),
  doc('ports', ['Seizures of fentanyl at ports of entry rose again this year, officials said.', 'Fentanyl crossed the border hidden in cars.']),
];

describe('fuse.js in ranking', () => {
  it('puts first the passage that holds the words of the question, where BM25 alone preferred the short one', () => {
    // BM25 × coverage scores the short passage 3.25 and the one that answers 2.91: the short one
    // has the operation's name in fewer words, and its article mentions arrests elsewhere
    // (document credit). fuse.js finds `arrests` (as `arrested`) only in the longer one.
    const index = SearchIndex.build(lotus);
    const result = index.search('how many arrests in Operation Blue Lotus');
    expect(result.hits.map((hit) => hit.passageId)).toEqual(['lotus#2', 'lotus#1']);
    // The answers themselves (the relevance cut-off) are ours; fuse.js only orders them.
    expect(result.total).toBe(2);
  });

  it('scores what it cannot find of the query, by weight, fuzzily', () => {
    const concepts = [
      { spellings: ['arrests'], weight: 1 },
      { spellings: ['blue lotus'], weight: 1 },
    ];
    const [nameOnly, arrested] = fuseMissing([NAME_ONLY, ARRESTED], concepts);
    expect(nameOnly).toBeCloseTo(0.5, 2); // `arrests` not there at all
    expect(arrested).toBeGreaterThan(0.01); // `arrested`: close, not verbatim
    expect(arrested).toBeLessThan(0.15);
    const answers = [
      { passage: 0, score: 3.25 },
      { passage: 1, score: 2.91 },
    ];
    blendFuseScores(answers, concepts, (passage) => [NAME_ONLY, ARRESTED][passage]!);
    expect(answers[1]!.score).toBeGreaterThan(answers[0]!.score);
  });

  it('counts an alias name found verbatim as the concept found', () => {
    const [missing] = fuseMissing(['Andrés Manuel López Obrador spoke on Monday.'], [{ spellings: ['amlo', 'AMLO', 'López Obrador'], weight: 2 }]);
    expect(missing).toBeCloseTo(0.001, 3);
  });

  it('treats user text as literal words: no extended-search operator reaches fuse.js', () => {
    expect(literal('!fentanyl')).toBe('fentanyl');
    expect(literal("'=x")).toBe('x');
    expect(literal('^Nogales$ | "cartel"')).toBe('nogales cartel');
    expect(literal('86.3%')).toBe('86.3');
    expect(literal('Felbab-Brown, U.S.')).toBe('felbab brown u s');
    const texts = ['No mention of the drug here.', 'Fentanyl crossed the border.'];
    // What is at stake: with extended search, `!fentanyl` finds the passages without fentanyl.
    expect(new Fuse(texts, { useExtendedSearch: true }).search('!fentanyl').map((result) => result.item)).toEqual([texts[0]]);
    for (const spelling of ['!fentanyl', "'=fentanyl", '=fentanyl', '^fentanyl', 'fentanyl$']) {
      const [without, withIt] = fuseMissing(texts, [{ spellings: [spelling], weight: 1 }]);
      expect(without, spelling).toBe(1);
      expect(withIt, spelling).toBeLessThan(0.01);
    }
  });

  it('answers `!fentanyl` and `\'=fentanyl` as `fentanyl`, never with the passages that lack it', () => {
    const index = SearchIndex.build(lotus);
    const plain = index.search('fentanyl', { limit: 10 }).hits.map((hit) => hit.passageId);
    expect(plain).toEqual(['ports#2', 'ports#1']);
    for (const query of ['!fentanyl', "'=fentanyl", '!fentanyl arrests']) {
      const hits = index.search(query, { limit: 10 }).hits;
      for (const hit of hits) expect(hit.text.toLowerCase(), query).toContain('fentanyl');
    }
    expect(index.search('!fentanyl', { limit: 10 }).hits.map((hit) => hit.passageId)).toEqual(plain);
    expect(index.search("'=fentanyl", { limit: 10 }).hits.map((hit) => hit.passageId)).toEqual(plain);
  });
});
