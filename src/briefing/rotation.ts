/**
 * Least-recently-shown rotation. A candidate never shown in the channel always beats
 * one that was, so nothing repeats until a section's pool is used up; after that the
 * passages shown longest ago come back first.
 */
export class Rotation {
  private readonly lastShown = new Map<string, number>();
  private readonly timesShown = new Map<string, number>();

  /** `shown`: passage ids in the order the channel saw them, oldest first. */
  constructor(shown: readonly string[]) {
    shown.forEach((id, position) => {
      this.lastShown.set(id, position);
      this.timesShown.set(id, (this.timesShown.get(id) ?? 0) + 1);
    });
  }

  /** How many earlier briefings showed this passage (used to vary which of its sentences is quoted). */
  times(id: string): number {
    return this.timesShown.get(id) ?? 0;
  }

  /**
   * Up to `count` candidates: unseen ones first (in the given order), preferring one per
   * `group` (e.g. document) among them, then seen ones, least recently shown first.
   */
  pick<T>(candidates: readonly T[], count: number, idOf: (candidate: T) => string, groupOf: (candidate: T) => string): T[] {
    const unseen = candidates.filter((candidate) => !this.lastShown.has(idOf(candidate)));
    const seen = candidates
      .filter((candidate) => this.lastShown.has(idOf(candidate)))
      .sort((a, b) => this.lastShown.get(idOf(a))! - this.lastShown.get(idOf(b))!);
    const chosen: T[] = [];
    const groups = new Set<string>();
    for (const candidate of unseen) {
      if (chosen.length === count) break;
      if (groups.has(groupOf(candidate))) continue;
      groups.add(groupOf(candidate));
      chosen.push(candidate);
    }
    for (const candidate of [...unseen, ...seen]) {
      if (chosen.length === count) break;
      if (!chosen.includes(candidate)) chosen.push(candidate);
    }
    return chosen;
  }
}

/** FNV-1a hash of `seed|key`: a stable pseudo-random order that changes from one seed (date) to the next. */
export function seededRank(seed: string, key: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${seed}|${key}`) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
