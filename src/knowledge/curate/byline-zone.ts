/** The byline zone, between the title and the first paragraph: authors, dates, publication, section names. */
import { isBylineContinuation, parseByLine, parsePipeByline } from './bylines.ts';
import { parseDateLine } from './datelines.ts';
import { parseNameList } from './names.ts';
import { isSectionName } from './navigation.ts';
import { isPublicationLine } from './publisher.ts';
import type { PageReading } from './reading.ts';
import type { Line } from './types.ts';

/** Reads line `i` as a byline-zone line. Returns 'byline' when the line is taken, or null when the body starts here. */
export function readBylineLine(page: PageReading, lines: Line[], i: number): 'byline' | null {
  const line = lines[i]!;
  const text = line.text;
  const next = lines[i + 1]?.text;
  const date = parseDateLine(text);
  if (date) {
    page.setDate(date);
    page.drop(line, 'dateline');
    page.afterAuthor = false;
    return 'byline';
  }
  const pipe = parsePipeByline(text);
  if (pipe) {
    page.addAuthors(pipe.authors);
    page.setDate(pipe.date);
    page.drop(line, 'byline');
    page.afterAuthor = true;
    return 'byline';
  }
  const by = parseByLine(text);
  if (by) {
    page.addAuthors(by);
    page.drop(line, 'byline');
    page.afterAuthor = true;
    return 'byline';
  }
  if (page.afterAuthor && isPublicationLine(text)) {
    page.publisher ??= text;
    page.drop(line, 'byline');
    page.afterAuthor = false;
    return 'byline';
  }
  const names = parseNameList(text);
  if (names && next !== undefined && (parseDateLine(next) !== null || isPublicationLine(next) || (parseNameList(next) !== null && isBylineContinuation(lines, i + 1)))) {
    page.addAuthors(names);
    page.drop(line, 'byline');
    page.afterAuthor = true;
    return 'byline';
  }
  if (isSectionName(text)) {
    page.drop(line, 'navigation');
    return 'byline';
  }
  return null;
}
