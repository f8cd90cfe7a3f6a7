import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * English word vectors in the compact form `npm run build:vectors` derives (lexicon/README.md):
 * lexicon/word-vectors.bin (int8 unit vectors with a float32 scale each) and
 * lexicon/word-vectors.txt (the words, one a line, in the same order). Read once, on the first
 * query that asks for them; a missing or damaged file leaves the search without vector
 * expansion, says so in one line, and is not read again.
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

  /** The unit vector of a folded English word, written into `out` (length `dimensions`); false when the word has none. */
  read(word: string, out: Float32Array): boolean {
    const row = this.rows.get(word);
    if (row === undefined) return false;
    const scale = this.scales[row]!;
    const from = row * this.dimensions;
    for (let d = 0; d < this.dimensions; d += 1) out[d] = this.values[from + d]! * scale;
    return true;
  }
}

/** Where the one-line notice of a missing or damaged vector file goes (stderr unless set). */
let warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`);
export function setVectorWarning(sink: (line: string) => void): void {
  warn = sink;
}

/** The vectors in two files, or null (with one warning line) when they are missing or invalid. */
export function loadWordVectors(binaryFile: string, wordsFile: string): WordVectors | null {
  try {
    return WordVectors.parse(readFileSync(binaryFile), readFileSync(wordsFile, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : (error as Error).message.split('\n')[0];
    warn(`Word vectors unavailable (${path.relative(ROOT, binaryFile)}: ${reason}); searching without vector expansion.`);
    return null;
  }
}

let shared: WordVectors | null | undefined;
/** The bot's word vectors (lexicon/), read on first use; null when unavailable. */
export function wordVectors(): WordVectors | null {
  if (shared === undefined) shared = loadWordVectors(VECTOR_FILE, VECTOR_WORDS_FILE);
  return shared;
}
