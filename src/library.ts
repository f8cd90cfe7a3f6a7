import { loadKnowledge } from './knowledge/loader.ts';
import type { KnowledgeProblem } from './knowledge/schema.ts';
import { SearchIndex } from './search/search-index.ts';

export interface KnowledgeCounts {
  documents: number;
  passages: number;
}

export interface ReloadReport {
  ok: boolean;
  /** Each problem that blocked the reload; empty when ok. */
  problems: KnowledgeProblem[];
  before: KnowledgeCounts;
  after: KnowledgeCounts;
  /** Document ids added, removed and changed (same id, different text or metadata). */
  added: string[];
  removed: string[];
  changed: string[];
  durationMs: number;
}

/**
 * The live knowledge base: the index in service and the way to replace it.
 * A reload builds a complete new index and swaps one reference, so a query holds
 * either the old index or the new one, never a mix; a bad file leaves the old one serving.
 */
export class Library {
  private current: SearchIndex;
  private inFlight: Promise<ReloadReport> | null = null;

  private constructor(
    readonly knowledgeDir: string,
    index: SearchIndex,
    /** Problems found at start-up; those files were left out. */
    readonly startupProblems: KnowledgeProblem[],
  ) {
    this.current = index;
  }

  /** Load the folder; files with problems are left out (and reported) so one bad file does not stop the bot. */
  static async open(knowledgeDir: string): Promise<Library> {
    const { documents, aliases, problems } = await loadKnowledge(knowledgeDir);
    return new Library(knowledgeDir, SearchIndex.build(documents, aliases), problems);
  }

  get index(): SearchIndex {
    return this.current;
  }

  get reloading(): boolean {
    return this.inFlight !== null;
  }

  /** Re-read the folder and swap the index in if every file is valid. A call during a reload shares its result. */
  reload(): Promise<ReloadReport> {
    this.inFlight ??= this.rebuild().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async rebuild(): Promise<ReloadReport> {
    const started = performance.now();
    const before = this.current;
    const { documents, aliases, problems } = await loadKnowledge(this.knowledgeDir);
    const counts = (index: SearchIndex): KnowledgeCounts => ({ documents: index.documents.length, passages: index.passages.length });
    const diff = (next: SearchIndex | null) => {
      const old = new Map(before.documents.map((document) => [document.id, document]));
      const now = new Map((next?.documents ?? []).map((document) => [document.id, document]));
      const fingerprint = (document: (typeof before.documents)[number]) => JSON.stringify({ ...document, file: undefined });
      return {
        added: [...now.keys()].filter((id) => !old.has(id)),
        removed: [...old.keys()].filter((id) => !now.has(id)),
        changed: [...now.entries()].filter(([id, document]) => old.has(id) && fingerprint(old.get(id)!) !== fingerprint(document)).map(([id]) => id),
      };
    };
    if (problems.length > 0) {
      return { ok: false, problems, before: counts(before), after: counts(before), added: [], removed: [], changed: [], durationMs: performance.now() - started };
    }
    const next = SearchIndex.build(documents, aliases);
    this.current = next;
    return { ok: true, problems: [], before: counts(before), after: counts(next), ...diff(next), durationMs: performance.now() - started };
  }
}
