/**
 * Attachment options (type 11) the way Discord handles them: the client uploads the file first,
 * the command's option value is the attachment's id, and `data.resolved.attachments[id]` describes
 * it (`ephemeral: true`) with a signed, expiring CDN URL. Here the "CDN" is the emulator's own
 * origin (cdn.ts serves the bytes), so a bot's real download works on loopback.
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { APIAttachment } from 'discord-api-types/v10';
import { snowflake } from './ids.ts';
import type { AttachmentRecord, World } from './state.ts';
import type { AttachmentSpec, UploadedAttachment } from './types.ts';

/** `attachment_size_limit` of every interaction: 10 MiB, what a server without boosts allows. */
export const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;
/** Ephemeral attachment URLs are signed for 24 hours (`ex` − `is`). */
const URL_LIFETIME_S = 24 * 60 * 60;

/** What Discord reports as `content_type` for common extensions (text gets an explicit charset). */
const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.markdown': 'text/markdown; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

export function inferContentType(filename: string): string | null {
  return CONTENT_TYPES[path.extname(filename).toLowerCase()] ?? null;
}

/** Store an upload (what the Discord client does before it sends the command) and return its id. */
export function uploadAttachment(world: World, spec: AttachmentSpec): UploadedAttachment {
  if (typeof spec.filename !== 'string' || spec.filename.length === 0) throw new Error('uploadAttachment: a filename is required');
  const bytes = typeof spec.content === 'string' ? Buffer.from(spec.content, 'utf8') : Buffer.from(spec.content);
  // The client refuses the file before anything is sent.
  if (bytes.byteLength > ATTACHMENT_SIZE_LIMIT) {
    throw new Error(`uploadAttachment: ${spec.filename} is ${bytes.byteLength} bytes; Discord's client refuses uploads over attachment_size_limit (${ATTACHMENT_SIZE_LIMIT})`);
  }
  const size = spec.size ?? bytes.byteLength;
  if (!Number.isSafeInteger(size) || size < 0) throw new Error(`uploadAttachment: size must be a non-negative integer, got ${String(spec.size)}`);
  const record: AttachmentRecord = {
    id: snowflake(),
    filename: spec.filename,
    bytes,
    contentType: spec.contentType === undefined ? inferContentType(spec.filename) : spec.contentType,
    size,
    description: spec.description ?? null,
    issued: null,
  };
  world.attachments.set(record.id, record);
  return publicView(record);
}

export function publicView(record: AttachmentRecord): UploadedAttachment {
  return { id: record.id, filename: record.filename, size: record.size, bytes: record.bytes.byteLength, contentType: record.contentType };
}

/**
 * The attachment an option refers to. An id that was never uploaded, or that another interaction
 * already carried, is a test bug: Discord only sends ids of files uploaded for this very command.
 */
export function attachmentForOption(world: World, id: string, optionName: string): AttachmentRecord {
  const record = world.attachments.get(id);
  if (!record) throw new Error(`dispatch: attachment option "${optionName}" refers to ${id}, which was never uploaded (use emu.uploadAttachment or the option's \`attachment\`)`);
  if (record.issued) throw new Error(`dispatch: attachment ${id} (${record.filename}) was already sent with interaction ${record.issued.interactionId}; upload the file again for another command`);
  return record;
}

/** Bind the upload to the interaction carrying it: its channel goes in the path, and the URL is signed. */
export function issueAttachment(record: AttachmentRecord, interactionId: string, channelId: string, at: number = Date.now()): void {
  const is = Math.floor(at / 1000);
  record.issued = {
    interactionId,
    channelId,
    path: `/ephemeral-attachments/${channelId}/${record.id}/${encodeURIComponent(record.filename)}`,
    is,
    ex: is + URL_LIFETIME_S,
    hm: randomBytes(32).toString('hex'),
  };
}

/** `https://cdn.discordapp.com/ephemeral-attachments/…?ex=…&is=…&hm=…&`, on the emulator's origin. */
export function signedUrl(record: AttachmentRecord, origin: string): string {
  const issued = record.issued;
  if (!issued) throw new Error(`attachment ${record.id} has not been sent with an interaction yet`);
  return `${origin}${issued.path}?ex=${issued.ex.toString(16)}&is=${issued.is.toString(16)}&hm=${issued.hm}&`;
}

/** `data.resolved.attachments[id]` as Discord sends it for an attachment option. */
export function resolvedAttachmentPayload(record: AttachmentRecord, origin: string): APIAttachment {
  const url = signedUrl(record, origin);
  return {
    id: record.id,
    filename: record.filename,
    size: record.size,
    url,
    // Discord's proxy is media.discordapp.net with the same path and signature; here both are this origin.
    proxy_url: url,
    ...(record.contentType !== null ? { content_type: record.contentType } : {}),
    ...(record.description !== null ? { description: record.description } : {}),
    ephemeral: true,
  };
}
