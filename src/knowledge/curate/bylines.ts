/** Byline lines: `By Jane Roe and John Doe`, `A / B | 27/08/2023 12:45 | Analyses`, and runs of name lines. */
import { parseDateLine, type ParsedDate } from './datelines.ts';
import { parseNameList } from './names.ts';
import { isPublicationLine } from './publisher.ts';
import type { Line } from './types.ts';

/** `By EARL ANTHONY WAYNE, former U.S. ambassador to Mexico`, `By Jane Roe and John Doe`. Null when not a byline. */
export function parseByLine(text: string): string[] | null {
  const match = /^by\s+(.+)$/i.exec(text);
  if (!match || text.length > 200) return null;
  // A byline is not a sentence: "By Tuesday, officials had seized 500 pills." is prose.
  if (/[.!?]["”’]?$/.test(text) && !/\b\p{Lu}\.$/u.test(text)) return null;
  const segments = match[1]!.split(/\s*,\s*/);
  const authors: string[] = [];
  for (const segment of segments) {
    const names = parseNameList(segment);
    if (!names) break;
    authors.push(...names);
  }
  return authors.length > 0 ? authors : null;
}

/** `A / B / C | 27/08/2023 12:45 | Analyses`: names, a date and a section separated by pipes. */
export function parsePipeByline(text: string): { authors: string[]; date: ParsedDate | null } | null {
  if (!text.includes('|')) return null;
  const segments = text.split('|').map((segment) => segment.trim()).filter(Boolean);
  if (segments.length < 2) return null;
  let authors: string[] | null = null;
  let date: ParsedDate | null = null;
  for (const segment of segments) {
    const asDate = parseDateLine(segment);
    if (asDate) {
      date ??= asDate;
      continue;
    }
    const names: string[] | null = authors ? null : parseNameList(segment.replace(/^by\s+/i, ''));
    if (names && (names.length > 1 || segment.includes(' '))) authors = names;
  }
  // Names and a date together make a byline; names alone next to a section word could be a menu.
  return authors && date ? { authors, date } : null;
}

/** True when a run of name lines starting at `from` ends in a date or publication line. */
export function isBylineContinuation(lines: Line[], from: number): boolean {
  for (let j = from; j < lines.length && j < from + 4; j += 1) {
    const text = lines[j]!.text;
    if (parseDateLine(text) || isPublicationLine(text)) return true;
    if (!parseNameList(text)) return false;
  }
  return false;
}
