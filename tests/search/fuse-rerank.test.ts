import Fuse from 'fuse.js';
import { describe, expect, it } from 'vitest';
import { bitapScore, blendFuseScores, fuseMissing, literal } from '../../src/search/fuse-rerank.ts';
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
    // (Not `how many arrests…`: the short passage holds no figure, and would not be an answer at all.)
    const result = index.search('arrests in Operation Blue Lotus');
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

  it('scores a misspelled or missing word exactly as fuse.js does, though bitap reads only where a match can be', () => {
    // Words of the texts with up to three random edits, at every length fuse.js reads whole:
    // reading only the stretches a match can lie in (`matchStretches`) must give fuse.js's own
    // score over the whole text every time, matched or not.
    const short = [ARRESTED, NAME_ONLY, 'Seizures of fentanyl at ports of entry rose again this year, officials said.'];
    // And all three as one text: a pattern's pieces then occur far apart, in stretches bitap reads apart.
    const texts = [...short, short.join(' ')].map(literal);
    const words = texts.join(' ').split(' ');
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const edit = (word: string) => {
      const at = random(word.length + 1);
      const letter = 'abcdefghijklmnopqrstuvwxyz'[random(26)]!;
      const kind = random(3);
      return kind === 0 ? word.slice(0, at) + letter + word.slice(at) : kind === 1 ? word.slice(0, at) + word.slice(at + 1) : word.slice(0, at) + letter + word.slice(at + 1);
    };
    let matched = 0;
    let unmatched = 0;
    for (let trial = 0; trial < 3_000; trial += 1) {
      // One to four neighbouring words, so patterns run from a few letters to past 32.
      const first = random(words.length);
      let pattern = words.slice(first, first + 1 + random(4)).join(' ');
      for (let edits = random(4); edits > 0; edits -= 1) pattern = edit(pattern);
      if (!pattern) continue;
      for (const text of texts) {
        const result = Fuse.match(pattern, text, { ignoreLocation: true, isCaseSensitive: true, ignoreDiacritics: false, threshold: 0.2, useExtendedSearch: false, useTokenSearch: false });
        const expected = result.isMatch ? result.score : 1;
        expect(bitapScore(pattern, text), `${pattern} in ${text}`).toBe(expected);
        if (result.isMatch) matched += 1;
        else unmatched += 1;
      }
    }
    // Matches and misses were both tried.
    expect(matched).toBeGreaterThan(500);
    expect(unmatched).toBeGreaterThan(500);
  });
});
