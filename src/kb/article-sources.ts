import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { prepareDocument, prepareExtracted, type PreparedDocument, type ProvidedMetadata } from './add-document.ts';
import { AttachmentRef, checkContentType, type AttachmentFetcher } from './attachment.ts';
import { safeFetch, type FetchPolicy } from './safe-fetch.ts';
import { AddRefusedError, MAX_SOURCE_BYTES, checkSourceName, checkSourceSize, decodeSource, overLimit } from './source-file.ts';

/**
 * The three ways an article arrives, each turned into a prepared (not yet written) document.
 * Every refusal is an AddRefusedError with one line.
 */

/** A file on this machine (`npm run kb -- add <file>`). */
export async function readLocalFile(file: string, metadata: ProvidedMetadata = {}): Promise<PreparedDocument> {
  const name = checkSourceName(path.basename(file));
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new AddRefusedError(`${file} does not exist.`);
    throw error;
  }
  if (size > MAX_SOURCE_BYTES) throw new AddRefusedError(`${name} ${overLimit(size, MAX_SOURCE_BYTES)}.`);
  return prepareDocument({ name, text: decodeSource(await readFile(file)), metadata });
}

/** A Discord attachment (`/kb add file:`), given as the JSON the Discord layer made of it. */
export async function readAttachment(json: string, fetcher: AttachmentFetcher, metadata: ProvidedMetadata = {}): Promise<PreparedDocument> {
  let ref: AttachmentRef;
  try {
    ref = AttachmentRef.parse(JSON.parse(json));
  } catch {
    throw new AddRefusedError('The attachment could not be read; attach a .txt or .md file.');
  }
  const name = checkSourceName(ref.name);
  checkSourceSize(ref.size);
  checkContentType(ref.contentType);
  return prepareDocument({ name, text: decodeSource(await fetcher(ref, MAX_SOURCE_BYTES)), metadata });
}

/** A web page (`kb add --url`, `/kb add url:`, a feed item): fetched safely, extracted, curated. */
export async function readWebPage(url: string, policy: FetchPolicy, metadata: Omit<ProvidedMetadata, 'url'> = {}): Promise<PreparedDocument> {
  const page = await safeFetch({ url, expect: 'html' }, policy);
  if (page.notModified) throw new AddRefusedError(`${url} answered "not modified" to a plain request.`);
  // Loaded on first use: the DOM and Readability are not needed to start the bot or the command line.
  const { extractArticle } = await import('./extract.ts');
  return prepareExtracted(extractArticle(page.body, page.url), metadata);
}
