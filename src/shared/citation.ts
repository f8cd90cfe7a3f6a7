import { escapeMarkdown, markdownLink } from './markdown.ts';

/** Where a passage comes from, as far as its document says. */
export interface Citation {
  title: string;
  publisher: string | null;
  /** ISO date (possibly partial) or null when the source does not state it. */
  date: string | null;
  paragraph: number;
  url: string | null;
}

/** `*Title*, Publisher, 23 Mar 2023, ¶4`: unknown parts are left out, never guessed; the title links to the source when its URL is known. */
export function formatCitation(citation: Citation): string {
  const title = escapeMarkdown(citation.title);
  const parts = [markdownLink(`*${title}*`, citation.url)];
  if (citation.publisher) parts.push(escapeMarkdown(citation.publisher));
  parts.push(citation.date ? formatDate(citation.date) : 'undated');
  parts.push(`¶${citation.paragraph}`);
  return parts.join(', ');
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2023-03-23` → `23 Mar 2023`, `2023-04` → `Apr 2023`, `2023` → `2023`. */
export function formatDate(date: string): string {
  const [year, month, day] = date.split('-');
  if (!month) return year ?? date;
  const name = MONTHS[Number(month) - 1] ?? month;
  return day ? `${Number(day)} ${name} ${year}` : `${name} ${year}`;
}
