/**
 * Curation of a raw clipped article (a web page saved as text) into clean paragraphs.
 *
 * Only whole lines are ever removed, and only lines that are page chrome: navigation,
 * image lines, photo credits, comment widgets, related-story teasers, bylines, datelines,
 * footers. Every other line is kept exactly as written (typos included): the knowledge
 * base quotes its sources, so curation must not re-type them. When a rule is not sure a
 * line is chrome, the line stays.
 *
 * Metadata (title, authors, date, publisher) is read off the page only where the page
 * states it; anything not stated stays empty, never guessed.
 *
 * This file runs the phases; the rules live in curate/: chrome-rules (any line), the
 * header and byline zones (header-zone, byline-zone, with navigation, contacts, bylines,
 * names, datelines, publisher) and footers.
 */
import { readBylineLine } from './curate/byline-zone.ts';
import { anywhereReason } from './curate/chrome-rules.ts';
import { isFooter } from './curate/footers.ts';
import { readHeaderLine } from './curate/header-zone.ts';
import { publisherFromDomain } from './curate/publisher.ts';
import { PageReading } from './curate/reading.ts';
import type { Line, Phase, RemovalReason } from './curate/types.ts';

export interface RemovedLine {
  line: string;
  reason: RemovalReason;
}

export interface CuratedArticle {
  title: string | null;
  authors: string[];
  /** ISO date as far as the page states it: YYYY-MM-DD, YYYY-MM or YYYY; null when no dateline gives a year. */
  published: string | null;
  publisher: string | null;
  /** The article text, one paragraph per non-empty body line, verbatim and in order. */
  paragraphs: string[];
  /** Every line taken out, in page order, with the rule that took it. */
  removed: RemovedLine[];
}

export interface CurateOptions {
  /**
   * Extra whole lines to drop (compared after trimming), for chrome no rule can tell from
   * text by itself, typically a photo caption between two paragraphs. A plain string is
   * dropped as a `caption`.
   */
  dropLines?: ReadonlyArray<string | RemovedLine>;
}

/**
 * Curate one raw article. Pure: the same text (and options) always gives the same result.
 *
 * The page is read in three zones: the header (before the title: navigation, logos,
 * section names), the byline block (between the title and the first paragraph: authors,
 * dates, publication, photo credit, language links) and the body (paragraphs, among which
 * images, credits, teasers and widgets are still recognised). Footers are recognised at
 * the end of the body only.
 */
export function curateArticle(raw: string, options: CurateOptions = {}): CuratedArticle {
  const extra = new Map<string, RemovalReason>();
  for (const entry of options.dropLines ?? []) {
    if (typeof entry === 'string') extra.set(entry.trim(), 'caption');
    else extra.set(entry.line.trim(), entry.reason);
  }

  const lines: Line[] = raw
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((text, index) => ({ text: text.trim(), index }))
    .filter((line) => line.text !== '');

  const page = new PageReading();
  const body: Line[] = [];
  let phase: Phase = 'header';

  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    const anywhere = extra.get(line.text) ?? anywhereReason(line.text);
    if (anywhere) {
      page.drop(line, anywhere);
      continue;
    }
    if (phase !== 'body') {
      // A zone that takes the line says which zone reads the next one; a line it does not take opens the body.
      const taken: Phase | null = phase === 'header' ? readHeaderLine(page, lines, i) : readBylineLine(page, lines, i);
      if (taken) {
        phase = taken;
        continue;
      }
      phase = 'body';
    }
    body.push(line);
  }

  // Footers (tips lines, copyright, "follow the reporter") close the page: strip them from the end only.
  while (body.length > 0 && isFooter(body.at(-1)!.text)) page.drop(body.pop()!, 'footer');

  if (page.publisher === null && page.contactDomain !== null) page.publisher = publisherFromDomain(page.contactDomain, lines);

  const removed = [...page.removed].sort((a, b) => a.line.index - b.line.index);
  return {
    title: page.title,
    authors: page.authors,
    published: page.published,
    publisher: page.publisher,
    paragraphs: body.map((line) => line.text),
    removed: removed.map(({ line, reason }) => ({ line: line.text, reason })),
  };
}
