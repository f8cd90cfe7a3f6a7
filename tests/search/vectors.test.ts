import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SearchIndex } from '../../src/search/search-index.ts';
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

const warnings: string[] = [];
setVectorLog({ warn: (_fields, message) => warnings.push(message) });
afterEach(() => {
  warnings.length = 0;
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
