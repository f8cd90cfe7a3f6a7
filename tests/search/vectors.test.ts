import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AliasTable } from '../../src/search/aliases.ts';
import { buildIndexData } from '../../src/search/inverted-index.ts';
import { SearchIndex } from '../../src/search/search-index.ts';
import { VectorVocabulary } from '../../src/search/semantic.ts';
import { loadWordVectors, setVectorLog, VECTOR_FILE, VECTOR_WORDS_FILE, WordVectors } from '../../src/search/vectors.ts';
import { corpus, doc } from '../fixtures.ts';

/** A word-vector file pair in the layout `npm run build:vectors` writes. */
function writeVectors(dir: string, words: string[], vectors: number[][]): { binary: string; list: string } {
  const dimensions = vectors[0]!.length;
  const buffer = Buffer.alloc(16 + words.length * 4 + words.length * dimensions);
  buffer.write('WVEC', 0, 'latin1');
  buffer.writeUInt32LE(1, 4);
  buffer.writeUInt32LE(words.length, 8);
  buffer.writeUInt32LE(dimensions, 12);
  vectors.forEach((vector, row) => {
    const norm = Math.hypot(...vector);
    const scale = Math.max(...vector.map((value) => Math.abs(value / norm))) / 127;
    buffer.writeFloatLE(scale, 16 + row * 4);
    vector.forEach((value, d) => buffer.writeInt8(Math.round(value / norm / scale), 16 + words.length * 4 + row * dimensions + d));
  });
  const binary = path.join(dir, 'v.bin');
  const list = path.join(dir, 'v.txt');
  writeFileSync(binary, buffer);
  writeFileSync(list, `${words.join('\n')}\n`);
  return { binary, list };
}

// What the bot's logger would get: the message line, and the file and reason as fields.
const warnings: string[] = [];
const warningFields: { file: string; reason: string }[] = [];
setVectorLog({
  warn: (fields, message) => {
    warnings.push(message);
    warningFields.push(fields);
  },
});
afterEach(() => {
  warnings.length = 0;
  warningFields.length = 0;
});

describe('the compact word-vector file', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vectors-'));

  it('loads a valid pair: each word its unit vector', () => {
    const { binary, list } = writeVectors(dir, ['cartel', 'gang', 'coffee'], [[3, 4, 0], [3, 3.9, 0.5], [0, 0, 1]]);
    const vectors = loadWordVectors(binary, list)!;
    expect(vectors.size).toBe(3);
    const out = new Float32Array(3);
    expect(vectors.read('cartel', out)).toBe(true);
    expect(out[0]).toBeCloseTo(0.6, 2);
    expect(out[1]).toBeCloseTo(0.8, 2);
    expect(vectors.read('fentanyl', out)).toBe(false);
    expect(warnings).toEqual([]);
  });

  it('refuses a truncated file with one clear line, no exception', () => {
    const { binary, list } = writeVectors(dir, ['cartel', 'gang'], [[1, 0], [0, 1]]);
    writeFileSync(binary, readFileSync(binary).subarray(0, 20));
    expect(loadWordVectors(binary, list)).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Word vectors unavailable \(.*truncated or damaged\); searching without vector expansion\.$/);
    expect(warningFields[0]).toEqual({ file: expect.stringMatching(/v\.bin$/), reason: expect.stringContaining('truncated or damaged') });
  });

  it('refuses a file that is not a vector file, a word list that disagrees, and a missing file', () => {
    const { binary, list } = writeVectors(dir, ['cartel', 'gang'], [[1, 0], [0, 1]]);
    writeFileSync(list, 'cartel\n');
    expect(loadWordVectors(binary, list)).toBeNull();
    writeFileSync(list, 'cartel\ngang\n');
    const damaged = Buffer.from(readFileSync(binary));
    damaged.write('JUNK', 0, 'latin1');
    writeFileSync(binary, damaged);
    expect(loadWordVectors(binary, list)).toBeNull();
    expect(loadWordVectors(path.join(dir, 'absent.bin'), list)).toBeNull();
    expect(warnings).toEqual([
      expect.stringContaining('the word list has 1 words, the vectors 2'),
      expect.stringContaining('bad magic'),
      expect.stringContaining('absent.bin: missing'),
    ]);
  });

  it('is the one in lexicon/, valid', () => {
    const vectors = WordVectors.parse(readFileSync(VECTOR_FILE), readFileSync(VECTOR_WORDS_FILE, 'utf8'));
    expect(vectors.size).toBeGreaterThan(50_000);
    expect(vectors.has('trafficking')).toBe(true);
  });
});

describe('the knowledge base words near a query word', () => {
  // 300 made-up words with random 20-dimension vectors; half of them make up the knowledge base.
  let seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648) * 2 - 1;
  const letters = 'bcdfghjklmnprstvz';
  const words = Array.from({ length: 300 }, (_, i) => `q${letters[i % 17]}${letters[Math.floor(i / 17) % 17]}o${letters[Math.floor(i / 289)]}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'near-'));
  const { binary, list } = writeVectors(dir, words, words.map(() => Array.from({ length: 20 }, random)));
  const vectors = loadWordVectors(binary, list)!;
  const steps = buildIndexData([doc('made-up', Array.from({ length: 15 }, (_, p) => words.slice(p * 10, p * 10 + 10).join(' ')))], new AliasTable({ groups: [] }));
  let step = steps.next();
  while (!step.done) step = steps.next();
  const data = step.value;
  const building = VectorVocabulary.build(data, vectors);
  let built = building.next();
  while (!built.done) built = building.next();
  const vocabulary = built.value;

  /** Every key's mean unit vector compared with the word's, in plain double arithmetic. */
  function plainNeighbours(word: string, limit: number, threshold: number): { key: string; similarity: number }[] {
    const query = new Float32Array(20);
    vectors.read(word, query);
    const sums = new Map<number, number[]>();
    const one = new Float32Array(20);
    for (const [surface, keyId] of data.surfaceKey) {
      if (!vectors.read(surface, one)) continue;
      const sum = sums.get(keyId) ?? new Array<number>(20).fill(0);
      one.forEach((value, d) => (sum[d]! += value));
      sums.set(keyId, sum);
    }
    return [...sums]
      .map(([keyId, sum]) => ({ key: data.keys[keyId]!, similarity: sum.reduce((dot, value, d) => dot + value * query[d]!, 0) / Math.hypot(...sum) }))
      .filter((neighbour) => neighbour.similarity >= threshold)
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, limit);
  }

  it('are the most similar keys above the bar, as a plain comparison with every key finds them', () => {
    let found = 0;
    for (const word of words) {
      for (const [limit, threshold] of [[5, 0.3], [3, 0.5], [10, 0.1]] as const) {
        const near = vocabulary.neighbours([word], limit, threshold);
        const plain = plainNeighbours(word, limit, threshold);
        expect(near.map((neighbour) => neighbour.key), word).toEqual(plain.map((neighbour) => neighbour.key));
        near.forEach((neighbour, i) => expect(neighbour.similarity).toBeCloseTo(plain[i]!.similarity, 5));
        found += near.length;
      }
    }
    // The comparison means something: many words have near keys, and the lists are often full.
    expect(found).toBeGreaterThan(1_000);
  });

  it('looks a word up by its first form with a vector, and finds nothing for a word with none', () => {
    expect(vocabulary.neighbours(['qzzzz', words[3]!], 5, 0.3)).toEqual(vocabulary.neighbours([words[3]!], 5, 0.3));
    expect(vocabulary.neighbours(['qzzzz'], 5, 0.3)).toEqual([]);
  });
});

describe('search with word vectors', () => {
  const index = SearchIndex.build([
    ...corpus,
    doc('hearing', [
      'Republican senators criticized the border security plan at the hearing on Tuesday.',
      'Officials criticized the border security plan at the hearing on Tuesday.',
    ]),
  ]);
  const order = (query: string, without: 'vectors'[] = []) => index.search(query, { limit: 5, without }).hits.map((hit) => hit.passageId);

  it('ranks first, among the answers, the passage holding a word near in meaning to the query’s', () => {
    expect(order('GOP criticized the border security plan at the hearing')[0]).toBe('hearing#1');
    expect(order('GOP criticized the border security plan at the hearing', ['vectors'])[0]).toBe('hearing#2');
  });

  it('does not answer a question through near words alone (`cocaine` is near `heroin`)', () => {
    const drugs = SearchIndex.build([...corpus, doc('heroin', ['Heroin routes through Colombia and Venezuela were closed by the navy.'])]);
    expect(drugs.search('cocaine routes').total).toBe(0);
    expect(drugs.search('heroin routes').total).toBeGreaterThan(0);
  });
});
