import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * English word vectors in the compact form `npm run build:vectors` derives (lexicon/README.md):
 * lexicon/word-vectors.bin (int8 unit vectors with a float32 scale each) and
 * lexicon/word-vectors.txt (the words, one a line, in the same order). Read once, when the first
 * index is built (semantic.ts builds each index's vector vocabulary with it); a missing or damaged
 * file leaves the search without vector expansion, says so in one line, and is not read again.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
export const VECTOR_FILE = path.join(ROOT, 'lexicon', 'word-vectors.bin');
export const VECTOR_WORDS_FILE = path.join(ROOT, 'lexicon', 'word-vectors.txt');
export const VECTOR_MAGIC = 'WVEC';
export const VECTOR_VERSION = 1;
const HEADER = 16;
const MAX_DIMENSIONS = 1_000;
const MAX_WORDS = 2_000_000;

export class WordVectors {
  private constructor(
    readonly dimensions: number,
    private readonly rows: Map<string, number>,
    private readonly scales: Float32Array,
    private readonly values: Int8Array,
  ) {}

  get size(): number {
    return this.rows.size;
  }

  /**
   * Vectors from the two files' contents; throws an Error with a one-line reason when they
   * do not form a valid pair (wrong magic or version, sizes that disagree, bad scales, bad words).
   */
  static parse(binary: Uint8Array, wordList: string): WordVectors {
    if (binary.length < HEADER) throw new Error('too short for its header');
    const view = new DataView(binary.buffer, binary.byteOffset, binary.length);
    const magic = String.fromCharCode(binary[0]!, binary[1]!, binary[2]!, binary[3]!);
    if (magic !== VECTOR_MAGIC) throw new Error('not a word-vector file (bad magic)');
    const version = view.getUint32(4, true);
    if (version !== VECTOR_VERSION) throw new Error(`version ${version}, expected ${VECTOR_VERSION}`);
    const count = view.getUint32(8, true);
    const dimensions = view.getUint32(12, true);
    if (count === 0 || count > MAX_WORDS || dimensions === 0 || dimensions > MAX_DIMENSIONS) throw new Error(`implausible size: ${count} words × ${dimensions} dimensions`);
    const expected = HEADER + count * 4 + count * dimensions;
    if (binary.length !== expected) throw new Error(`${binary.length} bytes where ${count} words × ${dimensions} dimensions need ${expected}: truncated or damaged`);
    const words = wordList.split('\n');
    if (words.at(-1) === '') words.pop();
    if (words.length !== count) throw new Error(`the word list has ${words.length} words, the vectors ${count}`);
    const scales = new Float32Array(count);
    for (let row = 0; row < count; row += 1) {
      const scale = view.getFloat32(HEADER + row * 4, true);
      if (!(scale > 0 && scale < 1)) throw new Error(`bad scale for word ${row + 1}`);
      scales[row] = scale;
    }
    const rows = new Map<string, number>();
    words.forEach((word, row) => {
      if (!/^[a-z][a-z'-]{0,40}$/.test(word)) throw new Error(`word ${row + 1} is not a plain lower-case word`);
      rows.set(word, row);
    });
    const values = new Int8Array(binary.buffer, binary.byteOffset + HEADER + count * 4, count * dimensions);
    return new WordVectors(dimensions, rows, scales, values);
  }

  has(word: string): boolean {
    return this.rows.has(word);
  }

  /** The row of a folded English word, or -1 when it has no vector. */
  rowOf(word: string): number {
    return this.rows.get(word) ?? -1;
  }

  /** The unit vector of a row (from `rowOf`), written into `out` (length `dimensions`). */
  readRow(row: number, out: Float32Array): void {
    const scale = this.scales[row]!;
    const from = row * this.dimensions;
    for (let d = 0; d < this.dimensions; d += 1) out[d] = this.values[from + d]! * scale;
  }

  /** The unit vector of a folded English word, written into `out` (length `dimensions`); false when the word has none. */
  read(word: string, out: Float32Array): boolean {
    const row = this.rows.get(word);
    if (row === undefined) return false;
    this.readRow(row, out);
    return true;
  }
}

/** What the notice of a missing or damaged vector file is written to: the bot's pino logger fits. */
export interface VectorLog {
  warn(fields: { file: string; reason: string }, message: string): void;
}

/** Until the bot sets its logger (setVectorLog), the notice is one plain line on stderr (the CLI's case). */
const STDERR_LOG: VectorLog = { warn: (_fields, message) => process.stderr.write(`${message}\n`) };
let log: VectorLog = STDERR_LOG;
/** Where the notice of a missing or damaged vector file goes from now on (the bot passes its pino logger). */
export function setVectorLog(sink: VectorLog): void {
  log = sink;
}

/** The vectors in two files, or null (with one warning line) when they are missing or invalid. */
export function loadWordVectors(binaryFile: string, wordsFile: string): WordVectors | null {
  try {
    return WordVectors.parse(readFileSync(binaryFile), readFileSync(wordsFile, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : (error as Error).message.split('\n')[0]!;
    const file = path.relative(ROOT, binaryFile);
    log.warn({ file, reason }, `Word vectors unavailable (${file}: ${reason}); searching without vector expansion.`);
    return null;
  }
}

let shared: WordVectors | null | undefined;
/** The bot's word vectors (lexicon/), read on first use; null when unavailable or switched off. */
export function wordVectors(): WordVectors | null {
  if (shared === undefined) shared = loadWordVectors(VECTOR_FILE, VECTOR_WORDS_FILE);
  return shared;
}

/**
 * This process searches without word vectors: the files are not read and indexes get no vector
 * vocabulary (the benchmark's `ours-no-vectors`, so its memory and build time are those of a
 * search without them).
 */
export function disableWordVectors(): void {
  shared = null;
}
