import { isSafeUrl } from './url.ts';

/** Discord Markdown for text shown as is: its emphasis, code and spoiler marks escaped. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~`|])/g, '\\$1');
}

/** Directional formatting characters: pasted into a reply they reorder the text after them (`\u202E` shows `kcatta` as `attack`). */
const BIDI_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** Half of a character outside the BMP: not text, and Discord may refuse a message holding one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * Combining marks kept on one character. Ordinary text stacks at most a few (Vietnamese two,
 * pointed Hebrew with cantillation about four); "zalgo" text piles up dozens, which spill
 * over the lines around them.
 */
const MAX_MARKS = 4;
const MARK_PILE = new RegExp(`(\\p{M}{${MAX_MARKS}})\\p{M}+`, 'gu');

/**
 * What a person typed (a query), shown back to them as plain text on one line: direction
 * controls and piles of combining marks taken out, line breaks and control characters made
 * spaces (a `#` or `>` cannot start a line), and every character that would make Markdown,
 * a masked link or a mention (`<@id>`, `<#id>`) escaped, so the echo reads as typed.
 * (`@everyone` is left as is: it pings no one, since every reply allows no mentions.)
 */
export function quoteUserText(text: string): string {
  const plain = text
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(BIDI_CONTROLS, '')
    .replace(MARK_PILE, '$1')
    .replace(/[\p{Cc}\s]/gu, ' ');
  return escapeMarkdown(plain).replace(/[[\]<]/g, '\\$&');
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
