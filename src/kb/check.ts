import { readdir } from 'node:fs/promises';
import { ALIASES_FILE, isDocumentName, loadKnowledge } from '../knowledge/loader.ts';
import { toPassages } from '../knowledge/passages.ts';
import type { KnowledgeProblem } from '../knowledge/schema.ts';

export interface CheckResult {
  dir: string;
  documents: number;
  passages: number;
  topics: number;
  problems: KnowledgeProblem[];
  /** Files the loader skips (not `.md`, or hidden: a name starting with a dot): harmless, but a `.txt` dropped here was probably meant to be added with `kb add`. */
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
    .filter((entry) => entry.isFile() && !isDocumentName(entry.name) && entry.name !== ALIASES_FILE && entry.name !== 'README.md')
    .map((entry) => entry.name)
    .sort();
  // The same rule as `ask` and the bot: a folder without a single document answers nothing.
  if (load.documents.length === 0 && load.problems.length === 0) load.problems.push(EMPTY_FOLDER(dir));
  return {
    dir,
    documents: load.documents.length,
    passages: load.documents.reduce((sum, document) => sum + toPassages(document).length, 0),
    topics: new Set(load.documents.flatMap((document) => document.topics)).size,
    problems: load.problems,
    ignored,
  };
}

const EMPTY_FOLDER = (dir: string): KnowledgeProblem => ({ file: dir, field: 'folder', message: 'holds no documents: add one with `npm run kb -- add <file>`' });

/** `file · field: message`, one problem a line: the same wording in the CLI and in Discord. */
export function formatProblem(problem: KnowledgeProblem): string {
  return `${problem.file} · ${problem.field}: ${problem.message}`;
}
