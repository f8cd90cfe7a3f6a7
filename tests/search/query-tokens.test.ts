import Fuse from 'fuse.js';
import { describe, expect, it } from 'vitest';
import { queryTokens } from '../../src/search/query-tokens.ts';
import { editDistance, maxTypoEdits, TypoFinder } from '../../src/search/typos.ts';

const read = (query: string) => queryTokens(query).map((token) => [token.key, ...token.also.map((other) => other.key)].join('|'));

describe('query tokens', () => {
  it('drop stop words and the words that frame a question', () => {
    expect(read('what else happened to the kidnapped Americans?')).toEqual(['kidnap', 'american']);
  });

  it('read amounts the way articles write them', () => {
    expect(read('one point two million deaths')).toEqual(['1.2|1200000', 'million', 'death']);
    expect(read('1.2 million deaths')).toEqual(['1.2|1200000', 'million', 'death']);
    expect(read('two hundred forty-three billion dollars')).toEqual(['243|243000000000', 'billion', 'dollar']);
    expect(read('twenty-six thousand pounds')).toEqual(['26000', 'pound']);
    expect(read('26 thousand pounds')).toEqual(['26000|26', 'pound']);
    expect(read('a hundred and fifty people')).toEqual(['150', 'peopl']);
    expect(read('eighty-six point three percent')).toEqual(['86.3']);
    expect(read('500 per cent')).toEqual(['500']);
    expect(read('percent of seizures')).toEqual(['percent', 'seizur']);
    expect(read('in 2029')).toEqual(['2029']);
  });

  it('drop a lone letter and one letter repeated four or more times, but keep two or three (acronyms, numerals)', () => {
    expect(read('e x ZZZZ fentanyl')).toEqual(['fentanyl']);
    expect(read('AA groups, Schedule II and III')).toEqual(['aa', 'group', 'schedul', 'ii', 'iii']);
  });

  it('give the other forms of an irregular verb', () => {
    expect(read('seizures rose')).toEqual(['seizur', 'rose|rise|risen']);
    // A verb at the end of a line of the table is not joined to the first verb of the next.
    expect(read('send')).toEqual(['send|sent']);
    expect(read('buy')).toEqual(['buy|bought']);
  });
});

describe('typo distance', () => {
  it('counts a swap of neighbours as one edit and stops past the limit', () => {
    expect(editDistance('brwon', 'brown', 2)).toBe(1);
    expect(editDistance('cartle', 'cartel', 2)).toBe(1);
    expect(editDistance('ebrad', 'ebrard', 2)).toBe(1);
    expect(editDistance('marijuana', 'tijuana', 2)).toBe(3);
    expect(editDistance('narcan', 'canadian', 2)).toBe(3);
    expect(editDistance('same', 'same', 0)).toBe(0);
  });

  it('allows no edit in words of four letters, one in five, two from six', () => {
    expect([4, 5, 6, 12].map(maxTypoEdits)).toEqual([0, 1, 2, 2]);
  });

  it('finds close words nearest first, not words that merely contain the query word', () => {
    const finder = new TypoFinder(['tijuana', 'brown', 'brows', 'cartel', 'cartels', 'canadian']);
    expect(finder.closeWords('brwon').map((variant) => variant.word)).toEqual(['brown']);
    expect(finder.closeWords('cartle').map((variant) => variant.word)).toEqual(['cartel', 'cartels']);
    expect(finder.closeWords('marijuana')).toEqual([]);
    expect(finder.closeWords('narcan')).toEqual([]);
    expect(finder.closeWords('rain')).toEqual([]);
  });

  it('orders close words at the same distance as fuse.js ranks them among themselves', () => {
    // Many words one or two edits from each query word, so that ties are the rule.
    const vocabulary = ['seizure', 'seizures', 'seized', 'sizes', 'seizes', 'caesar', 'cartel', 'cartels', 'carter', 'martel', 'cartes', 'smuggler', 'smugglers', 'struggle', 'snuggle', 'smuggle'];
    const finder = new TypoFinder(vocabulary);
    for (const word of ['seizurs', 'siezures', 'cartle', 'carel', 'smugler', 'smuglers', 'smuggel']) {
      const edits = maxTypoEdits(word.length);
      // The close words as closeWords reads them: shortest first, then in vocabulary order.
      const close = vocabulary.filter((other) => other !== word && editDistance(word, other, edits) <= edits).sort((a, b) => a.length - b.length);
      // What a Fuse over the close words says of each (the ordering closeWords is meant to follow).
      const fuse = new Map(new Fuse(close, { includeScore: true, threshold: 1, ignoreLocation: true, isCaseSensitive: true }).search(word).map((result) => [result.item, result.score!]));
      const expected = close
        .map((other, order) => ({ other, distance: editDistance(word, other, edits), fuse: fuse.get(other) ?? 1, order }))
        .sort((a, b) => a.distance - b.distance || a.fuse - b.fuse || a.order - b.order)
        .slice(0, 3)
        .map((entry) => entry.other);
      expect(finder.closeWords(word).map((variant) => variant.word), word).toEqual(expected);
    }
  });
});
