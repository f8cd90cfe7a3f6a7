import { createHash } from 'node:crypto';
import { readFile as readFileWithCallback } from 'node:fs';
import type { Dirent } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { z } from 'zod';
import { AliasFile } from './aliases.ts';
import { splitFrontMatter } from './front-matter.ts';
import { MAX_TERMS_PER_PARAGRAPH, searchTermsByParagraph } from './passages.ts';
import { FrontMatter, type KnowledgeDocument, type KnowledgeProblem } from './schema.ts';

export const ALIASES_FILE = 'aliases.json';

/** Files in the knowledge folder that are not documents. */
const NOT_DOCUMENTS = new Set(['README.md']);

/**
 * One rule for the loader, the watch and `kb check`: a name starting with a dot is not part of
 * the knowledge base (editors' swap files, macOS `._x.md`, `kb add`'s temporary files).
 */
export const isHidden = (name: string): boolean => name.startsWith('.');

/** A document file: `*.md`, not hidden, not the folder's README. */
export const isDocumentName = (name: string): boolean => name.endsWith('.md') && !isHidden(name) && !NOT_DOCUMENTS.has(name);

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Documents read at once. Reading one at a time leaves the process idle on every
 * open/read/close round trip; a few more than libuv's thread pool (4) keeps the disk
 * busy without holding thousands of file handles or file texts in memory.
 */
const READ_CONCURRENCY = 16;

/**
 * The callback `fs.readFile`, promisified: it reads a small file in about half the time of
 * `fs/promises`' `readFile`, which goes through a FileHandle and several extra round trips.
 */
const readSmallFile = promisify(readFileWithCallback);

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
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : (error as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'is not a folder' : 'cannot be read';
    throw new KnowledgeFolderError(`Knowledge folder ${dir} ${reason}.`);
  }
  const problems: KnowledgeProblem[] = [];
  // A link is never followed: it could point anywhere on the machine. It is reported, not skipped in silence.
  for (const entry of entries) {
    if (entry.isSymbolicLink() && !isHidden(entry.name) && (entry.name.endsWith('.md') || entry.name === ALIASES_FILE)) {
      problems.push({ file: entry.name, field: 'file', message: 'is a symbolic link, which is not followed: put the file itself in the folder' });
    }
  }
  const names = entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
  const files = names.filter(isDocumentName).sort();
  // Each file is parsed as soon as it is read, so only the texts in flight are held;
  // results keep the sorted order whatever order the reads finish in.
  const results = await mapConcurrently(files, READ_CONCURRENCY, async (file) => parseBytes(file, await readSmallFile(path.join(dir, file))));
  const documents: KnowledgeDocument[] = [];
  for (const result of results) {
    if ('problems' in result) problems.push(...result.problems);
    else documents.push(result.document);
  }
  problems.push(...duplicateProblems(documents));
  const duplicates = new Set(problems.map((problem) => problem.file));
  const aliases = names.includes(ALIASES_FILE) ? await readAliases(dir, problems) : { groups: [] };
  return { documents: documents.filter((document) => !duplicates.has(document.file)), aliases, problems };
}

/** Strict UTF-8: a file with invalid bytes is a problem, not text with replacement characters in it. */
function parseBytes(file: string, bytes: Buffer): ReturnType<typeof parseDocument> {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    return { problems: [{ file, field: 'file', message: 'is not valid UTF-8 text: save it as UTF-8' }] };
  }
  return parseDocument(file, text);
}

/** Parse one knowledge file's text. Exposed for `kb add`/`kb check`, which validate before writing. */
export function parseDocument(file: string, source: string): { document: KnowledgeDocument } | { problems: KnowledgeProblem[] } {
  const parsed = splitFrontMatter(source);
  if (parsed.kind === 'refused') return { problems: [{ file, field: 'front matter', message: parsed.message }] };
  if (parsed.kind === 'none' || parsed.data === null || parsed.data === undefined) {
    return { problems: [{ file, field: 'front matter', message: 'is missing (the file must start with a --- block)' }] };
  }
  if (typeof parsed.data !== 'object' || Array.isArray(parsed.data)) {
    return { problems: [{ file, field: 'front matter', message: 'must be a YAML mapping of fields (id: …, title: …)' }] };
  }
  // reportInput: zodProblems tells a missing field (`is required`) from one of the wrong type.
  const front = FrontMatter.safeParse(parsed.data, { reportInput: true });
  const problems: KnowledgeProblem[] = front.success ? [] : zodProblems(file, front.error);
  const paragraphs = toParagraphs(parsed.body);
  if (paragraphs.length === 0) problems.push({ file, field: 'body', message: 'is empty: a document needs at least one paragraph' });
  if (front.success) problems.push(...searchTermProblems(file, front.data, paragraphs));
  if (!front.success || problems.length > 0) return { problems };
  return { document: { ...front.data, file, paragraphs, bodyHash: bodyHash(paragraphs) } };
}

/** Search terms must name their paragraph by its first words as written (`SearchTerms.starts`). */
function searchTermProblems(file: string, front: FrontMatter, paragraphs: readonly string[]): KnowledgeProblem[] {
  const entries = front.search_terms ?? [];
  const { unmatched, ambiguous, overfull } = searchTermsByParagraph(paragraphs, entries);
  const problem = (i: number, message: string): KnowledgeProblem => ({ file, field: `search_terms.${i}.starts`, message: `${message}: "${entries[i]!.starts.slice(0, 60)}"` });
  return [
    ...unmatched.map((i) => problem(i, 'matches no paragraph (it must be the first words of one, as written)')),
    ...ambiguous.map((i) => problem(i, 'starts more than one paragraph (give more of its first words)')),
    ...overfull.map((p) => ({ file, field: 'search_terms', message: `paragraph ${p + 1} is given more than ${MAX_TERMS_PER_PARAGRAPH} terms` })),
  ];
}

/**
 * Paragraphs are separated by blank lines; a paragraph wrapped over several lines is joined
 * with single spaces. Most paragraphs are one line, and skipping the join's regex for them
 * (it can only match at a newline) saves it trying every space of the folder.
 */
function toParagraphs(body: string): string[] {
  // (?<!\s): a match starts only where a white-space run does, so a long run of spaces is
  // scanned once rather than once from each of its positions.
  return body
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => (paragraph.includes('\n') ? paragraph.replace(LINE_BREAK, ' ') : paragraph).trim())
    .filter(Boolean);
}

const LINE_BREAK = /(?<!\s)\s*\r?\n\s*/g;

/**
 * sha256 of the body, lowercased, with each whitespace run as one space. The pattern matches
 * only the runs that change (two or more characters, or one that is not a plain space):
 * `/\s+/g` also matches every single space and rebuilds the text around each one, which
 * made it a large share of loading a big folder, for the same result.
 */
function bodyHash(paragraphs: string[]): string {
  const normalised = paragraphs.join('\n').toLowerCase().replace(/\s{2,}|[^\S ]/g, ' ');
  return createHash('sha256').update(normalised).digest('hex');
}

/**
 * `work` over every item with at most `limit` running at once; results in the items' order.
 * The first failure rejects, and no further items are started after it.
 */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index]!);
      } catch (error) {
        next = items.length;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function zodProblems(file: string, error: z.ZodError): KnowledgeProblem[] {
  // A field of the wrong type is that one problem: zod goes on to check its length too (a list of two is "too short" as text).
  const wrongType = new Set(error.issues.filter((issue) => issue.code === 'invalid_type').map((issue) => issue.path.join('.')));
  const issues = error.issues.filter((issue) => issue.code === 'invalid_type' || !wrongType.has(issue.path.join('.')));
  return issues.map((issue) => ({
    file,
    field: issue.path.length > 0 ? issue.path.join('.') : 'front matter',
    message: issue.code !== 'invalid_type' ? issue.message : issue.input === undefined ? 'is required' : `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}, not ${describeInput(issue.input)}`,
  }));
}

const TYPE_NAMES: Record<string, string> = { string: 'text', array: 'a list, e.g. ["a", "b"]', object: 'a mapping', number: 'a number', boolean: 'true or false' };

function describeInput(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  return typeof input === 'string' ? `the text "${input.slice(0, 40)}"` : `${typeof input === 'object' ? 'a mapping' : `the ${typeof input} ${String(input)}`}`;
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
    const parsed = AliasFile.safeParse(JSON.parse(await readFile(path.join(dir, ALIASES_FILE), 'utf8')), { reportInput: true });
    if (parsed.success) return parsed.data;
    problems.push(...zodProblems(ALIASES_FILE, parsed.error));
  } catch (error) {
    problems.push({ file: ALIASES_FILE, field: 'json', message: `is not valid JSON: ${(error as Error).message}` });
  }
  return { groups: [] };
}
