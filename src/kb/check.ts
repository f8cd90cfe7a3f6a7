import { readdir } from 'node:fs/promises';
import { ALIASES_FILE, loadKnowledge } from '../knowledge/loader.ts';
import { toPassages } from '../knowledge/passages.ts';
import type { KnowledgeProblem } from '../knowledge/schema.ts';

export interface CheckResult {
  dir: string;
  documents: number;
  passages: number;
  topics: number;
  problems: KnowledgeProblem[];
  /** Files the loader skips: harmless, but a `.txt` dropped here was probably meant to be added with `kb add`. */
  ignored: string[];
}

/** Validate a knowledge folder exactly as a reload would. A folder that cannot be read is one problem, not a throw. */
export async function checkKnowledge(dir: string): Promise<CheckResult> {
  let load: Awaited<ReturnType<typeof loadKnowledge>>;
  try {
    load = await loadKnowledge(dir);
  } catch (error) {
    return { dir, documents: 0, passages: 0, topics: 0, problems: [{ file: dir, field: 'folder', message: (error as Error).message }], ignored: [] };
  }
  const entries = await readdir(dir, { withFileTypes: true });
  const ignored = entries
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.md') && entry.name !== ALIASES_FILE)
    .map((entry) => entry.name)
    .sort();
  return {
    dir,
    documents: load.documents.length,
    passages: load.documents.reduce((sum, document) => sum + toPassages(document).length, 0),
    topics: new Set(load.documents.flatMap((document) => document.topics)).size,
    problems: load.problems,
    ignored,
  };
}

/** `file · field: message`, one problem a line: the same wording in the CLI and in Discord. */
export function formatProblem(problem: KnowledgeProblem): string {
  return `${problem.file} · ${problem.field}: ${problem.message}`;
}
