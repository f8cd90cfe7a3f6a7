/** The header zone, before the title: navigation, logos, section names, datelines, a masthead, then the title. */
import { contactDomainOf } from './contacts.ts';
import { parseDateLine } from './datelines.ts';
import { parseNameList } from './names.ts';
import { isNavigation } from './navigation.ts';
import { isPublicationLine } from './publisher.ts';
import type { PageReading } from './reading.ts';
import { wordCount } from './text.ts';
import type { Line } from './types.ts';

/**
 * Reads line `i` as a header line. Returns the zone the next line is read in when the line is
 * taken ('header', or 'byline' once it was the title), or null when the body starts here.
 */
export function readHeaderLine(page: PageReading, lines: Line[], i: number): 'header' | 'byline' | null {
  const line = lines[i]!;
  const text = line.text;
  const next = lines[i + 1]?.text;
  if (isNavigation(text)) {
    const domain = contactDomainOf(text);
    if (domain && !page.contactDomain) page.contactDomain = domain;
    page.drop(line, 'navigation');
    return 'header';
  }
  const date = parseDateLine(text);
  if (date) {
    page.setDate(date);
    page.drop(line, 'dateline');
    return 'header';
  }
  if (isPublicationLine(text) && next !== undefined && looksLikeTitle(next) && !isPublicationLine(next) && parseNameList(next) === null) {
    // A masthead above the headline.
    page.publisher ??= text;
    page.drop(line, 'navigation');
    return 'header';
  }
  if (looksLikeTitle(text)) {
    page.title = text;
    page.drop(line, 'title');
    return 'byline';
  }
  return null;
}

/** The title: the first line past the header chrome that reads like a headline, not a paragraph. */
function looksLikeTitle(text: string): boolean {
  if (text.length > 250 || wordCount(text) < 2) return false;
  // A headline does not end like a sentence or a clause.
  return !/[.,;:]$/.test(text);
}
