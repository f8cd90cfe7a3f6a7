import type { IndexData } from './inverted-index.ts';
import { wordVectors, type WordVectors } from './vectors.ts';

/**
 * Words of the knowledge base near a query word in meaning (word vectors, vectors.ts): each
 * index key gets the mean unit vector of the surface words indexed under it (`seizures`,
 * `seizure` → `seizur`), computed once per index on the first query that needs it; a query
 * word's neighbours are the keys with the highest cosine similarity, remembered per word.
 */

export interface Neighbour {
  key: string;
  similarity: number;
}

/** Neighbour look-ups remembered per index. */
const CACHE_SIZE = 2_048;

export class VectorVocabulary {
  /** Unit vectors of the keys that have one, a row each, in key-id order (`rowKeys`). */
  private readonly keyVectors: Float32Array;
  private readonly rowKeys: Uint32Array;
  private readonly cache = new Map<string, Neighbour[]>();
  private readonly query: Float32Array;

  constructor(
    private readonly data: IndexData,
    private readonly vectors: WordVectors,
  ) {
    const dimensions = vectors.dimensions;
    // Row of each key with a vector (rows only for those: most keys of a large index have none).
    const rowOf = new Int32Array(data.keys.length).fill(-1);
    const ids: number[] = [];
    for (const [surface, keyId] of data.surfaceKey) {
      if (rowOf[keyId] === -1 && vectors.has(surface)) {
        rowOf[keyId] = 0;
        ids.push(keyId);
      }
    }
    ids.sort((a, b) => a - b);
    ids.forEach((keyId, row) => (rowOf[keyId] = row));
    const sums = new Float32Array(ids.length * dimensions);
    const word = new Float32Array(dimensions);
    for (const [surface, keyId] of data.surfaceKey) {
      const row = rowOf[keyId]!;
      if (row < 0 || !vectors.read(surface, word)) continue;
      const from = row * dimensions;
      for (let d = 0; d < dimensions; d += 1) sums[from + d]! += word[d]!;
    }
    for (let row = 0; row < ids.length; row += 1) {
      const from = row * dimensions;
      let norm = 0;
      for (let d = 0; d < dimensions; d += 1) norm += sums[from + d]! * sums[from + d]!;
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < dimensions; d += 1) sums[from + d]! /= norm;
    }
    this.keyVectors = sums;
    this.rowKeys = Uint32Array.from(ids);
    this.query = new Float32Array(dimensions);
  }

  /** The unit vector of a folded word, or of the first of `forms` the vectors know; false when none. */
  private readWord(forms: readonly string[]): boolean {
    for (const form of forms) if (this.vectors.read(form, this.query)) return true;
    return false;
  }

  /** Up to `limit` index keys at least `threshold` similar to the word (its first known form), most similar first. */
  neighbours(forms: readonly string[], limit: number, threshold: number): Neighbour[] {
    const cacheKey = `${forms.join(' ')}\u0000${limit}\u0000${threshold}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const found: Neighbour[] = [];
    if (this.readWord(forms)) {
      const { dimensions } = this.vectors;
      const q = this.query;
      const best: { keyId: number; similarity: number }[] = [];
      for (let row = 0; row < this.rowKeys.length; row += 1) {
        const keyId = this.rowKeys[row]!;
        const from = row * dimensions;
        let dot = 0;
        for (let d = 0; d < dimensions; d += 1) dot += q[d]! * this.keyVectors[from + d]!;
        if (dot < threshold || (best.length === limit && dot <= best[limit - 1]!.similarity)) continue;
        let at = best.length === limit ? limit - 1 : best.length;
        while (at > 0 && best[at - 1]!.similarity < dot) {
          best[at] = best[at - 1]!;
          at -= 1;
        }
        best[at] = { keyId, similarity: dot };
      }
      for (const { keyId, similarity } of best) found.push({ key: this.data.keys[keyId]!, similarity });
    }
    if (this.cache.size >= CACHE_SIZE) this.cache.clear();
    this.cache.set(cacheKey, found);
    return found;
  }
}

const vocabularies = new WeakMap<IndexData, VectorVocabulary | null>();

/** The vector vocabulary of an index, built on first use; null without word vectors. */
export function vectorVocabulary(data: IndexData, vectors: WordVectors | null = wordVectors()): VectorVocabulary | null {
  let vocabulary = vocabularies.get(data);
  if (vocabulary === undefined) {
    vocabulary = vectors ? new VectorVocabulary(data, vectors) : null;
    vocabularies.set(data, vocabulary);
  }
  return vocabulary;
}
