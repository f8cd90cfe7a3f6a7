/**
 * Seeded pseudo-random orders for the digest's rotation: stable for a seed (a channel, a
 * date, a round), different from one seed to the next, and computed rather than stored.
 */

/** FNV-1a hash of `seed|key`: a stable pseudo-random order that changes from one seed (channel, date, round) to the next. */
export function seededRank(seed: string, key: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${seed}|${key}`) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** A 32-bit integer finaliser (murmur3's fmix32): spreads a hash's bits. */
export function mix(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A seeded pseudo-random permutation of 0 … size − 1, computed per position rather than
 * stored: a four-round Feistel network over the smallest square power of two that holds
 * `size`, walking the cycle until it lands in range (fewer than four steps on average).
 */
export class Permutation {
  private readonly bits: number;
  private readonly mask: number;
  private readonly keys: number[];

  constructor(
    readonly size: number,
    seed: number,
  ) {
    let bits = 1;
    while (2 ** (2 * bits) < size) bits += 1;
    this.bits = bits;
    this.mask = 2 ** bits - 1;
    this.keys = [1, 2, 3, 4].map((round) => mix(seed ^ Math.imul(round, 0x9e3779b9)));
  }

  at(position: number): number {
    let x = position;
    do x = this.encrypt(x);
    while (x >= this.size);
    return x;
  }

  private encrypt(x: number): number {
    let left = x >>> this.bits;
    let right = x & this.mask;
    for (const key of this.keys) [left, right] = [right, left ^ (mix(right ^ key) & this.mask)];
    return left * 2 ** this.bits + right;
  }
}
