import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { curateArticle } from '../knowledge/curate.ts';
import { PartialIsoDate } from '../knowledge/schema.ts';
import { AddRefusedError } from './source-file.ts';

/** An article read off a web page: metadata the page states (null otherwise) and its paragraphs, verbatim. */
export interface ExtractedArticle {
  title: string | null;
  authors: string[];
  published: string | null;
  publisher: string | null;
  url: string;
  paragraphs: string[];
  /** Blocks dropped as page chrome: captions, credits, teasers, widgets, bylines. */
  removedLines: number;
}

/** Elements that are never article text, removed before Readability looks at the page. */
const NEVER_TEXT =
  'script, style, noscript, template, iframe, object, embed, svg, canvas, form, button, input, select, textarea, figure, figcaption, picture, video, audio, nav, aside, footer, [role="navigation"], [role="complementary"], [role="contentinfo"], [aria-hidden="true"]';
/** Blocks whose text becomes paragraphs; a block inside another is read as part of the outer one only when it has no block of its own. */
const BLOCKS = 'p, li, blockquote, pre, h2, h3, h4, h5, h6';
/** A block mostly made of link text is a teaser or a list of related links. */
const LINK_DENSITY = 0.5;

type Doc = ReturnType<typeof parseHTML>['document'];
type Node = ReturnType<Doc['querySelector']> & object;

/**
 * Extract the article of an HTML page: metadata from the page's own tags, the text with
 * Mozilla's Readability (what read-later apps use), then the same whole-line curation as an
 * uploaded article, which drops bylines, credits, teasers and widgets Readability kept.
 */
export function extractArticle(html: string, pageUrl: string): ExtractedArticle {
  const { document } = parseHTML(html);
  const meta = (selector: string) => clean(document.querySelector(selector)?.getAttribute('content') ?? '') || null;
  const title = meta('meta[property="og:title"]') ?? (clean(document.querySelector('h1')?.textContent ?? '') || null);
  const publisher = meta('meta[property="og:site_name"]');
  const published =
    isoDate(meta('meta[property="article:published_time"]')) ??
    isoDate(meta('meta[name="date"]')) ??
    isoDate(document.querySelector('time[datetime]')?.getAttribute('datetime') ?? null);
  const metaAuthors = splitNames(meta('meta[name="author"]') ?? meta('meta[property="article:author"]'));

  const captions = [...document.querySelectorAll('figcaption')].map((node) => clean(node.textContent ?? '')).filter(Boolean);
  for (const node of [...document.querySelectorAll(NEVER_TEXT)]) node.remove();

  const parsed = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: 200 }).parse();
  if (!parsed?.content) throw new AddRefusedError(`No article text could be found at ${pageUrl}.`);
  const blocks = textBlocks(parseHTML(`<!doctype html><html><body>${parsed.content}</body></html>`).document);
  const headings = new Set(blocks.filter((block) => block.heading).map((block) => block.text));
  let dropped = blocks.length;
  const paragraphs = blocks.filter((block) => !block.heading && !block.links).map((block) => block.text);
  dropped -= paragraphs.length;

  // The headline first, so curation reads the byline block under it as it does for an upload.
  const headline = title ?? clean(parsed.title ?? '');
  const curated = curateArticle([headline, ...paragraphs].join('\n\n'), { dropLines: captions.filter((caption) => !headings.has(caption)) });
  const body = curated.paragraphs[0] === headline ? curated.paragraphs.slice(1) : curated.paragraphs;
  if (!body.length) throw new AddRefusedError(`No article paragraphs could be found at ${pageUrl}.`);
  const bylineAuthors = splitNames(clean(parsed.byline ?? '').replace(/^by\s+/i, '') || null).filter((name) => name.split(' ').length <= 5);
  return {
    title,
    authors: metaAuthors.length ? metaAuthors : curated.authors.length ? curated.authors : bylineAuthors,
    published: published ?? curated.published,
    publisher: publisher ?? curated.publisher,
    url: pageUrl,
    paragraphs: body,
    removedLines: dropped + curated.removed.filter((line) => line.line !== headline).length,
  };
}

interface Block {
  text: string;
  heading: boolean;
  /** Mostly links: a teaser or related-links list. */
  links: boolean;
}

function textBlocks(document: Doc): Block[] {
  const blocks: Block[] = [];
  for (const node of document.querySelectorAll(BLOCKS) as Iterable<Node>) {
    if (node.querySelector(BLOCKS)) continue;
    const text = clean(node.textContent ?? '');
    if (!text) continue;
    const linkText = [...node.querySelectorAll('a')].reduce((sum, link) => sum + clean(link.textContent ?? '').length, 0);
    blocks.push({ text, heading: /^H\d$/i.test(node.tagName), links: linkText > LINK_DENSITY * text.length });
  }
  return blocks;
}

/** Whitespace as one space: the only change made to a paragraph's text. */
function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `2024-04-04T09:30:00Z` → `2024-04-04`; anything that is not an ISO date stays unknown. */
function isoDate(value: string | null): string | null {
  const match = /^\s*(\d{4}(?:-\d{2}(?:-\d{2})?)?)/.exec(value ?? '')?.[1];
  return match && PartialIsoDate.safeParse(match).success ? match : null;
}

/** `Jane Roe, John Doe` or `Jane Roe and John Doe` → names; a URL (some sites put a profile link there) is no name. */
function splitNames(value: string | null): string[] {
  if (!value || /^https?:/i.test(value)) return [];
  return [...new Set(value.split(/\s*(?:,|;|\band\b|&)\s*/).map(clean).filter((name) => name.length > 1 && name.length <= 100))];
}
