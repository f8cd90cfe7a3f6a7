/**
 * The emulated CDN: serves the bytes of attachments that an interaction carried, at the signed URL
 * its payload gave (`/ephemeral-attachments/<channel>/<id>/<filename>?ex=&is=&hm=`). Like Discord's
 * CDN it needs no Authorization header, answers a missing, unsigned, mis-signed or expired URL with
 * 404, and sends Content-Type and Content-Length. Every request is logged in `world.cdnRequests`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AttachmentRecord, World } from './state.ts';
import type { CdnRequest } from './types.ts';

const CDN_PATH = /^\/(?:ephemeral-attachments|attachments)\/(\d{17,20})\/(\d{17,20})\/([^/]+)$/;
const GONE = 'This content is no longer available.';

export function isCdnPath(url: string | undefined): boolean {
  const pathname = new URL(url ?? '/', 'http://127.0.0.1').pathname;
  return pathname.startsWith('/ephemeral-attachments/') || pathname.startsWith('/attachments/');
}

export function createCdnHandler({ world, log }: { world: World; log: (line: string) => void }): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    const match = CDN_PATH.exec(url.pathname);
    const record = match ? world.attachments.get(match[2]!) : undefined;
    const entry: CdnRequest = { method, path: url.pathname, query, attachmentId: record?.id ?? null, status: 0, bytes: 0, at: Date.now() };

    let status: number;
    let headers: Record<string, string | number>;
    let body: Buffer | string;
    if (method !== 'GET' && method !== 'HEAD') {
      [status, headers, body] = [405, { Allow: 'GET, HEAD' }, ''];
    } else if (!match || !record || !validSignature(record, match[1]!, match[3]!, query)) {
      [status, headers, body] = [404, { 'Content-Type': 'text/plain; charset=utf-8' }, GONE];
    } else {
      [status, headers, body] = [200, { 'Content-Type': record.contentType ?? 'application/octet-stream', 'Cache-Control': 'public, max-age=31536000' }, record.bytes];
    }
    const length = Buffer.byteLength(body);
    entry.status = status;
    entry.bytes = method === 'HEAD' ? 0 : length;
    // The request has no body to speak of; drain it so the socket is reusable.
    req.resume();
    res.writeHead(status, { ...headers, 'Content-Length': length });
    res.end(method === 'HEAD' ? undefined : body);
    world.cdnRequests.push(entry);
    log(`CDN ${method} ${url.pathname} → ${status}`);
    world.changed();
  };
}

/** The path and query must be exactly what the interaction payload gave, and not expired. */
function validSignature(record: AttachmentRecord, channelId: string, encodedName: string, query: Record<string, string>): boolean {
  const issued = record.issued;
  if (!issued || issued.channelId !== channelId) return false;
  let name: string;
  try {
    name = decodeURIComponent(encodedName);
  } catch {
    return false;
  }
  if (name !== record.filename) return false;
  if (query.ex !== issued.ex.toString(16) || query.is !== issued.is.toString(16) || query.hm !== issued.hm) return false;
  return Date.now() / 1000 < issued.ex;
}
