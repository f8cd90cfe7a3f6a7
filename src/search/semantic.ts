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
  private readonly keyVectors: Float32Array;
  /** Key ids that have a vector, in id order. */
  private readonly withVector: Uint32Array;
  private readonly cache = new Map<string, Neighbour[]>();
  private readonly query: Float32Array;
  private readonly scratch: Float32Array;

  constructor(
    private readonly data: IndexData,
    private readonly vectors: WordVectors,
  ) {
    const dimensions = vectors.dimensions;
    const sums = new Float32Array(data.keys.length * dimensions);
    const seen = new Uint8Array(data.keys.length);
    const word = new Float32Array(dimensions);
    for (const [surface, keyId] of data.surfaceKey) {
      if (!vectors.read(surface, word)) continue;
      seen[keyId] = 1;
      const from = keyId * dimensions;
      for (let d = 0; d < dimensions; d += 1) sums[from + d]! += word[d]!;
    }
    const ids: number[] = [];
    for (let keyId = 0; keyId < data.keys.length; keyId += 1) {
      if (!seen[keyId]) continue;
      const from = keyId * dimensions;
      let norm = 0;
      for (let d = 0; d < dimensions; d += 1) norm += sums[from + d]! * sums[from + d]!;
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < dimensions; d += 1) sums[from + d]! /= norm;
      ids.push(keyId);
    }
    this.keyVectors = sums;
    this.withVector = Uint32Array.from(ids);
    this.query = new Float32Array(dimensions);
    this.scratch = new Float32Array(dimensions);
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
      for (const keyId of this.withVector) {
        const from = keyId * dimensions;
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

  /** Cosine similarity of the word (its first known form) to every index key (0 for keys without a vector); undefined when the word has no vector. */
  similarities(forms: readonly string[]): Float32Array | undefined {
    if (!this.readWord(forms)) return undefined;
    const { dimensions } = this.vectors;
    const out = new Float32Array(this.data.keys.length);
    for (const keyId of this.withVector) {
      const from = keyId * dimensions;
      let dot = 0;
      for (let d = 0; d < dimensions; d += 1) dot += this.query[d]! * this.keyVectors[from + d]!;
      out[keyId] = dot;
    }
    return out;
  }

  /** Cosine similarity of two folded words' vectors (0 when either has none). */
  similarity(a: string, b: string): number {
    if (!this.vectors.read(a, this.query) || !this.vectors.read(b, this.scratch)) return 0;
    let dot = 0;
    for (let d = 0; d < this.vectors.dimensions; d += 1) dot += this.query[d]! * this.scratch[d]!;
    return dot;
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
