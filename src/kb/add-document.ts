import { randomUUID } from 'node:crypto';
import { access, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { curateArticle } from '../knowledge/curate.ts';
import { hasFrontMatter, stringifyFrontMatter } from '../knowledge/front-matter.ts';
import { loadKnowledge, parseDocument } from '../knowledge/loader.ts';
import { DocumentUrl, PartialIsoDate, type FrontMatter, type KnowledgeDocument, type KnowledgeProblem } from '../knowledge/schema.ts';
import { formatProblem } from './check.ts';
import type { ExtractedArticle } from './extract.ts';
import { AddRefusedError, checkSourceName, checkSourceSize } from './source-file.ts';

/** Metadata the admin states. Whatever is not given and not stated in the article stays null: never guessed. */
export interface ProvidedMetadata {
  title?: string | undefined;
  publisher?: string | undefined;
  /** YYYY, YYYY-MM or YYYY-MM-DD. */
  date?: string | undefined;
  url?: string | undefined;
  /** Comma-separated topics (lower-cased), what `/fentanyl` suggests and the briefing rotates through. */
  topics?: string | undefined;
}

export interface AddInput {
  /** The name the article arrived under (attachment or local file base name); recorded as `origin`. */
  name: string;
  text: string;
  metadata?: ProvidedMetadata;
}

export interface PreparedDocument {
  id: string;
  /** `<id>.md`: named after the id, never after the upload, so it cannot point outside the folder. */
  file: string;
  /** The knowledge file's full text: front matter and paragraphs. */
  source: string;
  document: KnowledgeDocument;
  /** Chrome lines curation dropped (navigation, image lines, widgets, teasers); 0 for a ready knowledge file. */
  removedLines: number;
}

export interface AddedDocument extends PreparedDocument {
  path: string;
  /** The valid documents the folder held before (for counts), and the problems its other files already had (a reload fails until they are fixed). */
  existing: readonly KnowledgeDocument[];
  folderProblems: KnowledgeProblem[];
  /** Take the file back out (the reload that followed failed). */
  remove(): Promise<void>;
}

const MetadataSchema = z.object({
  title: z.string().trim().min(1, 'The title must not be empty.').max(300, 'The title must be at most 300 characters.').optional(),
  publisher: z.string().trim().min(1, 'The publisher must not be empty.').max(200, 'The publisher must be at most 200 characters.').optional(),
  date: PartialIsoDate.optional(),
  url: DocumentUrl.optional(),
  topics: z
    .string()
    .transform((text) => [...new Set(text.split(',').map((topic) => topic.trim().toLowerCase()).filter(Boolean))])
    .pipe(z.array(z.string().min(2, 'Each topic needs at least two letters.').max(80, 'Each topic must be at most 80 characters.')).max(10, 'Give at most 10 topics.'))
    .optional(),
});

/** `Mexico's foreign minister says…` → `mexicos-foreign-minister-says…`, cut at a word boundary. */
export function slugify(title: string, maxLength = 64): string {
  const words = title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > maxLength) break;
    slug = next;
  }
  // A first word longer than the limit would leave nothing: cut it instead.
  if (!slug) return (words[0] ?? '').slice(0, maxLength);
  // A cut title should not end on a dangling `…-source-of`.
  return slug.replace(/(?:-(?:a|an|the|of|in|on|at|to|for|and|or|as|by|with|from))+$/, '');
}

/**
 * Turn a raw article into a knowledge file without touching the disk: curate it (or, for
 * a `.md` that already has front matter, take it as it is), apply the stated metadata,
 * and validate the result exactly as the loader will read it.
 */
export function prepareDocument(input: AddInput): PreparedDocument {
  const origin = checkSourceName(input.name);
  checkSourceSize(Buffer.byteLength(input.text, 'utf8'));
  const metadata = parseMetadata(input.metadata ?? {});

  let front: FrontMatter;
  let paragraphs: string[];
  let removedLines = 0;
  if (hasFrontMatter(input.text)) {
    // Already a knowledge file (say, one edited elsewhere): validate it rather than curate it again.
    const parsed = parseDocument(origin, input.text);
    if ('problems' in parsed) throw new AddRefusedError(`The file's front matter is not valid:\n${parsed.problems.map(formatProblem).join('\n')}`);
    const { file: _file, paragraphs: body, bodyHash: _hash, ...rest } = parsed.document;
    front = rest;
    paragraphs = body;
  } else {
    const curated = curateArticle(input.text);
    const title = metadata.title ?? curated.title;
    if (!title) throw new AddRefusedError('No title could be found in the article; give one with the title option.');
    front = {
      id: slugify(title),
      title,
      publisher: curated.publisher ?? null,
      authors: curated.authors,
      published: curated.published ?? null,
      url: null,
      origin,
      topics: [],
    };
    paragraphs = curated.paragraphs;
    removedLines = curated.removed.length;
  }
  return finish(front, paragraphs, removedLines, metadata);
}

/**
 * A web page's article (already extracted and curated) as a knowledge file. Its metadata is
 * what the page states; the admin's metadata, where given, wins.
 */
export function prepareExtracted(article: ExtractedArticle, provided: ProvidedMetadata = {}): PreparedDocument {
  const metadata = parseMetadata(provided);
  const title = metadata.title ?? article.title;
  if (!title) throw new AddRefusedError(`No title could be found on ${article.url}; give one with the title option.`);
  const front: FrontMatter = {
    id: slugify(title),
    title,
    publisher: article.publisher,
    authors: article.authors,
    published: article.published,
    url: article.url,
    origin: article.url,
    topics: [],
  };
  return finish(front, article.paragraphs, article.removedLines, metadata);
}

type Metadata = z.output<typeof MetadataSchema>;

function parseMetadata(provided: ProvidedMetadata): Metadata {
  const given = MetadataSchema.safeParse(stripEmpty(provided));
  if (!given.success) {
    const issue = given.error.issues[0]!;
    const what = String(issue.path[0] ?? 'metadata');
    // Schema messages shared with the loader read "must be …": name the option they are about.
    throw new AddRefusedError(/^\p{Ll}/u.test(issue.message) ? `The ${what} ${issue.message}.` : issue.message);
  }
  return given.data;
}

/** Apply the stated metadata and validate the result exactly as the loader will read it. */
function finish(front: FrontMatter, paragraphs: readonly string[], removedLines: number, metadata: Metadata): PreparedDocument {
  if (metadata.title) front.title = metadata.title;
  if (metadata.publisher) front.publisher = metadata.publisher;
  if (metadata.date) front.published = metadata.date;
  if (metadata.url) front.url = metadata.url;
  if (metadata.topics?.length) front.topics = metadata.topics;
  if (front.id.length < 3) throw new AddRefusedError(`The title "${front.title}" is too short to make an id; give a longer title.`);

  const file = `${front.id}.md`;
  const body = paragraphs.map((paragraph) => paragraph.replace(/(?<!\s)\s*\r?\n\s*/g, ' ').trim()).filter(Boolean);
  const source = stringifyFrontMatter(`${body.join('\n\n')}\n`, { ...front });
  const check = parseDocument(file, source);
  if ('problems' in check) throw new AddRefusedError(`The document would not be valid:\n${check.problems.map(formatProblem).join('\n')}`);
  if (check.document.paragraphs.join('\n') !== body.join('\n')) {
    throw new AddRefusedError('The article does not survive being written as a knowledge file unchanged; curate it by hand.');
  }
  return { id: front.id, file, source, document: check.document, removedLines };
}

/** A knowledge file's text prepared earlier (a queued feed candidate) as a document to write, validated again. */
export function preparedFromSource(file: string, source: string, removedLines = 0): PreparedDocument {
  const check = parseDocument(file, source);
  if ('problems' in check) throw new AddRefusedError(`The stored article is no longer valid:\n${check.problems.map(formatProblem).join('\n')}`);
  return { id: check.document.id, file, source, document: check.document, removedLines };
}

/** Adds run one at a time per folder, so two uploads of one article cannot both pass the duplicate check. */
const locks = new Map<string, Promise<unknown>>();

/**
 * Prepare the document, refuse a duplicate (same id, file or text as a document in the
 * folder), then write it atomically: a temporary file (ignored by the loader) renamed
 * into place. On any failure nothing is left in the folder.
 */
export function addDocument(knowledgeDir: string, input: AddInput): Promise<AddedDocument> {
  return writeDocument(knowledgeDir, () => prepareDocument(input));
}

/** Write a prepared document (see addDocument), one add at a time per folder. */
export async function writeDocument(knowledgeDir: string, prepare: PreparedDocument | (() => PreparedDocument)): Promise<AddedDocument> {
  const dir = path.resolve(knowledgeDir);
  const previous = locks.get(dir) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => write(dir, typeof prepare === 'function' ? prepare() : prepare));
  locks.set(dir, run);
  try {
    return await run;
  } finally {
    if (locks.get(dir) === run) locks.delete(dir);
  }
}

async function write(dir: string, prepared: PreparedDocument): Promise<AddedDocument> {
  const { documents, problems } = await loadKnowledge(dir);
  const target = path.join(dir, prepared.file);
  // Belt and braces: the name is a slug, but the folder boundary is what matters.
  if (path.dirname(target) !== dir) throw new AddRefusedError('The document name would leave the knowledge folder.');
  const duplicate = await findDuplicate(documents, prepared);
  if (duplicate) throw new AddRefusedError(duplicate);
  if (await exists(target)) throw new AddRefusedError(`The file ${prepared.file} already exists in the knowledge folder.`);

  const temporary = path.join(dir, `.${prepared.id}.${randomUUID()}.tmp`);
  try {
    const handle = await open(temporary, 'wx');
    try {
      await handle.writeFile(prepared.source, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  return {
    ...prepared,
    path: target,
    existing: documents,
    folderProblems: problems,
    remove: () => unlink(target).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    }),
  };
}

/** `https://Example.org/a/?x=1#top` and `https://example.org/a?x=1` are one page. */
export function sameUrl(a: string, b: string): boolean {
  const key = (raw: string) => {
    try {
      const url = new URL(raw);
      url.hash = '';
      return `${url.host.toLowerCase()}${url.pathname.replace(/\/+$/, '')}${url.search}`;
    } catch {
      return raw;
    }
  };
  return key(a) === key(b);
}

/**
 * Why this document would duplicate one already in the folder (same id, same URL, same
 * text, or most of its paragraphs), naming that document; null when it is new.
 */
export async function findDuplicate(documents: readonly KnowledgeDocument[], prepared: PreparedDocument, otherUrls: readonly string[] = []): Promise<string | null> {
  const named = (document: KnowledgeDocument) => `"${document.title}" (${document.file})`;
  const urls = [prepared.document.url, ...otherUrls].filter((url): url is string => Boolean(url));
  const sameLink = documents.find((document) => document.url !== null && urls.some((url) => sameUrl(url, document.url!)));
  if (sameLink) return `This address is already in the knowledge base as ${named(sameLink)}.`;
  const sameId = documents.find((document) => document.id === prepared.id);
  if (sameId) return `A document with the id "${prepared.id}" already exists (${sameId.file}).`;
  const sameText = documents.find((document) => document.bodyHash === prepared.document.bodyHash);
  if (sameText) return `The same text is already in the knowledge base as ${named(sameText)}.`;
  const overlap = await nearDuplicate(documents, prepared.document.paragraphs);
  if (overlap) return `Most of this text is already in the knowledge base as ${named(overlap.document)}: ${overlap.shared} of its paragraphs are the same.`;
  return null;
}

/** Share of paragraphs two documents must have in common to be one article curated twice (say, once with a caption left in). */
const NEAR_DUPLICATE = 0.8;
const normalise = (paragraph: string) => paragraph.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * The document that holds most of these paragraphs (or most of whose paragraphs are among
 * them): the same article, curated slightly differently. Yields between documents, since
 * the bot runs this on its event loop over the whole knowledge base.
 */
async function nearDuplicate(documents: readonly KnowledgeDocument[], paragraphs: readonly string[]): Promise<{ document: KnowledgeDocument; shared: number } | null> {
  const mine = new Set(paragraphs.map(normalise));
  for (let d = 0; d < documents.length; d += 1) {
    const document = documents[d]!;
    let shared = 0;
    for (const paragraph of document.paragraphs) if (mine.has(normalise(paragraph))) shared += 1;
    const smaller = Math.min(mine.size, document.paragraphs.length);
    if (shared >= 2 && shared >= NEAR_DUPLICATE * smaller) return { document, shared };
    if (d % 64 === 63) await new Promise((resolve) => setImmediate(resolve));
  }
  return null;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

function stripEmpty(metadata: ProvidedMetadata): ProvidedMetadata {
  return Object.fromEntries(Object.entries(metadata).filter(([, value]) => typeof value === 'string' && value.trim() !== ''));
}
