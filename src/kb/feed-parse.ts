import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AddRefusedError } from './source-file.ts';

export interface FeedItem {
  /** The article's address, resolved against the feed's. */
  url: string;
  title: string | null;
}

export interface ParsedFeed {
  title: string | null;
  items: FeedItem[];
}

/** Items read from one feed answer; a feed that lists more keeps its newest (first) ones. */
const MAX_FEED_ITEMS = 50;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Entities are text, never expanded from a DOCTYPE (no billion-laughs).
  processEntities: true,
  htmlEntities: false,
  isArray: (name) => ['item', 'entry', 'link'].includes(name),
});

/**
 * RSS 2.0, RSS 1.0 (RDF) and Atom, parsed with fast-xml-parser: each item's link and title.
 * Anything else, or XML that is not well formed, is refused with one line.
 */
export function parseFeed(xml: string, feedUrl: string): ParsedFeed {
  if (/<!DOCTYPE[^>]*\[/i.test(xml)) throw new AddRefusedError(`${feedUrl} declares its own entities; such feeds are not read.`);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new AddRefusedError(`${feedUrl} is not a well-formed feed (line ${valid.err.line}: ${valid.err.msg}).`);
  const tree = parser.parse(xml) as Record<string, unknown>;
  const rss = get(tree, 'rss', 'channel') ?? get(tree, 'rdf:RDF');
  const atom = get(tree, 'feed');
  let title: string | null;
  let raw: { link: string | null; title: string | null }[];
  if (rss) {
    const channel = get(tree, 'rss', 'channel') ?? get(tree, 'rdf:RDF', 'channel');
    title = text(get(channel, 'title'));
    const items = (get(rss, 'item') ?? get(tree, 'rdf:RDF', 'item') ?? []) as unknown[];
    raw = items.map((item) => ({ link: text(first(get(item, 'link'))) ?? text(get(item, 'guid')), title: text(get(item, 'title')) }));
  } else if (atom) {
    title = text(get(atom, 'title'));
    const entries = (get(atom, 'entry') ?? []) as unknown[];
    raw = entries.map((entry) => {
      const links = (get(entry, 'link') ?? []) as unknown[];
      const alternate = links.find((link) => (text(get(link, '@rel')) ?? 'alternate') === 'alternate') ?? links[0];
      return { link: text(get(alternate, '@href')), title: text(get(entry, 'title')) };
    });
  } else {
    throw new AddRefusedError(`${feedUrl} is XML but neither an RSS nor an Atom feed.`);
  }
  const items: FeedItem[] = [];
  const seen = new Set<string>();
  for (const entry of raw) {
    if (!entry.link) continue;
    let url: string;
    try {
      url = new URL(entry.link, feedUrl).href;
    } catch {
      continue;
    }
    if (!/^https?:/.test(url) || seen.has(url)) continue;
    seen.add(url);
    items.push({ url, title: entry.title });
    if (items.length >= MAX_FEED_ITEMS) break;
  }
  return { title, items };
}

function get(node: unknown, ...path: string[]): unknown {
  let current = node;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value);

/** A text node, or an element's text (`#text`), trimmed; null when empty. */
function text(value: unknown): string | null {
  if (typeof value === 'string' || typeof value === 'number') return String(value).trim() || null;
  const inner = get(value, '#text');
  return typeof inner === 'string' ? inner.trim() || null : null;
}
