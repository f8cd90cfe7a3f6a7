/** What curation has read off the page so far (metadata the page states), and the lines it has taken out. */
import type { ParsedDate } from './datelines.ts';
import { normaliseName } from './names.ts';
import type { Line, RemovalReason } from './types.ts';

export class PageReading {
  title: string | null = null;
  readonly authors: string[] = [];
  published: string | null = null;
  publisher: string | null = null;
  /** The site's own domain, from a contact address in the header: the publisher when no line names one. */
  contactDomain: string | null = null;
  /** The last byline line read named authors: a publication line right after it is their outlet. */
  afterAuthor = false;
  readonly removed: { line: Line; reason: RemovalReason }[] = [];

  drop(line: Line, reason: RemovalReason): void {
    this.removed.push({ line, reason });
  }

  /** Adds authors in byline order, each once, upper-case names in name case. */
  addAuthors(names: string[]): void {
    for (const name of names.map(normaliseName)) if (!this.authors.includes(name)) this.authors.push(name);
  }

  /** The first dateline that states a year is the publication date; later ones are ignored. */
  setDate(date: ParsedDate | null): void {
    if (date && this.published === null && date.iso !== null) this.published = date.iso;
  }
}
