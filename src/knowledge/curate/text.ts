/** Line helpers every curation rule shares. */

/** The number of white-space separated words in a line. */
export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}
