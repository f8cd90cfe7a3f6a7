import type { AliasFile } from '../knowledge/aliases.ts';
import { contentTokens } from './text.ts';

/** One alias phrase as a sequence of index keys, and the group it belongs to. */
interface AliasPhrase {
  keys: string[];
  group: number;
}

/** A match of an alias phrase over a token sequence: tokens [from, to) mean group `group`. */
export interface AliasMatch {
  from: number;
  to: number;
  group: number;
}

export class AliasTable {
  /** Phrases by their first key, longest first, so `lopez obrador` wins over `lopez`. */
  private readonly byFirstKey = new Map<string, AliasPhrase[]>();
  readonly groupNames: string[][];

  constructor(file: AliasFile = { groups: [] }) {
    this.groupNames = file.groups;
    file.groups.forEach((names, group) => {
      for (const name of names) {
        const keys = contentTokens(name).map((token) => token.key);
        const first = keys[0];
        if (first === undefined) continue;
        const list = this.byFirstKey.get(first) ?? [];
        list.push({ keys, group });
        list.sort((a, b) => b.keys.length - a.keys.length);
        this.byFirstKey.set(first, list);
      }
    });
  }

  /** The pseudo-key under which every member of a group is indexed. */
  static groupKey(group: number): string {
    return `~alias${group}`;
  }

  /**
   * Alias phrases occurring in a key sequence, longest first and without overlaps:
   * in `Washington Office on Latin America` the whole name counts, not also `America`.
   */
  matches(keys: readonly string[]): AliasMatch[] {
    const found: AliasMatch[] = [];
    for (let from = 0; from < keys.length; ) {
      // Phrases are sorted longest first, so the first that fits is the longest.
      const phrase = (this.byFirstKey.get(keys[from]!) ?? []).find((candidate) =>
        candidate.keys.every((k, offset) => keys[from + offset] === k),
      );
      if (phrase) {
        found.push({ from, to: from + phrase.keys.length, group: phrase.group });
        from += phrase.keys.length;
      } else {
        from += 1;
      }
    }
    return found;
  }
}
