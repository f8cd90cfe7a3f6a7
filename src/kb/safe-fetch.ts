import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { AddRefusedError, formatBytes, overLimit } from './source-file.ts';

/** A page or feed the fetcher refused or could not get: one line, fit to show as is. Nothing was written. */
export class FetchRefusedError extends AddRefusedError {
  constructor(message: string) {
    super(message);
    this.name = 'FetchRefusedError';
  }
}

export interface FetchPolicy {
  /** KB_FETCH_ALLOW_PRIVATE: let private, loopback and link-local addresses through (tests, an intranet). */
  allowPrivate: boolean;
  /** Single addresses let through although private (the tests' own loopback server), every other private one still refused. */
  allowAddresses?: readonly string[];
  /** The whole exchange (every redirect, headers and body) must finish within this. */
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

export const DEFAULT_FETCH_POLICY: FetchPolicy = { allowPrivate: false, timeoutMs: 15_000, maxBytes: 2 * 1024 * 1024, maxRedirects: 5 };

/** What a response may be: an article page, or a feed. */
export type Expect = 'html' | 'feed';

const ACCEPTED: Record<Expect, readonly string[]> = {
  html: ['text/html', 'application/xhtml+xml'],
  feed: ['application/rss+xml', 'application/atom+xml', 'application/xml', 'text/xml', 'application/rdf+xml', 'application/feed+xml'],
};
const ACCEPT_HEADER: Record<Expect, string> = {
  html: 'text/html,application/xhtml+xml;q=0.9',
  feed: 'application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.8',
};

export interface FetchRequest {
  url: string;
  expect: Expect;
  /** Conditional GET: the validators of the last answer (feeds). */
  etag?: string | null;
  lastModified?: string | null;
}

export type FetchResult =
  | { notModified: true; url: string }
  | { notModified: false; url: string; body: string; contentType: string; etag: string | null; lastModified: string | null };

/**
 * Addresses nobody on the public internet should make the bot contact: loopback, private
 * networks, link-local (cloud metadata lives at 169.254.169.254), carrier-grade NAT, multicast,
 * reserved and their IPv6 counterparts.
 */
const BLOCKED = (() => {
  const list = new BlockList();
  for (const [net, prefix] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 3],
  ] as const) {
    list.addSubnet(net, prefix, 'ipv4');
  }
  for (const [net, prefix] of [
    ['::', 128],
    ['::1', 128],
    ['64:ff9b::', 96],
    ['100::', 64],
    ['2001:db8::', 32],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
  ] as const) {
    list.addSubnet(net, prefix, 'ipv6');
  }
  return list;
})();

/** True for an address in a private, loopback, link-local or reserved range (IPv4-mapped IPv6 included). */
function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return BLOCKED.check(mapped, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * Resolves a host name and refuses it if any of its addresses is private; the connection
 * then goes to the address checked here (node passes this `lookup` to the socket), so a
 * name that resolves differently a moment later (DNS rebinding) cannot slip through.
 */
function checkedLookup(policy: FetchPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as LookupAddress[];
      const blocked = list.find((entry) => refused(entry.address, policy));
      if (blocked) return callback(new PrivateAddressError(hostname, blocked.address), '', 0);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      if (options.all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, list);
      callback(null, first.address, first.family);
    });
  };
}

class PrivateAddressError extends Error {
  constructor(host: string, address: string) {
    super(`${host} resolves to ${address}, a private or local address; the bot fetches only public addresses (KB_FETCH_ALLOW_PRIVATE=true allows others).`);
  }
}

const refused = (address: string, policy: FetchPolicy) => !policy.allowPrivate && isPrivateAddress(address) && !(policy.allowAddresses ?? []).includes(address);

/** Parse and check an address given by a user or a page: http(s), no credentials. */
export function checkUrl(raw: string, policy: FetchPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new FetchRefusedError(`"${printable(raw)}" is not a web address.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new FetchRefusedError(`Only http and https addresses can be fetched, not ${url.protocol.replace(/:$/, '')}.`);
  if (url.username || url.password) throw new FetchRefusedError('The address must not carry a user name or password.');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) && refused(host, policy)) {
    throw new FetchRefusedError(`${host} is a private or local address; the bot fetches only public addresses (KB_FETCH_ALLOW_PRIVATE=true allows others).`);
  }
  url.hash = '';
  return url;
}

/**
 * GET a page or feed, following at most `maxRedirects` redirects (each re-checked as a new
 * address), within one deadline and one size cap, accepting only the expected content types.
 * Every refusal is a FetchRefusedError with one line.
 */
export async function safeFetch(request: FetchRequest, policy: FetchPolicy = DEFAULT_FETCH_POLICY): Promise<FetchResult> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
  timer.unref();
  let url = checkUrl(request.url, policy);
  try {
    for (let hop = 0; ; hop += 1) {
      const response = await get(url, request, policy, controller.signal);
      const status = response.statusCode ?? 0;
      if ([301, 302, 303, 307, 308].includes(status)) {
        response.resume();
        const location = response.headers.location;
        if (!location) throw new FetchRefusedError(`${url.host} answered a redirect (HTTP ${status}) without saying where to.`);
        if (hop >= policy.maxRedirects) throw new FetchRefusedError(`Too many redirects (more than ${policy.maxRedirects}) from ${request.url}.`);
        url = checkUrl(new URL(location, url).href, policy);
        continue;
      }
      if (status === 304 && (request.etag || request.lastModified)) {
        response.resume();
        return { notModified: true, url: url.href };
      }
      if (status < 200 || status > 299) {
        response.resume();
        throw new FetchRefusedError(`${url.href} answered HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}.`);
      }
      const contentType = (response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (!ACCEPTED[request.expect].includes(contentType)) {
        response.resume();
        const wanted = request.expect === 'html' ? 'an HTML page' : 'an RSS or Atom feed';
        throw new FetchRefusedError(`${url.href} is ${contentType || 'of no stated type'}, not ${wanted}.`);
      }
      const declared = Number(response.headers['content-length'] ?? NaN);
      if (declared > policy.maxBytes) {
        response.destroy();
        throw new FetchRefusedError(`The page ${overLimit(declared, policy.maxBytes)}.`);
      }
      const bytes = await readCapped(response, policy.maxBytes);
      return {
        notModified: false,
        url: url.href,
        body: decode(bytes, response.headers['content-type'] ?? ''),
        contentType,
        etag: header(response.headers.etag),
        lastModified: header(response.headers['last-modified']),
      };
    }
  } catch (error) {
    if (error instanceof FetchRefusedError) throw error;
    if (controller.signal.aborted) throw new FetchRefusedError(`${url.host} did not answer within ${policy.timeoutMs < 1000 ? `${policy.timeoutMs} ms` : `${Math.round(policy.timeoutMs / 1000)} s`}.`);
    const cause = error instanceof PrivateAddressError ? error : ((error as { cause?: unknown }).cause ?? error);
    if (cause instanceof PrivateAddressError) throw new FetchRefusedError(cause.message);
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') throw new FetchRefusedError(`${url.hostname} could not be found.`);
    if (code === 'ECONNREFUSED') throw new FetchRefusedError(`${url.host} refused the connection.`);
    throw new FetchRefusedError(`${url.host} could not be fetched (${(cause as Error).message || code || 'connection failed'}).`);
  } finally {
    clearTimeout(timer);
  }
}

function get(url: URL, request: FetchRequest, policy: FetchPolicy, signal: AbortSignal): Promise<http.IncomingMessage> {
  const headers: Record<string, string> = { accept: ACCEPT_HEADER[request.expect], 'user-agent': 'fentanyl-briefing-bot (knowledge-base curation)' };
  if (request.etag) headers['if-none-match'] = request.etag;
  if (request.lastModified) headers['if-modified-since'] = request.lastModified;
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.get(url, { headers, signal, lookup: checkedLookup(policy), agent: false }, resolve);
    req.on('error', reject);
  });
}

function readCapped(response: http.IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    response.on('data', (chunk: Buffer) => {
      total += chunk.byteLength;
      if (total > maxBytes) {
        // Settled before the socket is cut, so the cut is not what the caller hears.
        reject(new FetchRefusedError(`The page is larger than the limit of ${formatBytes(maxBytes)}.`));
        response.destroy();
        return;
      }
      chunks.push(chunk);
    });
    response.on('end', () => resolve(Buffer.concat(chunks)));
    response.on('error', reject);
    response.on('aborted', () => reject(new Error('the connection was cut')));
  });
}

/** The body as text in the charset the server states (UTF-8 when it states none or one we do not know). */
function decode(bytes: Buffer, contentType: string): string {
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

const header = (value: string | string[] | undefined) => (Array.isArray(value) ? (value[0] ?? null) : (value ?? null));

function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 120);
}
