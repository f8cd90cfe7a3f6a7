import { z } from 'zod';
import { AddRefusedError, MAX_SOURCE_BYTES, formatBytes, overLimit } from './source-file.ts';

/**
 * How `/kb add` receives its `file` option. RawOptions carries primitives only, so the
 * Discord layer passes the resolved attachment as JSON made by `attachmentOption` (src/discord/invoker.ts).
 */
export const AttachmentRef = z.object({
  url: z.url({ protocol: /^https?$/ }),
  name: z.string().min(1),
  /** Bytes, as Discord reports it: checked before anything is downloaded. */
  size: z.number().int().nonnegative(),
  contentType: z.string().nullish(),
});
export type AttachmentRef = z.infer<typeof AttachmentRef>;

export function attachmentOption(attachment: { url: string; name: string; size: number; contentType?: string | null }): string {
  return JSON.stringify({ url: attachment.url, name: attachment.name, size: attachment.size, contentType: attachment.contentType ?? null });
}

/** Fetches an attachment's bytes, refusing more than `maxBytes`. Injected so tests and the emulator need no network. */
export type AttachmentFetcher = (ref: AttachmentRef, maxBytes: number) => Promise<Uint8Array>;

/** Types that are never an article, whatever the file name says. */
export function checkContentType(contentType: string | null | undefined): void {
  if (!contentType) return;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  if (type.startsWith('text/') || type === 'application/octet-stream' || type === 'application/x-markdown') return;
  throw new AddRefusedError(`The file is ${type}, not plain text.`);
}

/** Download over HTTP(S), streaming, and stop as soon as the body passes the limit (a wrong `size` cannot smuggle more). */
export const fetchAttachment: AttachmentFetcher = async (ref, maxBytes = MAX_SOURCE_BYTES) => {
  let response: Response;
  try {
    response = await fetch(ref.url, { signal: AbortSignal.timeout(15_000), redirect: 'follow' });
  } catch (error) {
    throw new AddRefusedError(`The attachment could not be downloaded (${(error as Error).message}).`);
  }
  if (!response.ok || !response.body) throw new AddRefusedError(`The attachment could not be downloaded (HTTP ${response.status}).`);
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await response.body.cancel();
    throw new AddRefusedError(`The file ${overLimit(declared, maxBytes)}.`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw new AddRefusedError(`The file is larger than the limit of ${formatBytes(maxBytes)}.`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
};
