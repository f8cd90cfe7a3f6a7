import path from 'node:path';

/** Largest raw article `kb add` accepts, in bytes. */
export const MAX_SOURCE_BYTES = 1024 * 1024;
const SOURCE_EXTENSIONS = ['.txt', '.md'] as const;

/** A refusal fit to show the admin as is: nothing was written. */
export class AddRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AddRefusedError';
  }
}

/**
 * Check the name a raw article arrived under (an attachment's, or a local file's base name)
 * and return it as recorded in `origin`. The name never becomes a path: the knowledge file
 * is named after the id, so this only refuses names that try to be one.
 */
export function checkSourceName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new AddRefusedError('The file has no name.');
  // eslint-disable-next-line no-control-regex
  if (/[/\\\u0000-\u001f\u007f]/.test(trimmed) || trimmed.split('.').every((part) => part === '')) {
    throw new AddRefusedError(`"${printable(trimmed)}" is not a plain file name: it must not contain a path, slashes or control characters.`);
  }
  if (trimmed.startsWith('.')) throw new AddRefusedError(`"${printable(trimmed)}" is a hidden file name; give the file a plain name.`);
  if (trimmed.length > 200) throw new AddRefusedError('The file name is longer than 200 characters.');
  const extension = path.extname(trimmed).toLowerCase();
  if (!(SOURCE_EXTENSIONS as readonly string[]).includes(extension)) {
    throw new AddRefusedError(`"${printable(trimmed)}" is not a .txt or .md file: only plain-text articles can be added.`);
  }
  return trimmed;
}

export function checkSourceSize(bytes: number): void {
  if (bytes > MAX_SOURCE_BYTES) {
    throw new AddRefusedError(`The file ${overLimit(bytes, MAX_SOURCE_BYTES)}.`);
  }
}

/** Strict UTF-8 text, or a refusal: a binary file renamed to .txt is not an article. */
export function decodeSource(bytes: Uint8Array): string {
  checkSourceSize(bytes.byteLength);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new AddRefusedError('The file is not UTF-8 text.');
  }
  if (text.includes('\u0000')) throw new AddRefusedError('The file contains binary data, not text.');
  if (!text.trim()) throw new AddRefusedError('The file is empty.');
  return text;
}

/** "is 1.2 MB; the limit is 1 MB", in exact bytes when both round to the same figure. */
export function overLimit(bytes: number, limit: number): string {
  const [size, max] = formatBytes(bytes) === formatBytes(limit) ? [`${bytes.toLocaleString('en-US')} bytes`, `${limit.toLocaleString('en-US')} bytes`] : [formatBytes(bytes), formatBytes(limit)];
  return `is ${size}; the limit is ${max}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2).replace(/\.?0+$/, '')} MB`;
}

function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 80);
}
