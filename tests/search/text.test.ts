import { describe, expect, it } from 'vitest';
import { contentTokens, fold, tokenize, Tokenizer } from '../../src/search/text.ts';

const keys = (text: string) => contentTokens(text).map((token) => token.key);

describe('text normalisation', () => {
  it('folds case, accents and curly quotes so Lopez meets López', () => {
    expect(fold('López Mérida “AMLO”')).toBe('lopez merida "amlo"');
    expect(keys('Lopez')).toEqual(keys('López'));
    expect(keys('MERIDA')).toEqual(keys('Mérida'));
  });

  it('treats U.S., US and us as one word, and keeps it (it is the country here)', () => {
    expect(keys('U.S.')).toEqual(['us']);
    expect(keys('US citizens')[0]).toBe('us');
  });

  it('keeps `use`, `used` and `using` apart from the country (the stemmer takes all three to `us`)', () => {
    expect(keys('use used uses using')).toEqual(['use', 'use', 'use', 'use']);
    expect(keys('drug use in the US')).toEqual(['drug', 'use', 'us']);
  });

  it('writes number words as digits and drops thousands separators', () => {
    expect(keys('two hundred eighty-four people')).toEqual(['284', ...keys('people')]);
    expect(keys('14,100 pounds')[0]).toBe('14100');
    expect(keys('86.3% of traffickers')[0]).toBe('86.3');
  });

  it('treats words that name Object.prototype members (constructor, toString) as ordinary words, not numbers', () => {
    // Folding makes `toString` `tostring`, which no object inherits; every object inherits `constructor`.
    const text = 'The constructor of toString, two constructor valueOf';
    const words = ['constructor', 'tostring', '2', 'constructor', 'valueof'];
    expect(contentTokens(text).map((token) => token.word)).toEqual(words);
    expect(keys('constructor toString')).toEqual(['constructor', 'tostr']);
    // A fresh tokenizer (as the index builds with) reads them the same way.
    expect(new Tokenizer().tokens(text, true).map((token) => token.word)).toEqual(words);
  });

  it('stems so that plural and singular meet, and drops question words', () => {
    expect(keys('which cartels dominate')).toEqual(keys('cartel dominates'));
    expect(keys('how many arrests')).toEqual(keys('arrest'));
  });

  it('keeps offsets into the original text for highlighting', () => {
    const text = 'Ebrard met López Obrador.';
    for (const token of tokenize(text)) expect(fold(text.slice(token.start, token.end)).replace(/\./g, '')).toBe(token.word);
  });
});
