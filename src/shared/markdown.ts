import { isSafeUrl } from './url.ts';

/** Discord Markdown for text shown as is: its emphasis, code and spoiler marks escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~`|])/g, '\\$1');
}

/**
 * `[text](url)` for a URL that is safe in Markdown (see checkDocumentUrl); the text alone for
 * any other, which cannot then close the link early or turn into a masked link elsewhere.
 */
export function markdownLink(text: string, url: string | null | undefined): string {
  return url && isSafeUrl(url) ? `[${text}](${url})` : text;
}

/** A URL to show as text: as is when safe, else in code marks with its Markdown-breaking characters encoded. */
export function markdownUrl(url: string): string {
  return isSafeUrl(url) ? url : `\`${url.replace(/[`\s]/g, (c) => encodeURIComponent(c))}\``;
}
