import type { KnowledgeDocument } from '../../src/knowledge/schema.ts';
import type { AliasFile } from '../../src/knowledge/aliases.ts';

export interface BenchOptions {
  sizes: number[];
  json: boolean;
  knowledgeDir: string;
  evalSet: string;
  rebuild: 'async' | 'sync';
  /** Query time the default-fuse baseline may spend per size before it times a prefix of the mix only. */
  baselineBudgetMs: number;
  /** False with --skip-baseline (quick runs while tuning). */
  baseline: boolean;
}

/** What every section gets: the options and the real knowledge base, loaded once. */
export interface BenchContext {
  options: BenchOptions;
  documents: KnowledgeDocument[];
  aliases: AliasFile;
  /** Progress for humans, on stderr so `--json` output stays one object. */
  progress: (message: string) => void;
}

export interface SectionOutput {
  /** Printed under the section's title. */
  text: string;
  /** Merged into the `--json` object (the scale section gives `rows`, the eval section `eval`). */
  json: Record<string, unknown>;
}

/** One part of `npm run bench`; scripts/bench.ts runs its list of sections in order. */
export interface Section {
  title: string;
  run(context: BenchContext): Promise<SectionOutput>;
}
