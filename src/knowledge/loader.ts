import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import matter from 'gray-matter';
import type { z } from 'zod';
import { AliasFile } from '../search/aliases.ts';
import { FrontMatter, type KnowledgeDocument, type KnowledgeProblem } from './schema.ts';

export const ALIASES_FILE = 'aliases.json';

/** Files in the knowledge folder that are not documents. */
const NOT_DOCUMENTS = new Set(['README.md']);

export interface KnowledgeLoad {
  documents: KnowledgeDocument[];
  aliases: AliasFile;
  /** One entry per problem; a file with a problem contributes no document. */
  problems: KnowledgeProblem[];
}

/** Thrown when the folder itself cannot be read (missing, not a folder). */
export class KnowledgeFolderError extends Error {}

/**
 * Read and validate every `*.md` document and the alias table of a knowledge folder.
 * Never throws for a bad file: the caller decides whether problems block a reload.
 */
export async function loadKnowledge(dir: string): Promise<KnowledgeLoad> {
  let names: string[];
  try {
    names = (await readdir(dir, { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be read';
    throw new KnowledgeFolderError(`Knowledge folder ${dir} ${reason}.`);
  }
  const problems: KnowledgeProblem[] = [];
  const documents: KnowledgeDocument[] = [];
  for (const file of names.filter((name) => name.endsWith('.md') && !NOT_DOCUMENTS.has(name)).sort()) {
    const result = parseDocument(file, await readFile(path.join(dir, file), 'utf8'));
    if ('problems' in result) problems.push(...result.problems);
    else documents.push(result.document);
  }
  problems.push(...duplicateProblems(documents));
  const duplicates = new Set(problems.map((problem) => problem.file));
  const aliases = names.includes(ALIASES_FILE) ? await readAliases(dir, problems) : { groups: [] };
  return { documents: documents.filter((document) => !duplicates.has(document.file)), aliases, problems };
}

/** Parse one knowledge file's text. Exposed for `kb add`/`kb check`, which validate before writing. */
export function parseDocument(file: string, source: string): { document: KnowledgeDocument } | { problems: KnowledgeProblem[] } {
  let parsed: matter.GrayMatterFile<string>;
  try {
    // An empty options object would make gray-matter cache by content; pass none.
    parsed = matter(source);
  } catch (error) {
    return { problems: [{ file, field: 'front matter', message: `is not valid YAML: ${(error as Error).message.split('\n')[0]}` }] };
  }
  if (Object.keys(parsed.data).length === 0) {
    return { problems: [{ file, field: 'front matter', message: 'is missing (the file must start with a --- block)' }] };
  }
  const front = FrontMatter.safeParse(parsed.data);
  const problems: KnowledgeProblem[] = front.success ? [] : zodProblems(file, front.error);
  const paragraphs = parsed.content
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.replace(/\s*\r?\n\s*/g, ' ').trim())
    .filter(Boolean);
  if (paragraphs.length === 0) problems.push({ file, field: 'body', message: 'is empty: a document needs at least one paragraph' });
  if (!front.success || problems.length > 0) return { problems };
  const bodyHash = createHash('sha256').update(paragraphs.join('\n').toLowerCase().replace(/\s+/g, ' ')).digest('hex');
  return { document: { ...front.data, file, paragraphs, bodyHash } };
}

function zodProblems(file: string, error: z.ZodError): KnowledgeProblem[] {
  return error.issues.map((issue) => ({
    file,
    field: issue.path.length > 0 ? issue.path.join('.') : 'front matter',
    message: issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message,
  }));
}

function duplicateProblems(documents: KnowledgeDocument[]): KnowledgeProblem[] {
  const problems: KnowledgeProblem[] = [];
  const byId = new Map<string, string>();
  const byBody = new Map<string, string>();
  for (const document of documents) {
    const sameId = byId.get(document.id);
    if (sameId) problems.push({ file: document.file, field: 'id', message: `duplicates the id "${document.id}" of ${sameId}` });
    else byId.set(document.id, document.file);
    const sameBody = byBody.get(document.bodyHash);
    if (sameBody) problems.push({ file: document.file, field: 'body', message: `has the same text as ${sameBody}` });
    else byBody.set(document.bodyHash, document.file);
  }
  return problems;
}

async function readAliases(dir: string, problems: KnowledgeProblem[]): Promise<AliasFile> {
  try {
    const parsed = AliasFile.safeParse(JSON.parse(await readFile(path.join(dir, ALIASES_FILE), 'utf8')));
    if (parsed.success) return parsed.data;
    problems.push(...zodProblems(ALIASES_FILE, parsed.error));
  } catch (error) {
    problems.push({ file: ALIASES_FILE, field: 'json', message: `is not valid JSON: ${(error as Error).message}` });
  }
  return { groups: [] };
}
