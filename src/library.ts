import { loadKnowledge } from './knowledge/loader.ts';
import type { KnowledgeDocument, KnowledgeProblem } from './knowledge/schema.ts';
import { SearchIndex } from './search/search-index.ts';
import type { KnowledgeCounts, ReloadRecorder, ReloadReport, ReloadRequest, ShardReloadOutcome } from './knowledge/reload-report.ts';
import { readLanguageResources } from './search/lexicon.ts';

/**
 * The same knowledge base served by the other shard processes (sharded mode): a reload asked for
 * here reaches them too, and each says how it went.
 */
export interface LibraryPeers {
  /** This process's shard id. */
  readonly shardId: number;
  /** Reload every other shard; never rejects (a shard that does not answer is an outcome with `ok: null`). */
  reload(request: ReloadRequest): Promise<ShardReloadOutcome[]>;
}

export interface LibraryOptions {
  /** Records every build once, whoever shared it. */
  audit?: ReloadRecorder;
}

/**
 * The live knowledge base: the index in service and the way to replace it.
 * A reload builds a complete new index and swaps one reference, so a query holds
 * either the old index or the new one, never a mix; a bad file leaves the old one serving.
 */
export class Library {
  private current: SearchIndex;
  private inFlight: Promise<ReloadReport> | null = null;
  /** A fresh build waiting for the one in flight to end; fresh requests arriving meanwhile share it. */
  private queued: Promise<ReloadReport> | null = null;
  private last: ReloadReport | null = null;
  /** Files left out of the index in service: those of start-up, until a reload swaps in a folder with none. */
  private excluded: KnowledgeProblem[];
  /** When the index in service at start-up was loaded. */
  readonly openedAt = new Date();

  private constructor(
    readonly knowledgeDir: string,
    index: SearchIndex,
    /** Problems found at start-up; those files were left out. */
    readonly startupProblems: KnowledgeProblem[],
    private options: LibraryOptions,
  ) {
    this.current = index;
    this.excluded = startupProblems;
  }

  /** Load the folder; files with problems are left out (and reported) so one bad file does not stop the bot. */
  static async open(knowledgeDir: string, options: LibraryOptions = {}): Promise<Library> {
    const { documents, aliases, problems } = await loadKnowledge(knowledgeDir);
    // The first question would otherwise read the glossaries and WordNet tables itself.
    readLanguageResources();
    return new Library(knowledgeDir, SearchIndex.build(documents, aliases), problems, options);
  }

  /** A library serving an index already built from `knowledgeDir` (the benchmark times the load and the build apart). */
  static serving(knowledgeDir: string, index: SearchIndex, options: LibraryOptions = {}): Library {
    return new Library(knowledgeDir, index, [], options);
  }

  private peerSet: LibraryPeers | undefined;

  /** The other shards' copies (sharded mode), or `undefined`: this process is the only one. */
  setPeers(peers: LibraryPeers | undefined): void {
    this.peerSet = peers;
  }

  get peers(): LibraryPeers | undefined {
    return this.peerSet;
  }

  /** Where reloads are recorded from now on; `undefined` stops recording (the store is closing). */
  setAudit(audit: ReloadRecorder | undefined): void {
    this.options = { ...this.options, audit };
  }

  get index(): SearchIndex {
    return this.current;
  }

  get reloading(): boolean {
    return this.inFlight !== null;
  }

  /** The last completed build's report (null before the first reload since start-up). */
  get lastReload(): ReloadReport | null {
    return this.last;
  }

  /** Problems of the files left out of the index in service now (a refused reload changes nothing, so it changes none of these). */
  get leftOut(): readonly KnowledgeProblem[] {
    return this.excluded;
  }

  get counts(): KnowledgeCounts {
    return countsOf(this.current);
  }

  /**
   * Re-read the folder and swap the index in if every file is valid. Reloads never run
   * side by side: a call during a reload shares its result (`shared: true`), or with
   * `fresh` waits for it and then shares the next one. Never rejects: a folder that
   * cannot be read is a problem in the report, and the old index keeps serving.
   */
  reload(request: ReloadRequest = { trigger: 'command', by: { id: null, name: 'unknown' } }): Promise<ReloadReport> {
    if (!this.inFlight) return this.start(request);
    if (!request.fresh) return this.inFlight.then(asShared);
    if (this.queued) return this.queued.then(asShared);
    const queued = this.inFlight.then(() => {
      this.queued = null;
      // A build begun in the meantime read the folder after this request: share it rather than run beside it.
      return this.inFlight ? this.inFlight.then(asShared) : this.start(request);
    });
    this.queued = queued;
    return queued;
  }

  private start(request: ReloadRequest): Promise<ReloadReport> {
    const build = this.rebuild(request).finally(() => {
      this.inFlight = null;
    });
    this.inFlight = build;
    return build;
  }

  private async rebuild(request: ReloadRequest): Promise<ReloadReport> {
    const startedAt = new Date();
    const started = performance.now();
    const before = this.current;
    const base = { before: countsOf(before), startedAt, trigger: request.trigger, by: request.by, shared: false };
    let report: ReloadReport;
    try {
      const { documents, aliases, problems } = await loadKnowledge(this.knowledgeDir);
      if (problems.length > 0) {
        report = { ...base, ok: false, problems, after: countsOf(before), added: [], removed: [], changed: [], durationMs: performance.now() - started };
      } else {
        // Built in slices with yields between them: the gateway and queries on the old index keep flowing.
        const next = await SearchIndex.buildAsync(documents, aliases);
        this.current = next;
        this.excluded = [];
        report = { ...base, ok: true, problems: [], after: countsOf(next), ...diffDocuments(before.documents, next.documents), durationMs: performance.now() - started };
      }
    } catch (error) {
      // A missing folder, or a bug in the build: either way the index in service stays.
      const problem = { file: this.knowledgeDir, field: 'folder', message: (error as Error).message };
      report = { ...base, ok: false, problems: [problem], after: countsOf(before), added: [], removed: [], changed: [], durationMs: performance.now() - started };
    }
    try {
      this.options.audit?.recordReload(report);
    } catch (error) {
      report.auditError = (error as Error).message;
    }
    this.last = report;
    return report;
  }
}

const asShared = (report: ReloadReport): ReloadReport => ({ ...report, shared: true });

const countsOf = (index: SearchIndex): KnowledgeCounts => ({ documents: index.documents.length, passages: index.passages.length });

/** What a reload changed. Documents compare by metadata and body hash, not their text: cheap at any size. */
function diffDocuments(
  before: readonly KnowledgeDocument[],
  after: readonly KnowledgeDocument[],
): { added: string[]; removed: string[]; changed: string[] } {
  const fingerprint = ({ paragraphs: _paragraphs, file: _file, ...rest }: KnowledgeDocument) => JSON.stringify(rest);
  const old = new Map(before.map((document) => [document.id, fingerprint(document)]));
  const now = new Map(after.map((document) => [document.id, fingerprint(document)]));
  return {
    added: [...now.keys()].filter((id) => !old.has(id)),
    removed: [...old.keys()].filter((id) => !now.has(id)),
    changed: [...now].filter(([id, print]) => old.has(id) && old.get(id) !== print).map(([id]) => id),
  };
}
