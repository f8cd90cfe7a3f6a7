/** The shapes the curation modules share. */

/** Why a line was taken out of the article: the rule that recognised it as page chrome. */
export type RemovalReason =
  | 'navigation'
  | 'image'
  | 'photo-credit'
  | 'caption'
  | 'comments'
  | 'teaser'
  | 'byline'
  | 'title'
  | 'dateline'
  | 'footer'
  | 'language-link'
  | 'search-box';

/** A non-empty page line, trimmed, with its position in the page (removed lines are reported in page order). */
export interface Line {
  text: string;
  index: number;
}

/**
 * The zones of a page, read in this order: the header (before the title), the byline block
 * (between the title and the first paragraph) and the body.
 */
export type Phase = 'header' | 'byline' | 'body';
