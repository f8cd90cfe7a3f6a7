/**
 * HTTP plumbing for the REST emulator: body parsing (JSON, or multipart with payload_json as
 * discord.js sends when files are attached), Discord-style responses, and a small path router.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errors } from './errors.ts';
import type { RecordedFile } from './types.ts';

export interface ParsedBody {
  body: unknown;
  files: RecordedFile[];
}

export async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Parse a request body the way Discord does; malformed JSON is 400 50109. */
export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody> {
  if (raw.length === 0) return { body: undefined, files: [] };
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    // Node's fetch Response can decode multipart; no extra dependency needed.
    const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType ?? '' } }).formData();
    let body: unknown;
    const files: RecordedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (field === 'payload_json' && typeof value === 'string') body = parseJson(value);
      else if (typeof value !== 'string') files.push({ field, filename: value.name, contentType: value.type || 'application/octet-stream', size: value.size });
    }
    return { body, files };
  }
  if (type.startsWith('application/json')) return { body: parseJson(raw.toString('utf8')), files: [] };
  // Discord only speaks JSON (and form data); anything else is not a valid body.
  throw errors.invalidJson();
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw errors.invalidJson();
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (status === 204 || body === undefined) {
    res.writeHead(status, headers);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export interface RouteRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
  files: RecordedFile[];
}

export interface RouteResult {
  status: number;
  body?: unknown;
}

export interface Route {
  method: string;
  pattern: RegExp;
  /** false for interaction/webhook-token routes, which Discord authenticates by the token in the path. */
  auth: boolean;
  handler: (req: RouteRequest) => RouteResult | Promise<RouteResult>;
}

/** `'/channels/:channelId/messages'` → a route whose params hold `channelId`. */
export function route(method: string, template: string, auth: boolean, handler: Route['handler']): Route {
  const source = template
    .split('/')
    .map((part) => (part.startsWith(':') ? `(?<${part.slice(1)}>[^/]+)` : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return { method, pattern: new RegExp(`^${source}$`), auth, handler };
}

export type Match = { route: Route; params: Record<string, string> } | { methodNotAllowed: true } | undefined;

export function matchRoute(routes: readonly Route[], method: string, path: string): Match {
  let pathKnown = false;
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    pathKnown = true;
    if (r.method !== method) continue;
    const params: Record<string, string> = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) params[k] = decodeURIComponent(v);
    return { route: r, params };
  }
  return pathKnown ? { methodNotAllowed: true } : undefined;
}
