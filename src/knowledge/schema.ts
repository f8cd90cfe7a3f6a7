import { z } from 'zod';
import { checkDocumentUrl } from '../shared/url.ts';

/** A calendar date as written in front matter: full (2023-03-23), month (2023-04) or year (2023). */
export const PartialIsoDate = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/, 'must be an ISO date: YYYY, YYYY-MM or YYYY-MM-DD')
  .refine((value) => value.length < 10 || !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), 'is not a real calendar date');

/** A source address as Markdown and Discord's link buttons can take it (see checkDocumentUrl); refused with a reason otherwise. */
export const DocumentUrl = z.string().transform((value, ctx) => {
  const checked = checkDocumentUrl(value);
  if (checked.ok) return checked.url;
  ctx.addIssue({ code: 'custom', message: checked.message });
  return z.NEVER;
});

const Slug = z
  .string()
  .min(3)
  .max(80)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a lowercase slug (letters, digits, single hyphens)');

/**
 * A paragraph's search terms: one string, terms separated by `;` (`"sitdown; top ask; who gets
 * caught"`: one YAML scalar parses several times faster than a list of them, and the real files
 * hold thousands), or a list.
 */
const TermList = z
  .union([z.string().transform((text) => text.split(';')), z.array(z.string())], { error: 'must be terms separated by ";" ("sitdown; top ask"), or a list of them' })
  .transform((terms) => terms.map((term) => term.trim()).filter((term) => term.length > 0))
  .pipe(z.array(z.string().max(80, 'a term must be at most 80 characters')).min(1, 'must hold at least one term').max(60, 'must hold at most 60 terms'));

/**
 * Words people ask with for one paragraph, which it does not use itself (`sitdown` for a
 * meeting, `who gets caught` for arrests): curated search metadata, matched at a lower weight
 * than the text (TERMS_QUALITY). `starts` is the paragraph's first words as written.
 */
export const SearchTermsEntry = z
  .object({
    starts: z.string().trim().min(3, 'must be the first words of a paragraph').max(300),
    terms: TermList,
  })
  .strict();
export type SearchTermsEntry = z.infer<typeof SearchTermsEntry>;

/**
 * Front matter of one knowledge file. Unknown metadata is `null`, never guessed:
 * a publisher, date or URL the source does not state stays null.
 */
export const FrontMatter = z
  .object({
    id: Slug,
    title: z.string().trim().min(1, 'must not be empty').max(300),
    publisher: z.string().trim().min(1).nullable(),
    authors: z.array(z.string().trim().min(1)).default([]),
    // A date arrives as the string written (the loader's YAML has no timestamps), except a
    // bare year, which YAML reads as a number: `published: 2023` means the year 2023.
    published: z.preprocess((value) => (typeof value === 'number' && Number.isInteger(value) ? String(value) : value), PartialIsoDate.nullable()),
    url: DocumentUrl.nullable().default(null),
    origin: z.string().trim().min(1, 'must name the source file'),
    topics: z.array(z.string().trim().toLowerCase().min(2)).default([]),
    search_terms: z.array(SearchTermsEntry).max(2000).optional(),
  })
  .strict();

export type FrontMatter = z.infer<typeof FrontMatter>;

export interface KnowledgeDocument extends FrontMatter {
  /** File name inside the knowledge folder, e.g. `us-citizens-main-smugglers.md`. */
  file: string;
  /** Article paragraphs, verbatim, in order. Paragraph n (1-based) is `paragraphs[n - 1]`. */
  paragraphs: string[];
  /** sha256 of the normalised body, used to refuse duplicate documents. */
  bodyHash: string;
}

/** One problem with one knowledge file: enough to find and fix it. */
export interface KnowledgeProblem {
  file: string;
  field: string;
  message: string;
}
