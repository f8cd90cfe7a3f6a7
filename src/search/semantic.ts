import type { IndexData } from './inverted-index.ts';
import { wordVectors, type WordVectors } from './vectors.ts';

/**
 * Words of the knowledge base near a query word in meaning (word vectors, vectors.ts): each
 * index key gets the mean unit vector of the surface words indexed under it (`seizures`,
 * `seizure` → `seizur`), computed with the index (SearchIndex.build / buildAsync, in slices
 * like the rest of the build) so no query pays for it; a query word's neighbours are the keys
 * with the highest cosine similarity, remembered per word and index.
 */

export interface Neighbour {
  key: string;
  similarity: number;
}

/** Neighbour look-ups remembered per index (least recently used dropped first). */
const CACHE_SIZE = 2_048;
/** Surface words or rows handled between two yields of the build. */
const BUILD_STEP = 2_048;
/** Slack added to the early-exit bound, far above the rounding error of a 100-term dot product. */
const BOUND_SLACK = 1e-6;
const NONE: readonly Neighbour[] = Object.freeze([]);

/**
 * Where the scan checks whether a key can still reach the bar: every tenth of the dimensions
 * from 30% on. Measured on the real knowledge base's keys, most are ruled out by half-way and
 * the scan reads about 40 of 100 dimensions per key.
 */
function checkpointsFor(dimensions: number): number[] {
  const step = Math.max(1, Math.round(dimensions / 10));
  const checkpoints: number[] = [];
  for (let at = 3 * step; at < dimensions; at += step) checkpoints.push(at);
  return checkpoints;
}

/** Euclidean norm of `vector[from + start .. from + dimensions)`. */
function tailNorm(vector: Float32Array, from: number, start: number, dimensions: number): number {
  let sum = 0;
  for (let d = start; d < dimensions; d += 1) sum += vector[from + d]! * vector[from + d]!;
  return Math.sqrt(sum);
}

export class VectorVocabulary {
  private readonly cache = new Map<string, readonly Neighbour[]>();
  private readonly query: Float32Array;
  private readonly checkpoints: Int32Array;
  /** Per key row, the norm of its vector past each checkpoint (`row * checkpoints + c`). */
  private readonly keyTails: Float64Array;
  private readonly queryTails: Float64Array;

  private constructor(
    private readonly data: IndexData,
    private readonly vectors: WordVectors,
    /** Unit vectors of the keys that have one, a row each, in key-id order (`rowKeys`). */
    private readonly keyVectors: Float32Array,
    private readonly rowKeys: Uint32Array,
  ) {
    const { dimensions } = vectors;
    this.query = new Float32Array(dimensions);
    this.checkpoints = Int32Array.from(checkpointsFor(dimensions));
    const count = this.checkpoints.length;
    this.keyTails = new Float64Array(rowKeys.length * count);
    for (let row = 0; row < rowKeys.length; row += 1) {
      for (let c = 0; c < count; c += 1) this.keyTails[row * count + c] = tailNorm(keyVectors, row * dimensions, this.checkpoints[c]!, dimensions);
    }
    this.queryTails = new Float64Array(count);
  }

  /** The vocabulary of an index, yielding between steps of at most BUILD_STEP words or rows (the build runs in slices). */
  static *build(data: IndexData, vectors: WordVectors): Generator<void, VectorVocabulary, void> {
    const { dimensions } = vectors;
    // Each surface word with a vector and its key, in the index's order; rows only for the keys
    // among them (most keys of a large index have none).
    const pairKeys: number[] = [];
    const pairRows: number[] = [];
    const rowOf = new Int32Array(data.keys.length).fill(-1);
    const ids: number[] = [];
    let seen = 0;
    for (const [surface, keyId] of data.surfaceKey) {
      const vectorRow = vectors.rowOf(surface);
      if (vectorRow >= 0) {
        pairKeys.push(keyId);
        pairRows.push(vectorRow);
        if (rowOf[keyId] === -1) {
          rowOf[keyId] = 0;
          ids.push(keyId);
        }
      }
      if (++seen % BUILD_STEP === 0) yield;
    }
    ids.sort((a, b) => a - b);
    ids.forEach((keyId, row) => (rowOf[keyId] = row));
    // Sums in float32, in the index's order of surface words, then scaled to unit length.
    const sums = new Float32Array(ids.length * dimensions);
    const word = new Float32Array(dimensions);
    for (let p = 0; p < pairKeys.length; p += 1) {
      vectors.readRow(pairRows[p]!, word);
      const from = rowOf[pairKeys[p]!]! * dimensions;
      for (let d = 0; d < dimensions; d += 1) sums[from + d]! += word[d]!;
      if ((p + 1) % BUILD_STEP === 0) yield;
    }
    for (let row = 0; row < ids.length; row += 1) {
      const from = row * dimensions;
      let norm = 0;
      for (let d = 0; d < dimensions; d += 1) norm += sums[from + d]! * sums[from + d]!;
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < dimensions; d += 1) sums[from + d]! /= norm;
      if ((row + 1) % BUILD_STEP === 0) yield;
    }
    yield;
    return new VectorVocabulary(data, vectors, sums, Uint32Array.from(ids));
  }

  /** Up to `limit` index keys at least `threshold` similar to the word (its first form with a vector), most similar first. */
  neighbours(forms: readonly string[], limit: number, threshold: number): readonly Neighbour[] {
    let vectorRow = -1;
    for (const form of forms) if ((vectorRow = this.vectors.rowOf(form)) >= 0) break;
    if (vectorRow < 0 || limit <= 0) return NONE;
    // Forms that resolve to the same vector (`busts` and `bust` when only `bust` has one) share an entry.
    const cacheKey = `${vectorRow}\u0000${limit}\u0000${threshold}`;
    const cached = this.cache.get(cacheKey);
    if (cached) {
      this.cache.delete(cacheKey);
      this.cache.set(cacheKey, cached);
      return cached;
    }
    this.vectors.readRow(vectorRow, this.query);
    const found = this.scan(limit, threshold).map(({ keyId, similarity }) => ({ key: this.data.keys[keyId]!, similarity }));
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(cacheKey, found);
    return found;
  }

  /**
   * The keys most similar to `this.query`, by a scan of every key's dot product. A key is left
   * once it cannot reach the bar (the threshold, or the worst of a full list): at each
   * checkpoint, the dot so far plus the product of the two vectors' norms past it bounds the
   * whole dot (Cauchy–Schwarz). A key that passes every checkpoint gets the same sum, term by
   * term in the same order, as a plain scan, so the result is the plain scan's to the last bit.
   */
  private scan(limit: number, threshold: number): { keyId: number; similarity: number }[] {
    const { dimensions } = this.vectors;
    const q = this.query;
    const keys = this.keyVectors;
    const { checkpoints, keyTails, queryTails, rowKeys } = this;
    const count = checkpoints.length;
    for (let c = 0; c < count; c += 1) queryTails[c] = tailNorm(q, 0, checkpoints[c]!, dimensions);
    const best: { keyId: number; similarity: number }[] = [];
    let bar = threshold - BOUND_SLACK;
    rows: for (let row = 0; row < rowKeys.length; row += 1) {
      const from = row * dimensions;
      let dot = 0;
      let d = 0;
      for (let c = 0; c < count; c += 1) {
        const stop = checkpoints[c]!;
        for (; d < stop; d += 1) dot += q[d]! * keys[from + d]!;
        if (dot + queryTails[c]! * keyTails[row * count + c]! < bar) continue rows;
      }
      for (; d < dimensions; d += 1) dot += q[d]! * keys[from + d]!;
      if (dot < threshold || (best.length === limit && dot <= best[limit - 1]!.similarity)) continue;
      let at = best.length === limit ? limit - 1 : best.length;
      while (at > 0 && best[at - 1]!.similarity < dot) {
        best[at] = best[at - 1]!;
        at -= 1;
      }
      best[at] = { keyId: rowKeys[row]!, similarity: dot };
      if (best.length === limit) bar = Math.max(threshold, best[limit - 1]!.similarity) - BOUND_SLACK;
    }
    return best;
  }
}

const vocabularies = new WeakMap<IndexData, VectorVocabulary | null>();

/**
 * Build an index's vector vocabulary and keep it for its queries (none without word vectors);
 * yields between steps. Reads the vector files on the first call in the process (one blocking
 * step of about 0.1 s; the bot's first build is at start-up).
 */
export function* prepareVectorVocabulary(data: IndexData): Generator<void, void, void> {
  if (vocabularies.has(data)) return;
  const vectors = wordVectors();
  const vocabulary = vectors ? yield* VectorVocabulary.build(data, vectors) : null;
  vocabularies.set(data, vocabulary);
}

/** The vector vocabulary of an index (built now if its build did not); null without word vectors. */
export function vectorVocabulary(data: IndexData): VectorVocabulary | null {
  if (!vocabularies.has(data)) {
    const steps = prepareVectorVocabulary(data);
    while (!steps.next().done);
  }
  return vocabularies.get(data) ?? null;
}
