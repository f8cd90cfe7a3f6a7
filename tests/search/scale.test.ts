/**
 * The search at scale, by behaviour (no timings: `npm run bench` measures those).
 * A few thousand synthetic passages drawn from the fixtures' own vocabulary, so the
 * real words are common in the filler, the case the candidate pruning must get right.
 */
import { describe, expect, it } from 'vitest';
import { syntheticDocuments } from '../../scripts/bench/corpus.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import { contentTokens, tokenize, Tokenizer } from '../../src/search/text.ts';
import { referenceContentTokens, referenceTokenize } from './reference-tokens.ts';
import { maxTypoEdits, TypoFinder } from '../../src/search/typos.ts';
import { corpus, realAliases } from '../fixtures.ts';

const documents = [...corpus, ...syntheticDocuments(3_000, corpus)];
const index = SearchIndex.build(documents, realAliases);
const top = (query: string) => index.search(query, { limit: 5 }).hits[0]?.passageId;

const QUERIES = [
  'Lopez Obrador',
  'AMLO',
  'CJNG precursors',
  'Sinaloa cartle',
  'Mariposa port of entyr',
  'two hundred eighty four people arrested',
  'how many people were arrested in the first two months?',
  'hidden compartments in cars',
  'fentanyl',
  'fentanyl Mexico border',
  'US citizens',
  'Nogalse smugglign',
  'how to train a puppy',
  '!Nogales',
  '',
];

const snapshot = (target: SearchIndex) =>
  QUERIES.map((query) => ({
    page: target.search(query, { limit: 10 }),
    deep: target.search(query, { limit: 5, offset: 48 }),
    didYouMean: target.didYouMean(query),
  }));

describe('search at scale', () => {
  it('still puts the right passage first among thousands of passages made of the same words', () => {
    expect(index.passages.length).toBe(3_000);
    expect(top('Lopez Obrador')).toBe('mexico-politics#1');
    expect(top('AMLO')).toBe('mexico-politics#1');
    expect(top('Mariposa port of entry Nogales')).toBe('border-seizures#2');
    expect(top('Operation Blue Lotus')).toBe('border-seizures#2');
    expect(top('precursors from China')).toBe('mexico-politics#2');
    expect(top('the Mexican government')).toBe('mexico-politics#3');
    expect(top('US citizens')).toBe('vehicles#1');
    expect(top('two hundred eighty four people arrested')).toBe('border-seizures#3');
    expect(top('hidden compartments of vehicles')).toBe('vehicles#1');
  });

  it('answers a common word with many passages, paged consistently past the re-ranked top', () => {
    const all = index.search('cartel', { limit: 70 });
    expect(all.total).toBeGreaterThan(70);
    expect(all.documents).toBeGreaterThan(1);
    const pages = [0, 10, 20, 30, 40, 50, 60].flatMap((offset) => index.search('cartel', { limit: 10, offset }).hits);
    expect(pages.map((hit) => hit.passageId)).toEqual(all.hits.map((hit) => hit.passageId));
    expect(pages.map((hit) => hit.rank)).toEqual(all.hits.map((_, i) => i + 1));
    const scores = all.hits.slice(50).map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('still rejects what the knowledge base does not cover', () => {
    for (const query of ['how to train a puppy', 'python list comprehension']) expect(index.search(query).total, query).toBe(0);
  });

  it('counts words and lists frequent ones from the compact postings', () => {
    const words = index.frequentWords(20);
    expect(words).toHaveLength(20);
    for (let i = 1; i < words.length; i += 1) {
      const [a, b] = [words[i - 1]!, words[i]!];
      expect(a.passages > b.passages || (a.passages === b.passages && a.word.localeCompare(b.word) < 0)).toBe(true);
    }
    expect(index.documentFrequency(words[0]!.word)).toBe(words[0]!.passages);
    expect(index.documentFrequency('zzzyzx')).toBe(0);
  });
});

describe('buildAsync', () => {
  it('gives the same index as build', async () => {
    const built = await SearchIndex.buildAsync(documents, realAliases, { sliceMs: 1 });
    expect(built.passages.length).toBe(index.passages.length);
    expect(snapshot(built)).toEqual(snapshot(index));
    expect(built.frequentWords(50)).toEqual(index.frequentWords(50));
    expect(built.topics()).toEqual(index.topics());
  });

  it('lets the event loop run while it builds', async () => {
    let turns = 0;
    const ticker = setInterval(() => (turns += 1), 0);
    try {
      await SearchIndex.buildAsync(documents, realAliases, { sliceMs: 0 });
    } finally {
      clearInterval(ticker);
    }
    expect(turns).toBeGreaterThan(1);
  });

  it('stops when its signal aborts, before or during the build', async () => {
    await expect(SearchIndex.buildAsync(documents, realAliases, { signal: AbortSignal.abort(new Error('gone')) })).rejects.toThrow('gone');
    const controller = new AbortController();
    const building = SearchIndex.buildAsync(documents, realAliases, { signal: controller.signal, sliceMs: 0 });
    setImmediate(() => controller.abort(new Error('newer reload')));
    await expect(building).rejects.toThrow('newer reload');
  });

  it('accepts an AliasFile or an AliasTable, and an empty knowledge base', async () => {
    const fromTable = await SearchIndex.buildAsync(corpus, index.aliases);
    expect(fromTable.search('AMLO').hits[0]?.passageId).toBe('mexico-politics#1');
    const empty = await SearchIndex.buildAsync([]);
    expect(empty.search('anything')).toMatchObject({ hits: [], total: 0 });
  });
});

describe('the tokenizer (one for index and queries)', () => {
  const tricky = [
    'U.S. U.S.A. e.g., a.m. U.S.Army É.U. U.É. x.y 3D 2021abc abc123.45 1,000.5 12½ ½ 1.2.3 1,,2 1., ,1',
    'one two hundred and five thousand, twenty-one and a half, eighty six percent, a million and one',
    'López-Obrador, Mérida; ﬁve ñandú 東京 ٣٤ straße ǅ — “quoted” ‘single’ … 14,100 86.3% constructor toString',
    'A.B.C.d and THREE Hundred',
    // Combining marks: an NFD accent inside a word, a dotted abbreviation, a keycap, a stack on each letter, marks alone.
    'Me\u0301rida E\u0301.U\u0301. 1\uFE0F\u20E3 z\u0315\u031ba\u0340\u0341l\u0358g\u0321o \u0301\u0302 x\u200B\u0301y',
  ];

  it('gives exactly the tokens and offsets of a plain reading of the token pattern', () => {
    const texts = [...tricky, ...documents.slice(0, 200).flatMap((document) => document.paragraphs)];
    for (const text of texts) {
      expect(tokenize(text), text.slice(0, 80)).toEqual(referenceTokenize(text));
      expect(contentTokens(text), text.slice(0, 80)).toEqual(referenceContentTokens(text));
    }
  });

  it('gives the same tokens from a fresh tokenizer and from one that has seen the text before', () => {
    const text = tricky.join(' ');
    const fresh = new Tokenizer();
    expect(fresh.tokens(text, false)).toEqual(referenceTokenize(text));
    expect(fresh.tokens(text, false)).toEqual(referenceTokenize(text));
  });

  it('gives the same keys through the id path the index uses', () => {
    const tokenizer = new Tokenizer();
    const keys: string[] = [];
    const resolve = (_word: string, key: string) => {
      const id = keys.indexOf(key);
      return id >= 0 ? id : keys.push(key) - 1;
    };
    for (const text of [...tricky, ...corpus.flatMap((document) => document.paragraphs)]) {
      const count = tokenizer.keys(text, resolve);
      expect(Array.from(tokenizer.ids.subarray(0, count), (id) => keys[id])).toEqual(referenceContentTokens(text).map((token) => token.key));
    }
  });
});

describe('typo variants', () => {
  /** Optimal string alignment distance, the textbook way: the reference the banded version must equal. */
  const reference = (a: string, b: string): number => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= a.length; i += 1) {
      for (let j = 1; j <= b.length; j += 1) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
      }
    }
    return d[a.length]![b.length]!;
  };

  it('are exactly the vocabulary words within the allowed edits, nearest first', () => {
    const vocabulary = [...new Set(documents.slice(0, 80).flatMap((document) => contentTokens(document.paragraphs.join(' ')).map((token) => token.word)))].filter((word) =>
      /^\p{L}{4,}$/u.test(word),
    );
    const finder = new TypoFinder(vocabulary);
    const typos = ['cartle', 'fentanly', 'nogalse', 'smugglign', 'seizrues', 'arizonna', 'mexcio', 'opertaion', 'zzzz', 'aaaaaaaaaa'];
    for (const word of vocabulary.slice(0, 80)) typos.push(word.slice(1), `${word}s`, word.slice(0, -2) + word.slice(-1));
    for (const word of typos) {
      const edits = maxTypoEdits(word.length);
      // The distance is at least the difference in length: those candidates need no table (the set is the same, found faster).
      const expected = vocabulary.filter((candidate) => candidate !== word && Math.abs(candidate.length - word.length) <= edits && reference(word, candidate) <= edits);
      const found = finder.closeWords(word, Number.POSITIVE_INFINITY);
      expect(found.map((variant) => variant.word).sort(), word).toEqual([...expected].sort());
      expect(found.map((variant) => variant.score), word).toEqual(found.map((variant) => variant.score).sort((x, y) => x - y));
    }
    // About 10 s alone; a loaded 2-core machine has taken it past 20 s.
  }, 60_000);
});
